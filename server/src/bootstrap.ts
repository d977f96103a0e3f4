/**
 * Start-up in a fixed order, each step failing with a message a trust's IT team can act on:
 * Redis reachable, database open and migrated, the trust's FHIR server,
 * wards discovered, sign-in (the trust's identity provider, or the demo's embedded one), then the Nest
 * application with its schedulers, listening on one address that serves the API, Socket.IO and the
 * built client behind the same guards and headers.
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { DiscoveryService, NestFactory } from '@nestjs/core';
import { WorkerHost } from '@nestjs/bullmq';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { SERVER_RESTART_GRACE_MS, wardSource, type Ward } from '@wardflow/shared';
import type { Redis } from 'ioredis';
import { AppModule, type AppAdapters } from './app.module.js';
import { LoginStateStore } from './auth/login-state.store.js';
import { OidcClient } from './auth/oidc-client.adapter.js';
import { RateLimits } from './redis/rate-limits.adapter.js';
import { CredentialsService } from './auth/credentials.service.js';
import { withListenPort, type AppConfig } from './config/app-config.js';
import { demoClaimMapping, demoScope, describeDemoUsers } from './embedded-idp/demo-access.js';
import { startEmbeddedProvider } from './embedded-idp/embedded-oidc-provider.js';
import { applyHttpSecurity } from './auth/http-security.js';
import { mountQueueBoard } from './admin/queue-board.js';
import { SecureIoAdapter } from './realtime/secure-io.adapter.js';
import { WardGateway } from './realtime/ward.gateway.js';
import { HealthService } from './health/health.service.js';
import { TokenService } from './tokens/token.service.js';
import type { Clock } from './core/tokens.js';
import { DigestScheduler } from './digest/digest.scheduler.js';
import { FeedScanScheduler } from './feeds/feed-scan.scheduler.js';
import { HistoryBackfillService } from './history-backfill/history-backfill.service.js';
import { allowedEmailDomains, LeadsService } from './digest/leads.service.js';
import { createFhirAuth } from './fhir/fhir-auth.js';
import { FhirReader } from './fhir/fhir-reader.adapter.js';
import { PollSchedulerService } from './ingest/poll-scheduler.service.js';
import { NodemailerMailer } from './mail/mailer.adapter.js';
import { WardLifecycleService, wardsChangedBy } from './ingest/ward-lifecycle.service.js';
import type { BoardEvents } from './core/board-events.port.js';
import { RedisBoardEvents } from './redis/board-events.adapter.js';
import { checkRedis, createRedis } from './redis/redis.adapter.js';
import { MaintenanceScheduler } from './scoring/maintenance.scheduler.js';
import { createNestLogger, loggingParams } from './logging/logging.js';
import { WardflowMetrics } from './metrics/wardflow-metrics.js';
import { BoardRepository } from './store/board.repository.js';
import { openDatabase, type DatabaseHandle } from './store/database.adapter.js';

/** A start-up failure with the reason and what to do about it. */
export class StartupError extends Error {
  override name = 'StartupError';
}

export interface RunningWardflow {
  url: string;
  fhirBaseUrl: string | null;
  app: NestExpressApplication;
  /** The demo's embedded identity provider: where it is, its users and their password (demo only). */
  demoSignIn: { issuer: string; password: string; users: string[] } | null;
  close(): Promise<void>;
}

