/**
 * History housekeeping, run when its schedule (maintenance.scheduler.ts) fires: the weekly model refit
 * and the daily compaction of old history, which also applies the audit log's retention (AUDIT_RETENTION) and logs the audit
 * chain's head, so a copy of it lives outside the database. Both are idempotent: a second run changes
 * nothing a first did not.
 */
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger } from '@nestjs/common';
import { QUEUES } from '@wardflow/shared';
import type { Job } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { CLOCK, type Clock } from '../core/tokens.js';
import { AuditRepository } from '../store/audit.repository.js';
import { ScoreRepository } from '../store/score.repository.js';
import { ModelRefitService } from './model-refit.service.js';
import { WithoutQueryParameters } from '../core/query-errors.js';

@Processor(QUEUES.maintenance, { concurrency: 1 })
export class MaintenanceProcessor extends WorkerHost {
  private readonly logger = new Logger(MaintenanceProcessor.name);

  constructor(
    private readonly refits: ModelRefitService,
    private readonly scores: ScoreRepository,
    private readonly audit: AuditRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    super();
  }

  // A failed query's parameters (patients) never reach the job's failed reason in Redis.
  @WithoutQueryParameters()
  async process(job: Job<Record<string, never>, unknown, string>): Promise<unknown> {
    const now = new Date(this.clock());
    if (job.name === 'refit') return this.refits.refitAll(now);
    if (job.name === 'compact') {
      const compacted = await this.scores.compactHistory(now);
      const auditRowsRemoved = await this.audit.purgeBefore(
        new Date(now.getTime() - this.config.auditRetentionMs),
        now,
      );
      const [head] = await this.audit.page({}, 1);
      this.logger.log(
        `Audit chain head: row ${head?.seq ?? 0}, hash ${head?.hash ?? 'none'}${auditRowsRemoved > 0 ? ` (${auditRowsRemoved} rows past retention removed)` : ''}`,
      );
      return { compacted, auditRowsRemoved };
    }
    throw new Error(`Unknown maintenance job ${job.name}`);
  }
}
