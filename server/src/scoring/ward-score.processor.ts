/**
 * Worker for the ward-score queue: thin, hands the ward to ScoringService, then to EscalationService
 * to evaluate the escalation rules on the stored score. A storage failure throws, so BullMQ retries
 * it and keeps it visible (JOB); a snapshot already scored is a quiet no-op for scoring, but the
 * escalations are evaluated again, so a retry after a failure between the two still evaluates them
 * (evaluation is idempotent: one open row per ward, rule and subject).
 */
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { QUEUES, type WardScoreJob } from '@wardflow/shared';
import type { Job } from 'bullmq';
import { EscalationService } from '../escalation/escalation.service.js';
import { ScoringService, type ScoreOutcome } from './scoring.service.js';
import { WithoutQueryParameters } from '../core/query-errors.js';

@Processor(QUEUES.wardScore, { concurrency: 2 })
export class WardScoreProcessor extends WorkerHost {
  constructor(
    private readonly scoring: ScoringService,
    private readonly escalations: EscalationService,
  ) {
    super();
  }

  // A failed query's parameters (patients) never reach the job's failed reason in Redis.
  @WithoutQueryParameters()
  async process(job: Job<WardScoreJob>): Promise<ScoreOutcome> {
    const outcome = await this.scoring.scoreWard(job.data.wardId);
    if (outcome.scored || outcome.why === 'already scored') await this.escalations.evaluateWard(job.data.wardId);
    return outcome;
  }
}
