/**
 * The weekly digest's job, run when its schedule fires (digest.scheduler.ts) or on demand. The
 * processor is thin: the week, then DigestService, whose ledger
 * makes a retried or duplicated job send nothing twice. A run with failures throws, so the queue's
 * attempts and backoff retry it.
 */
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { digestWeekOf, QUEUES, type WeeklyDigestJob } from '@wardflow/shared';
import type { Job } from 'bullmq';
import { DigestService, type DigestRunResult } from './digest.service.js';
import { WithoutQueryParameters } from '../core/query-errors.js';

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

  // A failed query's parameters (patients) never reach the job's failed reason in Redis.
  @WithoutQueryParameters()
  async process(job: Job<WeeklyDigestJob>): Promise<DigestRunResult> {
    return this.digests.run(weekOfJob(job));
  }
}
