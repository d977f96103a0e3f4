/**
 * Worker for the history-backfill queue: one run per job, one at a time per worker. The lock is short
 * and a job may stall many times, because a stalled backfill is safe to take over: the run carries on
 * from the progress kept in PostgreSQL (a worker killed mid-run is the case this exists for).
 */
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { QUEUES, type BackfillRun, type HistoryBackfillJob } from '@wardflow/shared';
import type { Job } from 'bullmq';
import { HistoryBackfillRunner } from './history-backfill.service.js';

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

  async process(job: Job<HistoryBackfillJob>): Promise<BackfillRun | null> {
    try {
      return await this.runner.run(job.data.runId, () => job.updateProgress({ at: Date.now() }));
    } catch (error) {
      const lastTry = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      this.logger.error(
        `History backfill ${job.data.runId} stopped: ${(error as Error).message}; ${lastTry ? 'no tries left, the run is marked failed (ask again to carry on)' : 'tried again shortly, from where it stopped'}`,
      );
      if (lastTry) await this.runner.giveUp(job.data.runId, (error as Error).message).catch(() => undefined);
      throw error;
    }
  }
}
