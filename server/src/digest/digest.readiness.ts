/**
 * The weekly digest's readiness: its scheduler (where jobs are scheduled), and any failed or unknown
 * emails. The emails are informational: a failed one must be seen, but it is no reason to take the
 * dashboard out of service.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { ReadinessCheck } from '@wardflow/shared';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ReportsReadiness, type ReadinessSource } from '../core/readiness.js';
import { DigestScheduler } from './digest.scheduler.js';
import { DigestService } from './digest.service.js';
import { LeadsService } from './leads.service.js';

@ReportsReadiness()
@Injectable()
export class DigestReadiness implements ReadinessSource {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly scheduler: DigestScheduler,
    private readonly digests: DigestService,
    private readonly leads: LeadsService,
  ) {}

  async readiness(): Promise<ReadinessCheck[]> {
    const checks: ReadinessCheck[] = [];
    if (this.config.role !== 'api') {
      const count = await this.scheduler.schedulerCount().catch(() => -1);
      checks.push({
        name: 'digest schedule',
        ok: count === 1,
        detail:
          count === 1
            ? `weekly digest at "${this.config.digest.schedule}" Europe/London`
            : 'weekly digest scheduler missing',
      });
    }
    const troubles = [
      ...(await this.leads.problems().catch((e: unknown) => [`leads: ${(e as Error).message}`])),
      ...(await this.digests.troubles().catch((e: unknown) => [`ledger: ${(e as Error).message}`])),
    ];
    checks.push({
      name: 'digest',
      ok: true,
      detail: troubles.length === 0 ? 'no failed or unknown weekly emails' : troubles.join('; '),
    });
    return checks;
  }
}
