/**
 * The application, assembled from adapters created at start-up (configuration already validated,
 * database open, Redis checked). Workers are registered only in the `worker` and `all` roles (docs/style.md rule 6).
 */
import { BullModule } from '@nestjs/bullmq';
import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { QUEUES, type ClaimMapping } from '@wardflow/shared';
import type { Redis } from 'ioredis';
import { ConfigController } from './admin/config.controller.js';
import { AuditController } from './audit/audit.controller.js';
import { AuditService } from './audit/audit.service.js';
import { AccessGuard } from './auth/access.guard.js';
import { CredentialsService } from './auth/credentials.service.js';
import type { LoginStateStore } from './auth/login-state.store.js';
import type { OidcClient } from './auth/oidc-client.adapter.js';
import type { RateLimits } from './redis/rate-limits.adapter.js';
import { SessionController } from './auth/session.controller.js';
import { SessionService } from './auth/session.service.js';
import { SessionsController } from './auth/sessions.controller.js';
import { SignInController } from './auth/sign-in.controller.js';
import { WardDirectory } from './auth/ward-directory.service.js';
import { APP_CONFIG, type AppConfig } from './config/app-config.js';
import { ACCESS_MAPPING, BOARD_EVENTS, CLOCK, DATABASE, FHIR_READER, LOGIN_STATES, MAILER, OIDC_CLIENT, RATE_LIMITS, REDIS, type Clock } from './core/tokens.js';
import { DevicesController } from './devices/devices.controller.js';
import { DeviceService } from './devices/device.service.js';
import type { FhirReader } from './fhir/fhir-reader.adapter.js';
import { PatientDetailController } from './patients/patient-detail.controller.js';
import { PatientDetailService } from './patients/patient-detail.service.js';
import { AccessSweeper } from './realtime/access-sweeper.service.js';
import { AuditRepository } from './store/audit.repository.js';
import { DeviceRepository } from './store/device.repository.js';
import { SessionRepository } from './store/session.repository.js';
import { TokenRepository } from './store/token.repository.js';
import { TokensController } from './tokens/tokens.controller.js';
import { TokenService } from './tokens/token.service.js';
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
import { HistoryImportController } from './history-import/history-import.controller.js';
import { HistoryImportService } from './history-import/history-import.service.js';
import { IngestService } from './ingest/ingest.service.js';
import { PollSchedulerService } from './ingest/poll-scheduler.service.js';
import { WardDiscoveryService } from './ingest/ward-discovery.service.js';
import { WardFetchService } from './ingest/ward-fetch.service.js';
import { WardPollProcessor } from './ingest/ward-poll.processor.js';
import type { BoardEvents } from './core/board-events.port.js';
import { RealtimeService } from './realtime/realtime.service.js';
import { WardGateway } from './realtime/ward.gateway.js';
import { HeatmapController } from './scoring/heatmap.controller.js';
import { HeatmapService } from './scoring/heatmap.service.js';
import { MaintenanceProcessor, MaintenanceScheduler } from './scoring/maintenance.processor.js';
import { ModelRefitService } from './scoring/model-refit.service.js';
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
  /** The trust's FHIR server (or the simulator); null only for an api role with no FHIR_BASE_URL (patient detail then says so). */
  fhirReader: FhirReader | null;
  redis: Redis;
  boardEvents: BoardEvents;
  clock: Clock;
  /** SMTP, or the outbox folder when SMTP_URL is unset. */
  mailer: Mailer;
  /** Sign-in: the identity provider, the claim mapping in force, sign-ins in progress, rate limits (Redis). */
  identity: { oidc: OidcClient; accessMapping: ClaimMapping; loginStates: LoginStateStore; rateLimits: RateLimits };
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
      { provide: OIDC_CLIENT, useValue: adapters.identity.oidc },
      { provide: ACCESS_MAPPING, useValue: adapters.identity.accessMapping },
      { provide: LOGIN_STATES, useValue: adapters.identity.loginStates },
      { provide: RATE_LIMITS, useValue: adapters.identity.rateLimits },
      ...(adapters.fhirReader === null ? [] : [{ provide: FHIR_READER, useValue: adapters.fhirReader }]),
      // Secure by default: every route passes the AccessGuard, and one that declares no policy is refused.
      { provide: APP_GUARD, useClass: AccessGuard },
      AccessGuard,
      { provide: SessionRepository, useFactory: (db: DatabaseHandle) => new SessionRepository(db.db), inject: [DATABASE] },
      { provide: DeviceRepository, useFactory: (db: DatabaseHandle) => new DeviceRepository(db.db), inject: [DATABASE] },
      { provide: TokenRepository, useFactory: (db: DatabaseHandle) => new TokenRepository(db.db), inject: [DATABASE] },
      { provide: AuditRepository, useFactory: (db: DatabaseHandle) => new AuditRepository(db.db), inject: [DATABASE] },
      CredentialsService,
      WardDirectory,
      AuditService,
      SessionService,
      DeviceService,
      TokenService,
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
      BoardService,
      ScoringService,
      ModelRefitService,
      HistoryImportService,
      PollSchedulerService,
      ...(runsWorkers
        ? [WardDiscoveryService, WardFetchService, IngestService, WardPollProcessor, WardScoreProcessor,
            MaintenanceScheduler, MaintenanceProcessor, DigestProcessor]
        : []),
      ...(servesScreens ? [HeatmapService, SitesService, WardGateway, RealtimeService, AccessSweeper, PatientDetailService] : []),
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
      controllers: servesScreens
        ? [
            WardsController,
            HeatmapController,
            SitesController,
            EscalationsController,
            SignInController,
            SessionController,
            SessionsController,
            DevicesController,
            TokensController,
            AuditController,
            ConfigController,
            PatientDetailController,
            DigestController,
            HistoryImportController,
            HealthController,
          ]
        : [HealthController],
      providers,
    };
  }
}
