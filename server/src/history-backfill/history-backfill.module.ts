/** History from day one: ward-days worked out from FHIR and the feeds (docs/operations.md, "History from day one"). */
import { Module, type DynamicModule } from '@nestjs/common';
import { oncePerParts, partsFor, type ProcessParts } from '../core/process-parts.js';
import { IngestModule } from '../ingest/ingest.module.js';
import { ScoringModule } from '../scoring/scoring.module.js';
import { HistoryBackfillController } from './history-backfill.controller.js';
import { HistoryBackfillProcessor } from './history-backfill.processor.js';
import { HistoryBackfillRunner, HistoryBackfillService } from './history-backfill.service.js';
import { WardPastReader } from './ward-past.reader.js';

@Module({})
export class HistoryBackfillModule {
  static register = oncePerParts((parts: ProcessParts): DynamicModule => ({
    module: HistoryBackfillModule,
    // The reader shares the ward poll's request plan (IngestModule) and the scorer's rules (ScoringModule).
    imports: [IngestModule.register(parts), ScoringModule.register(parts)],
    ...partsFor(parts, {
      shared: [HistoryBackfillService],
      workers: [WardPastReader, HistoryBackfillRunner, HistoryBackfillProcessor],
      controllers: [HistoryBackfillController],
    }),
  }));
}
