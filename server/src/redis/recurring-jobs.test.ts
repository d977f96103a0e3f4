import { Queue } from 'bullmq';
import { TEST_REDIS_URL, uniquePrefix } from '../testing/test-redis.js';
import { RecurringJobs, type RecurringJob } from './recurring-jobs.js';

/** Redis coming back without the schedules (a restart with nothing on disk), staged on the shared Redis without touching it. */
describe('RecurringJobs when Redis comes back without its schedules', () => {
  let queue: Queue<{ n: number }>;
  let jobs: RecurringJobs<{ n: number }>;
  const wanted: RecurringJob<{ n: number }>[] = [
    { id: 'every-a', repeat: { every: 3_600_000 }, name: 'a', data: { n: 1 } },
    { id: 'cron-b', repeat: { pattern: '0 7 * * 1', tz: 'Europe/London' }, name: 'b', data: { n: 2 } },
  ];

  beforeEach(() => {
    queue = new Queue<{ n: number }>('recurring-test', {
      connection: { url: TEST_REDIS_URL, maxRetriesPerRequest: null },
      prefix: uniquePrefix(),
    });
    jobs = new RecurringJobs(queue);
  });

  afterEach(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
  });

  /** What an empty Redis holds of them: nothing. */
  async function lose(ids: readonly string[]): Promise<void> {
    for (const id of ids) await queue.removeJobScheduler(id);
    expect(await jobs.count(ids)).toBe(0);
  }

  it('should write again every wanted schedule that is missing, and only those', async () => {
    await jobs.upsert(wanted);
    await lose(['every-a']);
    expect(await jobs.restore()).toEqual(['every-a']);
    expect(await jobs.count(wanted.map((j) => j.id))).toBe(2);
    expect((await queue.getJobScheduler('every-a'))?.every).toBe(3_600_000);
    expect(await jobs.restore()).toEqual([]);
  });

  it('should restore them by itself when the connection is ready again', async () => {
    await jobs.upsert(wanted);
    await lose(wanted.map((j) => j.id));
    // ioredis says `ready` after every reconnection: the moment Redis is back.
    (await queue.getBackend().client).emit('ready');
    for (let i = 0; i < 50 && (await jobs.count(wanted.map((j) => j.id))) < 2; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(await jobs.count(wanted.map((j) => j.id))).toBe(2);
    expect((await queue.getJobScheduler('cron-b'))?.pattern).toBe('0 7 * * 1');
  });

  it('should not bring back a schedule that was removed on purpose', async () => {
    await jobs.upsert(wanted);
    expect(await jobs.removeOthers('every-', [])).toEqual(['every-a']);
    await lose(['cron-b']);
    expect(await jobs.restore()).toEqual(['cron-b']);
    expect(await queue.getJobScheduler('every-a')).toBeUndefined();
  });
});
