/**
 * The application, assembled from adapters created at start-up (configuration already validated,
 * database open, Redis checked). Workers are registered only in the `worker` and `all` roles (STYLE 6).
 */
import { BullModule } from '@nestjs/bullmq';
import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { QUEUES } from '@wardflow/shared';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from './config/app-config.js';
import { BOARD_EVENTS, CLOCK, DATABASE, FHIR_READER, MAILER, REDIS, type Clock } from './core/tokens.js';
import type { FhirReader } from './fhir/fhir-reader.adapter.js';
import { SessionController } from './auth/session.controller.js';
import { SessionService } from './auth/session.service.js';
import { EscalationNotifier } from './escalation/escalation-notifier.service.js';
import { EscalationService } from './escalation/escalation.service.js';
import { EscalationsController } from './escalation/escalations.controller.js';
import { DigestContentService } from './digest/digest-content.service.js';
import { DigestController } from './digest/digest.controller.js';
import { DigestProcessor, DigestScheduler } from './digest/digest.processor.js';
import { DigestService } from './digest/digest.service.js';
import { LeadsService } from './digest/leads.service.js';
import type { Mailer } from './mail/mailer.adapter.js';
import { DigestRepository } from './store/digest.repository.js';
import { HealthController } from './health/health.controller.js';
import { IngestService } from './ingest/ingest.service.js';
import { PollSchedulerService } from './ingest/poll-scheduler.service.js';
import { WardDiscoveryService } from './ingest/ward-discovery.service.js';
import { WardFetchService } from './ingest/ward-fetch.service.js';
import { WardPollProcessor } from './ingest/ward-poll.processor.js';
import type { BoardEvents } from './realtime/board-events.adapter.js';
import { RealtimeService } from './realtime/realtime.service.js';
import { WardGateway } from './realtime/ward.gateway.js';
import { HeatmapController } from './scoring/heatmap.controller.js';
import { HeatmapService } from './scoring/heatmap.service.js';
import { MaintenanceProcessor, MaintenanceScheduler } from './scoring/maintenance.processor.js';
import { ModelRefitService } from './scoring/model-refit.service.js';
import { SimulatedHistoryService } from './scoring/simulated-history.service.js';
import { ScoringService } from './scoring/scoring.service.js';
import { WardScoreProcessor } from './scoring/ward-score.processor.js';
import { BoardRepository } from './store/board.repository.js';
import { EscalationRepository } from './store/escalation.repository.js';
import { ScoreRepository } from './store/score.repository.js';
import { SiteRepository } from './store/site.repository.js';
import { SitesController } from './sites/sites.controller.js';
import { SitesService } from './sites/sites.service.js';
import type { DatabaseHandle } from './store/database.adapter.js';
import { BoardService } from './wards/board.service.js';
import { WardsController } from './wards/wards.controller.js';

export interface AppAdapters {
  config: AppConfig;
  database: DatabaseHandle;
  /** Null in the api role, which never reads FHIR. */
  fhirReader: FhirReader | null;
  redis: Redis;
  boardEvents: BoardEvents;
  clock: Clock;
  /** SMTP, or the outbox folder when SMTP_URL is unset. */
  mailer: Mailer;
}

@Module({})
export class AppModule {
  static forRoot(adapters: AppAdapters): DynamicModule {
    const { config } = adapters;
    const runsWorkers = config.role !== 'api';
    const servesScreens = config.role !== 'worker';
    const providers: Provider[] = [
      { provide: APP_CONFIG, useValue: config },
      { provide: DATABASE, useValue: adapters.database },
      { provide: REDIS, useValue: adapters.redis },
      { provide: BOARD_EVENTS, useValue: adapters.boardEvents },
      { provide: CLOCK, useValue: adapters.clock },
      { provide: MAILER, useValue: adapters.mailer },
      { provide: DigestRepository, useFactory: (db: DatabaseHandle) => new DigestRepository(db.db), inject: [DATABASE] },
      LeadsService,
      DigestContentService,
      DigestService,
      DigestScheduler,
      { provide: BoardRepository, useFactory: (db: DatabaseHandle) => new BoardRepository(db.db), inject: [DATABASE] },
      { provide: ScoreRepository, useFactory: (db: DatabaseHandle) => new ScoreRepository(db.db), inject: [DATABASE] },
      { provide: SiteRepository, useFactory: (db: DatabaseHandle) => new SiteRepository(db.db), inject: [DATABASE] },
      { provide: EscalationRepository, useFactory: (db: DatabaseHandle) => new EscalationRepository(db.db), inject: [DATABASE] },
      EscalationNotifier,
      EscalationService,
      SessionService,
      BoardService,
      ScoringService,
      PollSchedulerService,
      ...(runsWorkers
        ? [{ provide: FHIR_READER, useValue: adapters.fhirReader }, WardDiscoveryService, WardFetchService, IngestService, WardPollProcessor, WardScoreProcessor,
            ModelRefitService, SimulatedHistoryService, MaintenanceScheduler, MaintenanceProcessor, DigestProcessor]
        : []),
      ...(servesScreens ? [HeatmapService, SitesService, WardGateway, RealtimeService] : []),
    ];
    return {
      module: AppModule,
      imports: [
        BullModule.forRoot({ connection: { url: config.redisUrl, maxRetriesPerRequest: null }, prefix: config.queuePrefix }),
        BullModule.registerQueue({
          name: QUEUES.wardScore,
          defaultJobOptions: { attempts: 5, backoff: { type: 'exponential', delay: 2_000 }, removeOnComplete: { count: 500 }, removeOnFail: { count: 1_000 } },
        }),
        BullModule.registerQueue({
          name: QUEUES.maintenance,
          defaultJobOptions: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 }, removeOnComplete: { count: 50 }, removeOnFail: { count: 200 } },
        }),
        BullModule.registerQueue({
          name: QUEUES.weeklyDigest,
          // A failed send is retried a few times over about an hour (1, 2, 4, 8, 16 min); each retry sends only the failed rows.
          defaultJobOptions: { attempts: 6, backoff: { type: 'exponential', delay: 60_000 }, removeOnComplete: { count: 100 }, removeOnFail: { count: 200 } },
        }),
        BullModule.registerQueue({
          name: QUEUES.wardPoll,
          defaultJobOptions: {
            attempts: 3,
            backoff: { type: 'exponential', delay: 5_000 },
            removeOnComplete: { count: 200 },
            removeOnFail: { count: 1_000 },
          },
        }),
      ],
      controllers: servesScreens ? [WardsController, HeatmapController, SitesController, EscalationsController, SessionController, DigestController, HealthController] : [HealthController],
      providers,
    };
  }
}
