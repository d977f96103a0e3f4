/**
 * Start-up in a fixed order, each step failing with a message a trust's IT team can act on:
 * Redis reachable, database open and migrated, FHIR source (the trust's, or the embedded simulator),
 * wards discovered, then the Nest application with its schedulers, listening on one port that
 * serves the API, Socket.IO and the built client.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import 'reflect-metadata';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/app-config.js';
import type { Clock } from './core/tokens.js';
import { DigestScheduler } from './digest/digest.processor.js';
import { allowedEmailDomains, LeadsService } from './digest/leads.service.js';
import { createFhirAuth } from './fhir/fhir-auth.js';
import { FhirReader } from './fhir/fhir-reader.adapter.js';
import { PollSchedulerService } from './ingest/poll-scheduler.service.js';
import { NodemailerMailer } from './mail/mailer.adapter.js';
import { WardDiscoveryService } from './ingest/ward-discovery.service.js';
import { BoardEvents } from './realtime/board-events.adapter.js';
import { checkRedis, createRedis } from './redis/redis.adapter.js';
import { startSimulator, type RunningSimulator } from './simulator/simulator.js';
import { MaintenanceScheduler } from './scoring/maintenance.processor.js';
import { ModelRefitService } from './scoring/model-refit.service.js';
import { SimulatedHistoryService } from './scoring/simulated-history.service.js';
import { BoardRepository } from './store/board.repository.js';
import { openDatabase } from './store/database.adapter.js';

/** A start-up failure with the reason and what to do about it. */
export class StartupError extends Error {
  override name = 'StartupError';
}

export interface RunningWardflow {
  url: string;
  fhirBaseUrl: string | null;
  simulator: RunningSimulator | null;
  app: NestExpressApplication;
  close(): Promise<void>;
}