export async function startWardflow(
  givenConfig: AppConfig,
  options: { clock?: Clock; logger?: false } = {},
): Promise<RunningWardflow> {
  // JSON lines from the first one: every `new Logger(...)` writes through pino once overridden.
  const logging = options.logger === false ? undefined : loggingParams(givenConfig);
  if (logging !== undefined) Logger.overrideLogger(createNestLogger(logging));
  const logger = new Logger('Wardflow');
  const clock = options.clock ?? Date.now;
  const cleanups: Array<() => Promise<void> | void> = [];
  const closeAll = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };

  try {
    // PORT=0 takes a free port now, so the sign-in return address and the Origin allow-list know it.
    const config = givenConfig.port === 0 ? withListenPort(givenConfig, await freePort(givenConfig.host)) : givenConfig;
    await checkRedisOrExplain(config, logger);
    const database = await openDatabaseOrExplain(config);
    cleanups.push(() => database.close());

    const metrics = new WardflowMetrics();
    const redis = createRedis(config.redisUrl);
    const boardEvents = new RedisBoardEvents(
      createRedis(config.redisUrl),
      createRedis(config.redisUrl),
      config.queuePrefix,
    );
    cleanups.push(() => redis.disconnect());
    cleanups.push(() => boardEvents.close());

    // Workers poll it; API processes read one patient's identifiers from it for patient detail.
    const fhirReader =
      config.fhirBaseUrl === null
        ? null
        : new FhirReader({
            baseUrl: config.fhirBaseUrl,
            timeoutMs: config.fhirTimeoutMs,
            auth: fhirAuthOrExplain(config, config.fhirBaseUrl),
            onRequest: (status, seconds) => metrics.fhirRequestDone(status, seconds),
          });
    // The API role never polls FHIR: it serves what workers stored. Workers read the trust's server
    // (configuration refuses a worker without one; the demo points it at the FHIR simulator).
    const polls = config.role !== 'api' && fhirReader !== null;
    const known = await knownWards(
      config,
      new BoardRepository(database.db),
      polls ? fhirReader : null,
      clock,
      logger,
      boardEvents,
    );

    const signIn = await startSignIn(config, redis, known, logger);
    cleanups.push(signIn.close);
    // SMTP connects on the first send; without SMTP_URL emails become files in the data folder's outbox.
    const mailer = new NodemailerMailer({
      smtpUrl: config.digest.smtpUrl,
      from: config.digest.from,
      outboxDir: join(config.dataDir, 'outbox'),
      allowedDomains: allowedEmailDomains(config),
      timeoutMs: config.digest.smtpTimeoutMs,
    });
    cleanups.push(() => mailer.close());

    const app = await createApp(
      { config, database, fhirReader, redis, boardEvents, clock, mailer, identity: signIn.identity, logging, metrics },
      options.logger,
    );
    cleanups.push(() => app.close());
    if (config.auth.demoApiToken !== null) await app.get(TokenService).ensureDemoToken(config.auth.demoApiToken);
    if (polls && fhirReader !== null)
      await scheduleJobs(app, config, await pollableWards(config, database, fhirReader));

    await app.listen(config.port, config.host);
    const close = async () => {
      // Screens first, while their connections are open. Then the workers stop taking jobs and finish
      // those in progress (main.ts bounds the wait by SHUTDOWN_TIMEOUT), while Redis, the queues and
      // the database they need are all still open. Then app.close() and the adapters.
      app.get(HealthService).markClosing();
      if (config.role !== 'worker') app.get(WardGateway).announceRestart(SERVER_RESTART_GRACE_MS);
      await finishJobsInProgress(app);
      await closeAll();
    };
    return { url: config.publicUrl, fhirBaseUrl: config.fhirBaseUrl, app, demoSignIn: signIn.demo, close };
  } catch (error) {
    await closeAll().catch(() => undefined);
    throw error;
  }
}

async function checkRedisOrExplain(config: AppConfig, logger: Logger): Promise<void> {
  const redisCheck = await checkRedis(config.redisUrl);
  if (!redisCheck.ok) {
    throw new StartupError(
      `Redis at ${redisAddress(config.redisUrl)} is ${redisCheck.detail}.\n` +
        `  Start Redis (Debian/Ubuntu: apt-get install redis-server), or set REDIS_URL to a reachable Redis.`,
    );
  }
  const evicting = redisCheck.maxmemoryPolicy !== null && redisCheck.maxmemoryPolicy !== 'noeviction';
  // An evicting Redis drops queued polls, digests and backfills without a word when memory is short:
  // a trust's deployment must not run on one. The demo warns and goes on (a developer's own Redis).
  if (evicting && !config.demo)
    throw new StartupError(
      `Redis at ${redisAddress(config.redisUrl)} has maxmemory-policy ${redisCheck.maxmemoryPolicy}: queued work could be evicted and lost.\n` +
        `  Set it to noeviction (redis.conf: maxmemory-policy noeviction; or redis-cli CONFIG SET maxmemory-policy noeviction).`,
    );
  if (evicting || redisCheck.persistence === 'none' || redisCheck.maxmemoryPolicy === null)
    logger.warn(`Redis ${redisCheck.detail}`);
}

/** Where Redis is, without its password: start-up messages are logged. */
function redisAddress(url: string): string {
  try {
    const { host } = new URL(url);
    return host;
  } catch {
    return 'REDIS_URL';
  }
}

async function openDatabaseOrExplain(config: AppConfig): Promise<DatabaseHandle> {
  return openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }).catch((error: unknown) => {
    throw new StartupError(
      `Database ${config.databaseUrl === null ? `(embedded, in ${config.dataDir})` : 'at DATABASE_URL'} could not be opened: ${(error as Error).message}`,
    );
  });
}

