/**
 * The application: the adapters created at start-up (configuration already validated, database open,
 * Redis checked), then one Nest module per feature, each bringing what this process's role needs
 * (docs/style.md rule 6): an `api` process serves screens and people, a `worker` runs the jobs, `all`
 * does both.
 */
import { Global, Module, type DynamicModule, type Provider, type Type } from '@nestjs/common';
import type { ClaimMapping } from '@wardflow/shared';
import type { Redis } from 'ioredis';
import type { Params as LoggingParams } from 'nestjs-pino';
import { AdminModule } from './admin/admin.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import type { LoginStateStore } from './auth/login-state.store.js';
import type { OidcClient } from './auth/oidc-client.adapter.js';
import { APP_CONFIG, type AppConfig } from './config/app-config.js';
import type { BoardEvents } from './core/board-events.port.js';
import type { ProcessParts } from './core/process-parts.js';
import {
  ACCESS_MAPPING,
  BOARD_EVENTS,
  CLOCK,
  DATABASE,
  FHIR_READER,
  LOGIN_STATES,
  MAILER,
  METRICS,
  OIDC_CLIENT,
  RATE_LIMITS,
  REDIS,
  type Clock,
} from './core/tokens.js';
import { DevicesModule } from './devices/devices.module.js';
import { DigestModule } from './digest/digest.module.js';
import { FeedsModule } from './feeds/feeds.module.js';
import { EscalationModule } from './escalation/escalation.module.js';
import type { FhirReader } from './fhir/fhir-reader.adapter.js';
import { HealthModule } from './health/health.module.js';
import { HistoryBackfillModule } from './history-backfill/history-backfill.module.js';
import { HistoryImportModule } from './history-import/history-import.module.js';
import { IngestModule } from './ingest/ingest.module.js';
import { LoggingModule } from './logging/logging.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import type { WardflowMetrics } from './metrics/wardflow-metrics.js';
import type { Mailer } from './mail/mailer.adapter.js';
import { PatientsModule } from './patients/patients.module.js';
import { HuddleModule } from './huddle/huddle.module.js';
import { RealtimeModule } from './realtime/realtime.module.js';
import { QueuesModule } from './redis/queues.module.js';
import type { RateLimits } from './redis/rate-limits.adapter.js';
import { ScoringModule } from './scoring/scoring.module.js';
import { SitesModule } from './sites/sites.module.js';
import type { DatabaseHandle } from './store/database.adapter.js';
import { StoreModule } from './store/store.module.js';
import { TokensModule } from './tokens/tokens.module.js';
import { WardsModule } from './wards/wards.module.js';

export interface AppAdapters {
  config: AppConfig;
  database: DatabaseHandle;
  /** The trust's FHIR server; null only for an api role with no FHIR_BASE_URL (patient detail then says so). */
  fhirReader: FhirReader | null;
  redis: Redis;
  boardEvents: BoardEvents;
  clock: Clock;
  /** SMTP, or the outbox folder when SMTP_URL is unset. */
  mailer: Mailer;
  /** Sign-in: the identity provider, the claim mapping in force, sign-ins in progress, rate limits (Redis). */
  identity: { oidc: OidcClient; accessMapping: ClaimMapping; loginStates: LoginStateStore; rateLimits: RateLimits };
  /** Prometheus metrics (GET /metrics); absent in the server's own tests, which then record none. */
  metrics?: WardflowMetrics;
  /** JSON logs with request ids (logging/logging.ts); absent: nothing is logged (tests). */
  logging?: LoggingParams;
}

/** The adapters, under their injection tokens, for every module. */
@Global()
@Module({})
class AdaptersModule {
  static forRoot(adapters: AppAdapters): DynamicModule {
    const providers: Provider[] = [
      { provide: APP_CONFIG, useValue: adapters.config },
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
      ...(adapters.metrics === undefined ? [] : [{ provide: METRICS, useValue: adapters.metrics }]),
    ];
    return {
      module: AdaptersModule,
      providers,
      exports: providers.map((p) => (p as { provide: symbol | string }).provide),
    };
  }
}

@Module({})
export class AppModule {
  static forRoot(adapters: AppAdapters): DynamicModule {
    const { config } = adapters;
    const parts: ProcessParts = { servesScreens: config.role !== 'worker', runsWorkers: config.role !== 'api' };
    return {
      module: AppModule,
      imports: [
        AdaptersModule.forRoot(adapters),
        LoggingModule.forRoot(adapters.logging),
        QueuesModule.forRoot(config.redisUrl, config.queuePrefix),
        StoreModule,
        AuditModule.register(parts),
        AuthModule.register(parts),
        HealthModule,
        ...(adapters.metrics === undefined ? [] : [MetricsModule]),
        DevicesModule.register(parts),
        TokensModule.register(parts),
        IngestModule.register(parts),
        EscalationModule.register(parts),
        ScoringModule.register(parts),
        DigestModule.register(parts),
        WardsModule.register(parts),
        FeedsModule.register(parts),
        HistoryBackfillModule.register(parts),
        ...(parts.servesScreens
          ? [
              SitesModule.register(parts),
              PatientsModule.register(parts),
              HuddleModule.register(parts),
              HistoryImportModule.register(parts),
              AdminModule.register(parts),
              RealtimeModule.register(parts),
            ]
          : []),
      ],
    };
  }
}

/** Every controller a module mounts, its imports' included: for the test that every route declares a policy. */
export function controllersOf(module: DynamicModule): Type[] {
  const seen = new Set<Type>();
  const visit = (m: unknown): void => {
    if (m === null || m === undefined || m instanceof Promise) return;
    const dynamic = typeof m === 'object' && 'module' in m ? (m as DynamicModule) : null;
    const type = (dynamic?.module ?? m) as Type;
    const fromMetadata = (key: string) => (Reflect.getMetadata(key, type) as unknown[] | undefined) ?? [];
    for (const controller of [...fromMetadata('controllers'), ...(dynamic?.controllers ?? [])])
      seen.add(controller as Type);
    for (const imported of [...fromMetadata('imports'), ...(dynamic?.imports ?? [])]) visit(imported);
  };
  visit(module);
  return [...seen];
}
