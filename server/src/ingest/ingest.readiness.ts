/**
 * The ingest feature's readiness: a poll scheduler for every ward (only where jobs are scheduled), and
 * the FHIR request plan in use (informational: a fallback plan is slower, not broken).
 */
import { Inject, Injectable, Optional } from '@nestjs/common';
import type { ReadinessCheck } from '@wardflow/shared';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ReportsReadiness, type ReadinessSource } from '../core/readiness.js';
import { PollSchedulerService } from './poll-scheduler.service.js';
import { RequestPlanService } from './request-plan.service.js';

@ReportsReadiness()
@Injectable()
export class IngestReadiness implements ReadinessSource {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly scheduler: PollSchedulerService,
    @Optional() @Inject(RequestPlanService) private readonly plan: RequestPlanService | null = null,
  ) {}

  async readiness(wardCount: number): Promise<ReadinessCheck[]> {
    if (this.config.role === 'api') return [];
    const schedulers = await this.scheduler.schedulerCount().catch(() => -1);
    return [
      {
        name: 'schedulers',
        ok: schedulers >= wardCount && wardCount > 0,
        detail: `${schedulers} poll schedulers for ${wardCount} wards`,
      },
      ...(this.plan === null ? [] : [this.planCheck()]),
    ];
  }

  private planCheck(): ReadinessCheck {
    const report = this.plan?.report();
    const why = report === undefined || report.notes.length === 0 ? '' : ` (${report.notes.join('; ')})`;
    const source = report === undefined ? '' : `; wards keyed by source ${report.source}`;
    return { name: 'fhir-plan', ok: true, detail: `${report?.plan ?? 'unknown'}${why}${source}` };
  }
}
