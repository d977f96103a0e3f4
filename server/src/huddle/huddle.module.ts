/**
 * The huddle's recorded actions (kept in PostgreSQL, audited, written back to FHIR when turned on) and
 * its twelve-week outcome run charts.
 */
import { Module, type DynamicModule } from '@nestjs/common';
import { oncePerParts, partsFor, type ProcessParts } from '../core/process-parts.js';
import { WardsModule } from '../wards/wards.module.js';
import { HuddleActionsController } from './huddle-actions.controller.js';
import { HuddleActionsService } from './huddle-actions.service.js';
import { WardOutcomesController } from './ward-outcomes.controller.js';
import { WardOutcomesService } from './ward-outcomes.service.js';

@Module({})
export class HuddleModule {
  static register = oncePerParts((parts: ProcessParts): DynamicModule => ({
    module: HuddleModule,
    imports: [WardsModule.register(parts)],
    ...partsFor(parts, {
      screens: [HuddleActionsService, WardOutcomesService],
      controllers: [HuddleActionsController, WardOutcomesController],
    }),
  }));
}
