import { testConfig } from '../testing/test-config.js';
import { QUEUES, wardPollSchedulerId, type WardPollJob } from '@wardflow/shared';
import { Queue } from 'bullmq';
import { TEST_REDIS_URL, uniquePrefix } from '../testing/test-redis.js';
import { PollSchedulerService } from './poll-scheduler.service.js';

describe('PollSchedulerService on real Redis', () => {
  let queue: Queue<WardPollJob>;
  let scheduler: PollSchedulerService;

  beforeEach(() => {
    const prefix = uniquePrefix();
    queue = new Queue<WardPollJob>(QUEUES.wardPoll, {
      connection: { url: TEST_REDIS_URL, maxRetriesPerRequest: null },
      prefix,
    });
    scheduler = new PollSchedulerService(queue, testConfig({ POLL_INTERVAL: '15m' }));
  });

  afterEach(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
  });

  it('should keep exactly one scheduler per ward however often it is upserted', async () => {
    await scheduler.scheduleWards(['a', 'b']);
    await scheduler.scheduleWards(['a', 'b']);
    expect(await scheduler.schedulerCount()).toBe(2);
    const a = await queue.getJobScheduler(wardPollSchedulerId('a'));
    expect(a?.every).toBe(900_000);
  });

  it('should queue one immediate poll for wards whose scheduler survived a restart, and none for new ones', async () => {
    await scheduler.scheduleWards(['a']);
    const manualBefore = (await queue.getJobs(['waiting', 'prioritized', 'delayed'])).filter(
      (j) => j.data.trigger === 'manual',
    );
    expect(manualBefore).toHaveLength(0);

    await scheduler.scheduleWards(['a', 'b']);
    const manual = (await queue.getJobs(['waiting', 'prioritized', 'delayed'])).filter(
      (j) => j.data.trigger === 'manual',
    );
    expect(manual.map((j) => j.data.wardId)).toEqual(['a']);
  });

  it('should carry ward ids only in job data (SEC-7)', async () => {
    await scheduler.pollNow(['a']);
    const [job] = await queue.getJobs(['waiting']);
    expect(job?.data).toEqual({ wardId: 'a', trigger: 'manual' });
  });

  it('should keep at most one queued manual poll per ward, however many people ask', async () => {
    const first = await scheduler.pollNow(['a', 'b']);
    const again = await scheduler.pollNow(['a']);
    expect(again).toEqual([first[0]]);
    const waiting = (await queue.getJobs(['waiting'])).filter((j) => j.data.trigger === 'manual');
    expect(waiting.map((j) => j.data.wardId).sort()).toEqual(['a', 'b']);
  });
});
