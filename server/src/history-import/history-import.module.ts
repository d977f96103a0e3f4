/** Importing days of ward measures from a trust's own records (docs/operations.md, "Importing history"). */
import { Module, type DynamicModule } from '@nestjs/common';
import { oncePerParts, partsFor, type ProcessParts } from '../core/process-parts.js';
import { ScoringModule } from '../scoring/scoring.module.js';
import { HistoryImportController } from './history-import.controller.js';
import { HistoryImportService } from './history-import.service.js';

@Module({})
export class HistoryImportModule {
  static register = oncePerParts((parts: ProcessParts): DynamicModule => ({
    module: HistoryImportModule,
    imports: [ScoringModule.register(parts)],
    ...partsFor(parts, { screens: [HistoryImportService], controllers: [HistoryImportController] }),
  }));
}