/**
 * The wards to serve: discovered on the FHIR server by a process that polls, reconciled with those
 * stored (ward-lifecycle.service.ts: wards gone from the server retire, wards of another server never
 * mix with these), or those known from before when discovery fails and some are known; a first start
 * that finds none cannot go on. Returns every ward stored, live and retired; only live ones are polled.
 */
async function knownWards(
  config: AppConfig,
  repository: BoardRepository,
  fhir: FhirReader | null,
  clock: Clock,
  logger: Logger,
  events: BoardEvents,
): Promise<Ward[]> {
  if (fhir !== null) {
    try {
      const { changes } = await new WardLifecycleService(repository, fhir, config, clock).refresh();
      // Screens and other API processes hear of wards retired, resumed or moved aside at this start
      // at once, as after a reconcile: their kept boards must not outlive the change.
      for (const wardId of wardsChangedBy(changes)) {
        const state = await repository.getBoardState(wardId);
        if (state !== null) await events.publish({ wardId, version: state.version });
      }
    } catch (error) {
      const known = await repository.liveWards();
      if (known.length === 0) {
        throw new StartupError(
          `Could not discover wards on the FHIR server at ${config.fhirBaseUrl}: ${(error as Error).message}.\n` +
            `  Check FHIR_BASE_URL and that the server is reachable from here.`,
        );
      }
      logger.warn(
        `Ward discovery failed (${(error as Error).message}); using the ${known.length} wards known from before`,
      );
    }
  }
  const known = await repository.listWards();
  const unknownDisplay = Object.keys(config.wardDisplay).filter((id) => !known.some((w) => w.id === id));
  if (unknownDisplay.length > 0)
    logger.warn(`WARDS_CONFIG wards names wards the FHIR server does not have: ${unknownDisplay.join(', ')}`);
  return known;
}

/**
 * The wards to poll: live ones of the FHIR source in use, or stored before sources were recorded.
 * After a failed discovery, wards of another source are still stored as live; they are not polled
 * against this server (where ids may collide with another trust's), and retire at the next
 * discovery that succeeds.
 */
async function pollableWards(config: AppConfig, database: DatabaseHandle, fhir: FhirReader): Promise<Ward[]> {
  return new BoardRepository(database.db).pollableWards(wardSource(config.fhirSourceId, fhir.baseUrl));
}

/** Sign-in: the trust's identity provider, or (demo only, configuration enforces it) the embedded one. */
async function startSignIn(
  config: AppConfig,
  redis: Redis,
  known: readonly Ward[],
  logger: Logger,
): Promise<{
  identity: AppAdapters['identity'];
  demo: RunningWardflow['demoSignIn'];
  close: () => Promise<void> | void;
}> {
  const rateLimits = new RateLimits(redis, config.queuePrefix);
  const redirectUri = `${config.publicUrl}/auth/callback`;
  const accessMapping = config.auth.accessMapping ?? demoClaimMapping(demoScope(known));
  const loginStates = new LoginStateStore(redis, config.queuePrefix);
  if (config.auth.oidc !== null) {
    const oidc = new OidcClient(config.auth.oidc, redirectUri);
    if (!(await oidc.reachable())) {
      logger.warn(
        `The identity provider at ${config.auth.oidc.issuer} is not reachable yet: sign-in will retry it; wall screens are unaffected`,
      );
    }
    return { identity: { oidc, accessMapping, loginStates, rateLimits }, demo: null, close: () => undefined };
  }
  const password = config.auth.demoPassword ?? randomBytes(9).toString('base64url');
  const provider = await startEmbeddedProvider({
    port: config.auth.embeddedProviderPort,
    appUrl: config.publicUrl,
    password,
    rateLimits,
  });
  const oidc = new OidcClient(
    {
      issuer: provider.issuer,
      clientId: provider.clientId,
      clientAuth: { kind: 'client_secret_basic', secret: provider.clientSecret },
      scopes: 'openid profile email',
    },
    redirectUri,
  );
  return {
    identity: { oidc, accessMapping, loginStates, rateLimits },
    demo: { issuer: provider.issuer, password, users: describeDemoUsers(demoScope(known)) },
    close: () => provider.close(),
  };
}

