/**
 * Who receives the weekly digest. A trust lists its leads in WARDS_CONFIG; the demo (WARDFLOW_DEMO,
 * no leads configured) gets a matron per site and a lead per profile on an example domain; a real trust with no leads configured gets none, and readiness and the digests page say so.
 * Ward ids can only be checked against the wards once they are discovered, so that check is here.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DEMO_EMAIL_DOMAIN, demoLeads, type Lead } from '@wardflow/shared';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { BoardRepository } from '../store/board.repository.js';

/** True when the demo trust's default leads apply. */
export function usesDemoLeads(config: Pick<AppConfig, 'demo' | 'digest'>): boolean {
  return config.demo && config.digest.leads === null;
}

/** The domains email may go to (SEC-9): the configured ones, plus the demo trust's example domain when it applies. */
export function allowedEmailDomains(config: Pick<AppConfig, 'demo' | 'digest'>): string[] {
  return usesDemoLeads(config)
    ? [...new Set([...config.digest.emailDomains, DEMO_EMAIL_DOMAIN])]
    : config.digest.emailDomains;
}

@Injectable()
export class LeadsService {
  private readonly logger = new Logger('Digest');
  private reported = '';

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly boards: BoardRepository,
  ) {}

  async list(): Promise<Lead[]> {
    if (this.config.digest.leads !== null) return this.config.digest.leads;
    if (usesDemoLeads(this.config)) return demoLeads(await this.boards.liveWards());
    return [];
  }

  /**
   * What stops leads getting what they expect, in words: no leads at all, or configured ward ids the
   * data does not know (such a ward is left out of the email, which says so). Logged as a warning the
   * first time each set of problems is seen, so a typo in WARDS_CONFIG is loud at start-up.
   */
  async problems(): Promise<string[]> {
    const problems: string[] = [];
    if (this.config.digest.leads === null && !usesDemoLeads(this.config)) {
      problems.push('No inpatient leads configured (WARDS_CONFIG "leads"): no weekly digest is sent');
    } else if (this.config.digest.leads !== null) {
      const known = new Set((await this.boards.liveWards()).map((w) => w.id));
      if (known.size > 0) {
        for (const lead of this.config.digest.leads) {
          const unknown = lead.wardIds.filter((id) => !known.has(id));
          if (unknown.length > 0)
            problems.push(`Lead ${lead.id}: unknown ward ids in WARDS_CONFIG: ${unknown.join(', ')}`);
        }
      }
    }
    const key = problems.join('\n');
    if (key !== '' && key !== this.reported) for (const p of problems) this.logger.warn(p);
    this.reported = key;
    return problems;
  }
}
