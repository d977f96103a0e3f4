/**
 * The worker's poll path assembled for integration tests, without Nest: the real simulator over HTTP
 * (optionally behind the fault-injecting proxy), the real FhirReader and IngestService, PGlite in a
 * temporary folder, and Redis under a unique prefix. Every test file gets its own, and `close()`
 * removes all of it.
 */
import { testConfig } from './test-config.js';
import { QUEUES, type Ward, type WardPollJob, type WardScoreJob } from '@wardflow/shared';
import { Queue } from 'bullmq';
import { type AppConfig } from '../config/app-config.js';
import { FhirReader, type FhirReaderOptions } from '../fhir/fhir-reader.adapter.js';
import { IngestService } from '../ingest/ingest.service.js';
import { PollSchedulerService } from '../ingest/poll-scheduler.service.js';
import { WardDiscoveryService } from '../ingest/ward-discovery.service.js';
import { WardFetchService } from '../ingest/ward-fetch.service.js';
import { RequestPlanService } from '../ingest/request-plan.service.js';
import type { BoardEvents } from '../core/board-events.port.js';
import { RedisBoardEvents } from '../redis/board-events.adapter.js';
import { createRedis } from '../redis/redis.adapter.js';
import { startSimulator, type RunningSimulator } from '@wardflow/fhir-simulator';
import { BoardRepository } from '../store/board.repository.js';
import { openDatabase, type DatabaseHandle } from '../store/database.adapter.js';
import { startFaultProxy, type FaultProxy } from './fault-proxy.js';
import { createPostgresDatabase, createTempDir } from './test-databases.js';
import { TEST_REDIS_URL, uniquePrefix } from './test-redis.js';

export interface IngestHarness {
  simulator: RunningSimulator;
  /** Present when started with `faultProxy: true`: the reader then goes through it. */
  proxy: FaultProxy | null;
  boards: BoardRepository;
  queue: Queue<WardPollJob>;
  /** Score jobs the ingest queues after each stored snapshot (nothing processes them here). */
  scoreQueue: Queue<WardScoreJob>;
  ingest: IngestService;
  /** The harness's own Redis pub/sub (board and heat-map announcements) and database, for services built on them. */
  events: BoardEvents;
  database: DatabaseHandle;
  config: AppConfig;
  wards: Ward[];
  close(): Promise<void>;
}

/** The ward reader as a worker builds it: its own request plan, learnt from this server. */
export function wardFetcher(reader: FhirReader, config: AppConfig, clock: () => number = Date.now): WardFetchService {
  return new WardFetchService(reader, clock, config, new RequestPlanService(reader, clock, config));
}

export async function startIngestHarness(options: {
  seed: number;
  env?: Record<string, string>;
  faultProxy?: boolean;
  /** Store in a new PostgreSQL database (dropped on close) instead of PGlite. */
  postgres?: boolean;
  reader?: Partial<FhirReaderOptions>;
}): Promise<IngestHarness> {
  const dir = createTempDir();
  const prefix = uniquePrefix();
  const simulator = await startSimulator({ seed: options.seed });
  const proxy = options.faultProxy === true ? await startFaultProxy(simulator.baseUrl) : null;
  // PGlite by default; a fresh PostgreSQL database when the test is about what production stores.
  const postgres = options.postgres === true ? await createPostgresDatabase() : null;
  const database = await openDatabase({ databaseUrl: postgres?.url ?? null, dataDir: dir.path });
  const boards = new BoardRepository(database.db);
  const reader = new FhirReader({ baseUrl: proxy?.baseUrl ?? simulator.baseUrl, timeoutMs: 5_000, ...options.reader });
  const config = testConfig(options.env ?? {});
  const queue = new Queue<WardPollJob>(QUEUES.wardPoll, {
    connection: { url: TEST_REDIS_URL, maxRetriesPerRequest: null },
    prefix,
  });
  const scoreQueue = new Queue<WardScoreJob>(QUEUES.wardScore, {
    connection: { url: TEST_REDIS_URL, maxRetriesPerRequest: null },
    prefix,
  });
  const events = new RedisBoardEvents(createRedis(TEST_REDIS_URL), createRedis(TEST_REDIS_URL), prefix);
  const ingest = new IngestService(
    wardFetcher(reader, config),
    boards,
    events,
    Date.now,
    new PollSchedulerService(queue, config),
    config,
    scoreQueue,
  );
  const wards = await new WardDiscoveryService(reader).discover();
  await boards.upsertWards(wards, new Date());
  return {
    simulator,
    proxy,
    boards,
    queue,
    scoreQueue,
    ingest,
    events,
    database,
    config,
    wards,
    async close() {
      await queue.obliterate({ force: true });
      await queue.close();
      await scoreQueue.close();
      await events.close();
      await database.close();
      await postgres?.drop();
      await proxy?.close();
      await simulator.close();
      dir.remove();
    },
  };
}
