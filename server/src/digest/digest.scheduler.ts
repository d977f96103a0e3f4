/**
 * The weekly digest's schedule: DIGEST_SCHEDULE read as Europe/London wall-clock time (07:00 on Mondays
 * by default, which is 06:00 UTC in summer and 07:00 UTC in winter, once a week either way: CS-10), as
 * a recurring job (redis/recurring-jobs.ts), plus runs on demand.
 */
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { digestWeekOf, QUEUES, WEEKLY_DIGEST_SCHEDULER_ID, type WeeklyDigestJob } from '@wardflow/shared';
import type { Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { CLOCK, type Clock } from '../core/tokens.js';
import { RecurringJobs } from '../redis/recurring-jobs.js';

/** The scheduler's repeat options: the cron pattern read as Europe/London wall-clock time. */
export function digestRepeat(schedule: string): { pattern: string; tz: string } {
  return { pattern: schedule, tz: 'Europe/London' };
}

@Injectable()
export class DigestScheduler {
  private readonly jobs: RecurringJobs<WeeklyDigestJob>;

  constructor(
    @InjectQueue(QUEUES.weeklyDigest) private readonly queue: Queue<WeeklyDigestJob>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.jobs = new RecurringJobs(queue);
  }

  async schedule(): Promise<void> {
    await this.jobs.upsert([
      {
        id: WEEKLY_DIGEST_SCHEDULER_ID,
        repeat: digestRepeat(this.config.digest.schedule),
        name: 'weekly',
        data: { trigger: 'schedule' },
      },
    ]);
  }

  async schedulerCount(): Promise<number> {
    return this.jobs.count([WEEKLY_DIGEST_SCHEDULER_ID]);
  }

  /** This week's digests now; the week is fixed here, so a retry after Sunday midnight still sends this week's. */
  async runNow(): Promise<{ week: string; jobId: string }> {
    const week = digestWeekOf(this.clock());
    const job = await this.queue.add('manual', { trigger: 'manual', week });
    return { week, jobId: job.id ?? '' };
  }
}
