/** The audit log (SEC-6): every feature records through AuditService; the log is read at /api/audit. */
import { Global, Module, type DynamicModule } from '@nestjs/common';
import { oncePerParts, partsFor, type ProcessParts } from '../core/process-parts.js';
import { AuditController } from './audit.controller.js';
import { AuditService } from './audit.service.js';

@Global()
@Module({})
export class AuditModule {
  static register = oncePerParts((parts: ProcessParts): DynamicModule => ({
    module: AuditModule,
    ...partsFor(parts, { shared: [AuditService], controllers: [AuditController] }),
    exports: [AuditService],
  }));
}
