/**
 * CS-10: the weekly digest runs once a week at 07:00 London whatever the clocks do. The next run
 * times come from the cron parser BullMQ's job schedulers use (cron-parser, with the same options
 * the DigestScheduler upserts), stepping from a pinned time the way a scheduler does: each next run
 * computed from the one before.
 */
import { testConfig } from '../testing/test-config.js';
import { digestWeekOf, londonDate, londonHourMinute, QUEUES, WEEKLY_DIGEST_SCHEDULER_ID } from '@wardflow/shared';
import { Queue } from 'bullmq';
import { CronExpressionParser } from 'cron-parser';
import { TEST_REDIS_URL, uniquePrefix } from '../testing/test-redis.js';
import { DigestScheduler, digestRepeat } from './digest.scheduler.js';

const DEFAULT_SCHEDULE = testConfig({}).digest.schedule;

/** Run times from `from` (exclusive) to `to`, each computed from the previous one as BullMQ does. */
function runsBetween(pattern: string, from: string, to: string): Date[] {
  const runs: Date[] = [];
  let current = Date.parse(from);
  for (;;) {
    const next = CronExpressionParser.parse(pattern, { ...digestRepeat(pattern), currentDate: new Date(current) })
      .next()
      .getTime();
    if (next > Date.parse(to)) return runs;
    runs.push(new Date(next));
    current = next;
  }
}

describe('weekly digest schedule across the clock changes', () => {
  it('should default to Monday 07:00', () => {
    expect(DEFAULT_SCHEDULE).toBe('0 7 * * 1');
  });

  it('should run once in each week around the spring change (29 March 2026), at 07:00 London', () => {
    const runs = runsBetween(DEFAULT_SCHEDULE, '2026-03-16T12:00:00Z', '2026-04-12T23:59:59Z');
    expect(runs.map((r) => r.toISOString())).toEqual([
      '2026-03-23T07:00:00.000Z', // GMT
      '2026-03-30T06:00:00.000Z', // BST: the day after the clocks went forward
      '2026-04-06T06:00:00.000Z',
    ]);
    for (const run of runs) expect(londonHourMinute(run)).toEqual({ hour: 7, minute: 0 });
    expect(runs.map((r) => digestWeekOf(r))).toEqual(['2026-03-23', '2026-03-30', '2026-04-06']);
  });

  it('should run once in each week around the autumn change (25 October 2026), at 07:00 London', () => {
    const runs = runsBetween(DEFAULT_SCHEDULE, '2026-10-12T12:00:00Z', '2026-11-08T23:59:59Z');
    expect(runs.map((r) => r.toISOString())).toEqual([
      '2026-10-19T06:00:00.000Z', // BST
      '2026-10-26T07:00:00.000Z', // GMT: the day after the clocks went back
      '2026-11-02T07:00:00.000Z',
    ]);
    for (const run of runs) expect(londonHourMinute(run)).toEqual({ hour: 7, minute: 0 });
  });

  it("should give each run's ledger week as its own Monday, never the week before or after", () => {
    for (const run of [...runsBetween(DEFAULT_SCHEDULE, '2026-01-01T00:00:00Z', '2026-12-31T23:59:59Z')]) {
      expect(digestWeekOf(run)).toBe(londonDate(run));
    }
    expect(runsBetween(DEFAULT_SCHEDULE, '2026-01-01T00:00:00Z', '2026-12-31T23:59:59Z')).toHaveLength(52);
  });

  it('should keep a nightly pattern once a day through the changes (a schedule at 01:30 on the autumn Sunday fires once)', () => {
    // 01:30 happens twice on 25 October (BST, then GMT): a job must not run twice.
    const runs = runsBetween('30 1 * * *', '2026-10-24T12:00:00Z', '2026-10-26T12:00:00Z').map((r) => londonDate(r));
    expect(runs).toEqual(['2026-10-25', '2026-10-26']);
  });

  it('should upsert one scheduler with the pattern and the London time zone, replacing it at every boot', async () => {
    const config = testConfig({ DIGEST_SCHEDULE: '0 7 * * 1' });
    const queue = new Queue(QUEUES.weeklyDigest, {
      connection: { url: TEST_REDIS_URL, maxRetriesPerRequest: null },
      prefix: uniquePrefix(),
    });
    try {
      const scheduler = new DigestScheduler(queue as never, config, Date.now);
      await scheduler.schedule();
      await scheduler.schedule();
      expect(await queue.getJobSchedulersCount()).toBe(1);
      expect(await scheduler.schedulerCount()).toBe(1);
      expect(await queue.getJobScheduler(WEEKLY_DIGEST_SCHEDULER_ID)).toMatchObject({
        pattern: '0 7 * * 1',
        tz: 'Europe/London',
      });
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });
});