export async function startWardflow(config: AppConfig, options: { clock?: Clock; logger?: false } = {}): Promise<RunningWardflow> {
  const logger = new Logger('Wardflow');
  const clock = options.clock ?? Date.now;
  const cleanups: Array<() => Promise<void> | void> = [];
  const closeAll = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };

  try {
    const redisCheck = await checkRedis(config.redisUrl);
    if (!redisCheck.ok) {
      throw new StartupError(
        `Redis at ${config.redisUrl} is ${redisCheck.detail}.\n` +
          `  Start Redis (Debian/Ubuntu: apt-get install redis-server), or set REDIS_URL to a reachable Redis.`,
      );
    }
    if (redisCheck.maxmemoryPolicy !== null && redisCheck.maxmemoryPolicy !== 'noeviction') {
      logger.warn(`Redis ${redisCheck.detail}`);
    }

    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }).catch((error: unknown) => {
      throw new StartupError(
        `Database ${config.databaseUrl === null ? `(embedded, in ${config.dataDir})` : 'at DATABASE_URL'} could not be opened: ${(error as Error).message}`,
      );
    });
    cleanups.push(() => database.close());

    // The API role never talks to FHIR: it serves what workers stored. Workers read the trust's
    // server, or the embedded simulator when none is configured.
    const readsFhir = config.role !== 'api';
    let simulator: RunningSimulator | null = null;
    if (readsFhir && config.fhirBaseUrl === null) {
      const started = await startSimulator({ seed: config.simulatorSeed, evolveEveryMs: config.simulatorEvolveMs });
      simulator = started;
      cleanups.push(() => started.close());
      logger.log(`FHIR_BASE_URL not set: embedded simulator serving a synthetic trust at ${started.baseUrl}`);
    }
    const fhirBaseUrl: string | null = simulator?.baseUrl ?? config.fhirBaseUrl;

    const redis = createRedis(config.redisUrl);
    const boardEvents = new BoardEvents(createRedis(config.redisUrl), createRedis(config.redisUrl), config.queuePrefix);
    cleanups.push(() => redis.disconnect());
    cleanups.push(() => boardEvents.close());

    const fhirReader =
      fhirBaseUrl === null
        ? null
        : new FhirReader({
            baseUrl: fhirBaseUrl,
            timeoutMs: config.fhirTimeoutMs,
            auth: fhirAuthOrExplain(config, fhirBaseUrl),
          });
    // SMTP connects on the first send; without SMTP_URL emails become files in the data folder's outbox.
    const mailer = new NodemailerMailer({
      smtpUrl: config.digest.smtpUrl,
      from: config.digest.from,
      outboxDir: join(config.dataDir, 'outbox'),
      allowedDomains: allowedEmailDomains(config),
      timeoutMs: config.digest.smtpTimeoutMs,
    });
    cleanups.push(() => mailer.close());
    const app = await NestFactory.create<NestExpressApplication>(
      AppModule.forRoot({ config, database, fhirReader, redis, boardEvents, clock, mailer }),
      { logger: options.logger === false ? false : ['log', 'warn', 'error'], bodyParser: true },
    );
    cleanups.push(() => app.close());
    app.setGlobalPrefix('api');
    app.useBodyParser('json', { limit: '16kb' });
    app.disable('x-powered-by');
    app.enableShutdownHooks();
    serveClient(app, config.clientDistDir);

    if (readsFhir && fhirBaseUrl !== null) {
      const repository = app.get(BoardRepository);
      try {
        const wards = await app.get(WardDiscoveryService).discover();
        if (wards.length === 0) throw new Error('no Location with physical type "wa" found');
        await repository.upsertWards(wards, new Date(clock()));
      } catch (error) {
        const known = await repository.listWards();
        if (known.length === 0) {
          throw new StartupError(
            `Could not discover wards on the FHIR server at ${fhirBaseUrl}: ${(error as Error).message}.\n` +
              `  Check FHIR_BASE_URL and that the server is reachable from here.`,
          );
        }
        logger.warn(`Ward discovery failed (${(error as Error).message}); using the ${known.length} wards known from before`);
      }
      const known = await repository.listWards();
      if (simulator !== null) {
        // The demo trust comes with history, so its heat map has trends and a fitted prediction at once.
        const loaded = await app.get(SimulatedHistoryService).load(known, new Date(clock()), config.simulatorSeed);
        if (loaded > 0) await app.get(ModelRefitService).refitAll(new Date(clock()));
      }
      await app.get(MaintenanceScheduler).schedule();
      await app.get(DigestScheduler).schedule().catch((error: unknown) => {
        throw new StartupError(`DIGEST_SCHEDULE "${config.digest.schedule}" was not accepted as a cron pattern: ${(error as Error).message}`);
      });
      // Leads naming wards the FHIR server does not have are logged now, not discovered on Monday.
      await app.get(LeadsService).problems();
      const scheduler = app.get(PollSchedulerService);
      await scheduler.scheduleWards(known.map((w) => w.id));
    }

    await app.listen(config.port, '0.0.0.0');
    const address = app.getHttpServer().address();
    const port = typeof address === 'object' && address !== null ? address.port : config.port;
    return { url: `http://127.0.0.1:${port}`, fhirBaseUrl, simulator, app, close: closeAll };
  } catch (error) {
    await closeAll().catch(() => undefined);
    throw error;
  }
}

/** The configured FHIR credentials, or a start-up error saying what is wrong with them (never the secret). */
function fhirAuthOrExplain(config: AppConfig, fhirBaseUrl: string) {
  try {
    return createFhirAuth(config.fhirAuth, fhirBaseUrl, { timeoutMs: config.fhirTimeoutMs });
  } catch (error) {
    throw new StartupError(`FHIR_AUTH=${config.fhirAuth.kind}: ${(error as Error).message}`);
  }
}

/** Serves the built client from the same port, with history-API fallback for its routes. */
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
  app.useStaticAssets(distDir, { index: false, maxAge: '1h' });
  const index = join(distDir, 'index.html');
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || req.path.startsWith('/api') || req.path.startsWith('/socket.io')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}
