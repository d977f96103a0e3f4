/**
 * The weekly digest on BullMQ: a job scheduler (upserted at every boot in the worker roles, so
 * restarts replace rather than duplicate) fires at DIGEST_SCHEDULE in Europe/London — 07:00 on
 * Mondays by default, which is 06:00 UTC in summer and 07:00 UTC in winter, once a week either way
 * (CS-10) — plus jobs on demand. The processor is thin: the week, then DigestService, whose ledger
 * makes a retried or duplicated job send nothing twice. A run with failures throws, so the queue's
 * attempts and backoff retry it.
 */
import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { digestWeekOf, QUEUES, WEEKLY_DIGEST_SCHEDULER_ID, type WeeklyDigestJob } from '@wardflow/shared';
import type { Job, Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { CLOCK, type Clock } from '../core/tokens.js';
import { DigestService, type DigestRunResult } from './digest.service.js';

/** The scheduler's repeat options: the cron pattern read as Europe/London wall-clock time. */
export function digestRepeat(schedule: string): { pattern: string; tz: string } {
  return { pattern: schedule, tz: 'Europe/London' };
}

@Injectable()
export class DigestScheduler {
  constructor(
    @InjectQueue(QUEUES.weeklyDigest) private readonly queue: Queue<WeeklyDigestJob>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async schedule(): Promise<void> {
    await this.queue.upsertJobScheduler(WEEKLY_DIGEST_SCHEDULER_ID, digestRepeat(this.config.digest.schedule), { name: 'weekly', data: { trigger: 'schedule' } });
  }

  async schedulerCount(): Promise<number> {
    return (await this.queue.getJobScheduler(WEEKLY_DIGEST_SCHEDULER_ID)) === undefined ? 0 : 1;
  }

  /** This week's digests now; the week is fixed here, so a retry after Sunday midnight still sends this week's. */
  async runNow(): Promise<{ week: string; jobId: string }> {
    const week = digestWeekOf(this.clock());
    const job = await this.queue.add('manual', { trigger: 'manual', week });
    return { week, jobId: job.id ?? '' };
  }
}

/** The week a job is for: its own, or for a scheduled one the London week of the time it was due. */
export function weekOfJob(job: Pick<Job<WeeklyDigestJob>, 'data' | 'timestamp' | 'opts'>): string {
  // A scheduler's job is created (timestamp) when the previous one completes, a week early, and
  // delayed until due; timestamp + delay is when it was meant to run, the same on every retry.
  return job.data.week ?? digestWeekOf(job.timestamp + (job.opts.delay ?? 0));
}

@Processor(QUEUES.weeklyDigest, { concurrency: 1 })
export class DigestProcessor extends WorkerHost {
  constructor(private readonly digests: DigestService) {
    super();
  }

  async process(job: Job<WeeklyDigestJob>): Promise<DigestRunResult> {
    return this.digests.run(weekOfJob(job));
  }
}
