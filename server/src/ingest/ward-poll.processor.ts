/**
 * Worker for the ward-poll queue. Thin: looks the ward up and hands it to IngestService. A failed
 * poll has already been recorded and shown as stale; throwing afterwards lets BullMQ retry it with
 * backoff and keep the failure visible in the queue (JOB).
 */
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { QUEUES, type WardPollJob } from '@wardflow/shared';
import { UnrecoverableError, type Job } from 'bullmq';
import { BoardRepository } from '../store/board.repository.js';
import { IngestService } from './ingest.service.js';

@Processor(QUEUES.wardPoll, { concurrency: 4 })
export class WardPollProcessor extends WorkerHost {
  constructor(
    private readonly ingest: IngestService,
    private readonly boards: BoardRepository,
  ) {
    super();
  }

  async process(job: Job<WardPollJob>): Promise<{ version: number | null; requestCount: number }> {
    const ward = await this.boards.getWard(job.data.wardId);
    // A ward no longer known (removed from configuration) has nothing to poll.
    if (ward === null) return { version: null, requestCount: 0 };
    // A held census drop is only confirmed (or dismissed) by a complete read, never by changes alone.
    const outcome = await this.ingest.pollWard(ward, { fullRead: job.data.trigger === 'confirm' });
    // Retrying a refusal (a 4xx other than 408/429) cannot help: fail at once, keep it visible.
    if (!outcome.ok) throw outcome.retryable ? new Error(outcome.reason) : new UnrecoverableError(outcome.reason);
    return { version: outcome.version, requestCount: outcome.requestCount };
  }
}
