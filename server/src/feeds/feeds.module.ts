/**
 * Staffing and incidents as CSV feeds (docs/design.md section 6, "Staffing and incidents from CSV
 * feeds"): the upload routes where people and tokens are served, the drop folder's scan where jobs
 * run, and one import both go through.
 */
import { Module, type DynamicModule } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { oncePerParts, partsFor, type ProcessParts } from '../core/process-parts.js';
import { IngestModule } from '../ingest/ingest.module.js';
import { DropFolder } from './drop-folder.adapter.js';
import { FeedDropService } from './feed-drop.service.js';
import { FeedImportService } from './feed-import.service.js';
import { FeedScanProcessor } from './feed-scan.processor.js';
import { FeedScanScheduler } from './feed-scan.scheduler.js';
import { FeedsController } from './feeds.controller.js';

@Module({})
export class FeedsModule {
  static register = oncePerParts((parts: ProcessParts): DynamicModule => ({
    module: FeedsModule,
    // The import asks for a poll of the wards a file changed (PollSchedulerService).
    imports: [IngestModule.register(parts)],
    ...partsFor(parts, {
      shared: [FeedImportService],
      workers: [
        {
          provide: DropFolder,
          useFactory: (config: AppConfig) => new DropFolder(config.feeds.dropDir),
          inject: [APP_CONFIG],
        },
        FeedDropService,
        FeedScanScheduler,
        FeedScanProcessor,
      ],
      controllers: [FeedsController],
    }),
  }));
}
