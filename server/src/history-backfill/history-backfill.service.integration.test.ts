/**
 * Starting runs, on real Redis (BullMQ) and PostgreSQL: a run is queued once however often it is
 * asked for; a run left "running" whose job has ended (its tries used up, or a database restored
 * under an old Redis) is queued again rather than refusing every later start; first start backfills
 * only when no run ever has.
 */
import { QUEUES, type HistoryBackfillJob } from '@wardflow/shared';
import { Queue, Worker } from 'bullmq';
import { BackfillRepository } from '../store/backfill.repository.js';
import { BoardRepository } from '../store/board.repository.js';
import { openDatabase, type DatabaseHandle } from '../store/database.adapter.js';
import { createPostgresDatabase, createTempDir } from '../testing/test-databases.js';
import { testConfig } from '../testing/test-config.js';
import { TEST_REDIS_URL, uniquePrefix } from '../testing/test-redis.js';
import { backfillJobId, HistoryBackfillService } from './history-backfill.service.js';

const connection = { url: TEST_REDIS_URL, maxRetriesPerRequest: null };

describe('HistoryBackfillService (real Redis and PostgreSQL)', () => {
  let postgres: { url: string; drop(): Promise<void> };
  let dir: { path: string; remove(): void };
  let database: DatabaseHandle;
  let queue: Queue<HistoryBackfillJob>;
  let prefix: string;
  let runs: BackfillRepository;
  let service: HistoryBackfillService;

  beforeEach(async () => {
    postgres = await createPostgresDatabase();
    dir = createTempDir();
    database = await openDatabase({ databaseUrl: postgres.url, dataDir: dir.path });
    prefix = uniquePrefix();
    queue = new Queue<HistoryBackfillJob>(QUEUES.historyBackfill, { connection, prefix });
    runs = new BackfillRepository(database.db);
    const boards = new BoardRepository(database.db);
    await boards.upsertWards(
      [
        {
          id: 'ward-a',
          name: 'Ash',
          siteId: 's',
          siteName: 'S',
          profile: 'acute',
          displayLabel: 'initials',
          showMentalHealthAct: true,
        },
      ],
      new Date(),
    );
    service = new HistoryBackfillService(runs, boards, queue, testConfig({ HISTORY_BACKFILL_DAYS: '30' }), Date.now);
  });

  afterEach(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
    await database.close();
    await postgres.drop();
    dir.remove();
  });

  it('should start a run on first start only, queue it once however often asked, and say the running one', async () => {
    await service.resumeOrBegin();
    const first = await runs.latestRun();
    expect(first?.requestedBy).toBe('first start');
    expect(first?.days).toBe(30);
    await service.resumeOrBegin();
    const again = await service.start(7, 'Sam Admin');
    expect(again).toEqual({ running: expect.objectContaining({ id: first?.id }) });
    expect(await queue.getJobCounts('waiting')).toEqual({ waiting: 1 });

    await runs.finishRun(first?.id as number, 'done', new Date());
    await service.resumeOrBegin();
    expect((await runs.latestRun())?.id).toBe(first?.id);
  });

  it('should queue a running run again when its job ended without ending it, rather than refuse every start', async () => {
    const outcome = await service.start(7, 'Sam Admin');
    if (!('started' in outcome)) throw new Error('expected a new run');
    // A worker that completes the job without touching the run: as after a database restored under an old Redis.
    const worker = new Worker<HistoryBackfillJob>(QUEUES.historyBackfill, async () => null, { connection, prefix });
    await new Promise<void>((resolve) => worker.once('completed', () => resolve()));
    await worker.close();
    expect(await (await queue.getJob(backfillJobId(outcome.started.id)))?.getState()).toBe('completed');

    const asked = await service.start(7, 'Sam Admin');
    expect('running' in asked).toBe(true);
    expect(await (await queue.getJob(backfillJobId(outcome.started.id)))?.getState()).toBe('waiting');
  });
});
