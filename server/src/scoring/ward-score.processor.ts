/**
 * Worker for the ward-score queue: thin, hands the ward to ScoringService. A storage failure throws,
 * so BullMQ retries it and keeps it visible (JOB); a snapshot already scored is a quiet no-op.
 */
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { QUEUES, type WardScoreJob } from '@wardflow/shared';
import type { Job } from 'bullmq';
import { ScoringService, type ScoreOutcome } from './scoring.service.js';

@Processor(QUEUES.wardScore, { concurrency: 2 })
export class WardScoreProcessor extends WorkerHost {
  constructor(private readonly scoring: ScoringService) {
    super();
  }

  async process(job: Job<WardScoreJob>): Promise<ScoreOutcome> {
    return this.scoring.scoreWard(job.data.wardId);
  }
}