/** The Nest application behind the security headers, the Origin allow-list and the guards, serving the client too. */
async function createApp(adapters: AppAdapters, logger: false | undefined): Promise<NestExpressApplication> {
  const { config } = adapters;
  // Only JSON bodies are read (SEC-8); what stops another site's forms and scripts is the Origin allow-list.
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(adapters), {
    logger: logger === false || adapters.logging === undefined ? false : createNestLogger(adapters.logging),
    bodyParser: false,
  });
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  applyHttpSecurity(app, {
    publicOrigin: config.publicOrigin,
    https: config.auth.secureCookies,
    credentials: app.get(CredentialsService),
  });
  app.useBodyParser('json', { limit: '16kb' });
  app.setGlobalPrefix('api', { exclude: ['auth/login', 'auth/callback', 'metrics'] });
  app.useWebSocketAdapter(new SecureIoAdapter(app, config.publicOrigin));
  // No enableShutdownHooks(): main.ts handles SIGTERM, so jobs finish before anything is closed (Nest's
  // own handler would close the queues at once, under the jobs still running).
  // Admins' view of the job queues (read only), in the processes people use.
  if (config.role !== 'worker') mountQueueBoard(app);
  serveClient(app, config.clientDistDir);
  return app;
}

/**
 * The recurring jobs, upserted at every start: history housekeeping, the weekly digest, the CSV feeds'
 * drop folder, a poll per ward.
 */
async function scheduleJobs(app: NestExpressApplication, config: AppConfig, known: readonly Ward[]): Promise<void> {
  await app.get(MaintenanceScheduler).schedule();
  await app
    .get(DigestScheduler)
    .schedule()
    .catch((error: unknown) => {
      throw new StartupError(
        `DIGEST_SCHEDULE "${config.digest.schedule}" was not accepted as a cron pattern: ${(error as Error).message}`,
      );
    });
  await app.get(FeedScanScheduler).schedule();
  Logger.log(
    `Watching the feeds drop folder ${config.feeds.dropDir} (roster/, incidents/) every ${Math.round(config.feeds.scanIntervalMs / 1000)} s`,
    'Wardflow',
  );
  // Leads naming wards the FHIR server does not have are logged now, not discovered on Monday.
  await app.get(LeadsService).problems();
  await app.get(PollSchedulerService).scheduleWards(known.map((w) => w.id));
  await app.get(PollSchedulerService).scheduleDiscovery();
  // History from day one: a run left running is carried on; with none ever, first start backfills.
  await app.get(HistoryBackfillService).resumeOrBegin();
}

/**
 * Closes every BullMQ worker of this process, which takes no new job and resolves once the jobs in
 * progress are done. Nest would close them too, but in no set order with the queues a finishing job
 * still writes to ("Connection is closed"), so it is done first, on its own.
 */
async function finishJobsInProgress(app: NestExpressApplication): Promise<void> {
  const workers = app
    .get(DiscoveryService)
    .getProviders()
    .map((wrapper) => wrapper.instance as unknown)
    .filter((instance): instance is WorkerHost => instance instanceof WorkerHost);
  await Promise.all(workers.map((host) => host.worker.close()));
}

/** The configured FHIR credentials, or a start-up error saying what is wrong with them (never the secret). */
function fhirAuthOrExplain(config: AppConfig, fhirBaseUrl: string) {
  try {
    return createFhirAuth(config.fhirAuth, fhirBaseUrl, { timeoutMs: config.fhirTimeoutMs });
  } catch (error) {
    throw new StartupError(`FHIR_AUTH=${config.fhirAuth.kind}: ${(error as Error).message}`);
  }
}

/** A free TCP port on the bind address (PORT=0). */
function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Serves the built client from the same port, with history-API fallback for its routes. Source maps
 * are never served (SEC-8): the build makes none, and a stray one is refused.
 */
function serveClient(app: NestExpressApplication, distDir: string | null): void {
  if (distDir === null || !existsSync(join(distDir, 'index.html'))) {
    app.use((req: Request, res: Response, next: NextFunction) => {
      if (req.method === 'GET' && req.path === '/') {
        res.type('text').send('Wardflow API is running; the client is not built (npm run build -w client).');
        return;
      }
      next();
    });
    return;
  }
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.path.endsWith('.map')) {
      res.status(404).end();
      return;
    }
    next();
  });
  app.useStaticAssets(distDir, { index: false, maxAge: '1h' });
  const index = join(distDir, 'index.html');
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (
      req.method !== 'GET' ||
      req.path.startsWith('/api') ||
      req.path.startsWith('/auth/') ||
      req.path.startsWith('/socket.io') ||
      req.path === '/metrics'
    )
      return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}
