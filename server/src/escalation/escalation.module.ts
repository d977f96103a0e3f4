/** Escalations (CS-9): raised by the scoring job, shown on screens, acknowledged by bed managers, emailed. */
import { Module, type DynamicModule } from '@nestjs/common';
import { oncePerParts, partsFor, type ProcessParts } from '../core/process-parts.js';
import { EscalationNotifier } from './escalation-notifier.service.js';
import { EscalationService } from './escalation.service.js';
import { EscalationsController } from './escalations.controller.js';

@Module({})
export class EscalationModule {
  static register = oncePerParts((parts: ProcessParts): DynamicModule => ({
    module: EscalationModule,
    ...partsFor(parts, { shared: [EscalationNotifier, EscalationService], controllers: [EscalationsController] }),
    exports: [EscalationService],
  }));
}
