/** The early-warning heat map (CS-8): scoring each ward's measures, the prediction model, history housekeeping. */
import { Module, type DynamicModule } from '@nestjs/common';
import { oncePerParts, partsFor, type ProcessParts } from '../core/process-parts.js';
import { EscalationModule } from '../escalation/escalation.module.js';
import { DayScoresWriter } from './day-scores.writer.js';
import { HeatmapController } from './heatmap.controller.js';
import { HeatmapService } from './heatmap.service.js';
import { MaintenanceProcessor } from './maintenance.processor.js';
import { MaintenanceScheduler } from './maintenance.scheduler.js';
import { ModelRefitService } from './model-refit.service.js';
import { ScoringReadiness } from './scoring.readiness.js';
import { ScoringService } from './scoring.service.js';
import { WardScoreProcessor } from './ward-score.processor.js';

@Module({})
export class ScoringModule {
  static register = oncePerParts((parts: ProcessParts): DynamicModule => ({
    module: ScoringModule,
    imports: [EscalationModule.register(parts)],
    ...partsFor(parts, {
      shared: [ScoringService, ModelRefitService, ScoringReadiness, DayScoresWriter],
      screens: [HeatmapService],
      workers: [WardScoreProcessor, MaintenanceScheduler, MaintenanceProcessor],
      controllers: [HeatmapController],
    }),
    exports: [ScoringService, ModelRefitService, DayScoresWriter, ...(parts.servesScreens ? [HeatmapService] : [])],
  }));
}
