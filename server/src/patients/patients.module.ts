/** Patient detail with identifiers, for signed-in ward staff only, every view audited (SEC-4, SEC-6). */
import { Module, type DynamicModule } from '@nestjs/common';
import { oncePerParts, partsFor, type ProcessParts } from '../core/process-parts.js';
import { EscalationModule } from '../escalation/escalation.module.js';
import { WardsModule } from '../wards/wards.module.js';
import { PatientDetailController } from './patient-detail.controller.js';
import { PatientDetailService } from './patient-detail.service.js';

@Module({})
export class PatientsModule {
  static register = oncePerParts((parts: ProcessParts): DynamicModule => ({
    module: PatientsModule,
    imports: [WardsModule.register(parts), EscalationModule.register(parts)],
    ...partsFor(parts, { screens: [PatientDetailService], controllers: [PatientDetailController] }),
  }));
}
