/** Reading the trust's FHIR server: ward discovery, the poll schedulers, and the poll job itself. */
import { Module, type DynamicModule } from '@nestjs/common';
import { oncePerParts, partsFor, type ProcessParts } from '../core/process-parts.js';
import { IngestReadiness } from './ingest.readiness.js';
import { IngestService } from './ingest.service.js';
import { PollSchedulerService } from './poll-scheduler.service.js';
import { RequestPlanService } from './request-plan.service.js';
import { WardDiscoveryService } from './ward-discovery.service.js';
import { WardLifecycleService } from './ward-lifecycle.service.js';
import { WardFetchService } from './ward-fetch.service.js';
import { WardPollProcessor } from './ward-poll.processor.js';

@Module({})
export class IngestModule {
  static register = oncePerParts((parts: ProcessParts): DynamicModule => ({
    module: IngestModule,
    ...partsFor(parts, {
      // Every process can ask for a poll now; only workers poll.
      shared: [PollSchedulerService, IngestReadiness],
      workers: [
        WardDiscoveryService,
        WardLifecycleService,
        RequestPlanService,
        WardFetchService,
        IngestService,
        WardPollProcessor,
      ],
    }),
    // The request plan is one per worker: the history backfill reads the server under the poll's plan.
    exports: [PollSchedulerService, ...(parts.runsWorkers ? [RequestPlanService] : [])],
  }));
}
