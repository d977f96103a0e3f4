/** The weekly risk email to inpatient leads (CS-10): schedule, content, the send ledger, previews. */
import { Module, type DynamicModule } from '@nestjs/common';
import { oncePerParts, partsFor, type ProcessParts } from '../core/process-parts.js';
import { DigestContentService } from './digest-content.service.js';
import { DigestController } from './digest.controller.js';
import { DigestProcessor } from './digest.processor.js';
import { DigestScheduler } from './digest.scheduler.js';
import { DigestReadiness } from './digest.readiness.js';
import { DigestService } from './digest.service.js';
import { LeadsService } from './leads.service.js';

@Module({})
export class DigestModule {
  static register = oncePerParts((parts: ProcessParts): DynamicModule => ({
    module: DigestModule,
    ...partsFor(parts, {
      shared: [LeadsService, DigestContentService, DigestService, DigestScheduler, DigestReadiness],
      workers: [DigestProcessor],
      controllers: [DigestController],
    }),
  }));
}
