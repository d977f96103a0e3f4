/**
 * Worker for the history-backfill queue: one run per job, one at a time per worker. The lock is short
 * and a job may stall many times, because a stalled backfill is meant to be taken over: the run
 * carries on from the progress kept in PostgreSQL (a worker killed mid-run is the case this exists
 * for), and a worker that turns out to share a run with another leaves it (HistoryBackfillRunner).
 *
 * A job that fails for good, after its tries or by stalling too often (BullMQ then fails it without
 * calling process), marks its run failed, so "running" never outlives every job that could end it;
 * if even that write fails, the next start, or the next POST, queues the run's job again.
 */
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { QUEUES, type BackfillRun, type HistoryBackfillJob } from '@wardflow/shared';
import type { Job } from 'bullmq';
import { HistoryBackfillRunner } from './history-backfill.service.js';
import { WithoutQueryParameters } from '../core/query-errors.js';

@Processor(QUEUES.historyBackfill, {
  concurrency: 1,
  lockDuration: 15_000,
  stalledInterval: 15_000,
  maxStalledCount: 20,
})
export class HistoryBackfillProcessor extends WorkerHost {
  private readonly logger = new Logger(HistoryBackfillProcessor.name);

  constructor(private readonly runner: HistoryBackfillRunner) {
    super();
  }

  // A failed query's parameters (patients) never reach the job's failed reason in Redis.
  @WithoutQueryParameters()
  async process(job: Job<HistoryBackfillJob>): Promise<BackfillRun | null> {
    return this.runner.run(job.data.runId, () => job.updateProgress({ at: Date.now() }));
  }

  @OnWorkerEvent('failed')
  async onFailed(job: Job<HistoryBackfillJob> | undefined, error: Error): Promise<void> {
    if (job === undefined) return;
    const final = job.attemptsMade >= (job.opts.attempts ?? 1) || /stalled/i.test(error.message);
    this.logger.error(
      `History backfill ${job.data.runId} stopped: ${error.message}; ${final ? 'no tries left, the run is marked failed (ask again to carry on)' : 'tried again shortly, from where it stopped'}`,
    );
    if (!final) return;
    try {
      await this.runner.giveUp(job.data.runId, error.message);
    } catch (giveUpError) {
      this.logger.error(
        `History backfill ${job.data.runId} could not be marked failed (${(giveUpError as Error).message}); the next start queues it again`,
      );
    }
  }
}
