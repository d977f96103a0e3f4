/**
 * The scoring feature's readiness: the history schedulers (where jobs run), and which prediction model
 * speaks for each ward profile. The model is informational: the expert defaults are a valid state, but
 * the trust's IT team should see which one is in use and why.
 */
import { Injectable, Optional } from '@nestjs/common';
import type { ReadinessCheck } from '@wardflow/shared';
import { ReportsReadiness, type ReadinessSource } from '../core/readiness.js';
import { BoardRepository } from '../store/board.repository.js';
import { ScoreRepository } from '../store/score.repository.js';
import { MaintenanceScheduler } from './maintenance.scheduler.js';

@ReportsReadiness()
@Injectable()
export class ScoringReadiness implements ReadinessSource {
  constructor(
    private readonly boards: BoardRepository,
    private readonly scores: ScoreRepository,
    // Registered where jobs run only; an api process neither schedules nor reports it.
    @Optional() private readonly maintenance?: MaintenanceScheduler,
  ) {}

  async readiness(): Promise<ReadinessCheck[]> {
    const checks: ReadinessCheck[] = [];
    if (this.maintenance !== undefined) {
      const count = await this.maintenance.schedulerCount().catch(() => -1);
      checks.push({
        name: 'maintenance',
        ok: count >= 2,
        detail: `${count} of 2 history schedulers (weekly refit, daily compaction)`,
      });
    }
    const wards = await this.boards.liveWards().catch(() => []);
    const models = await this.scores.listModels().catch(() => []);
    for (const profile of ['mental-health', 'acute'] as const) {
      if (!wards.some((w) => w.profile === profile)) continue;
      const latest = models.find((m) => m.profile === profile);
      checks.push({
        name: `prediction ${profile}`,
        ok: true,
        detail:
          latest === undefined
            ? 'expert default weights (no refit has run yet)'
            : `${latest.summary} (${latest.fittedAt.toISOString()})`,
      });
    }
    return checks;
  }
}
