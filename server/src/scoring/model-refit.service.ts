/**
 * Refits the prediction model per ward profile on the trust's own stored history (weekly, and once
 * after simulated history is loaded). Until a profile has enough history (MIN_HISTORY_DAYS days with
 * MIN_OUTCOMES_EACH weeks that did and did not need support) it records the expert defaults and says
 * how much history there was, so the screen can show which model speaks. Nothing leaves the process.
 */
import { Injectable, Logger } from '@nestjs/common';
import {
  expertDefaultModel,
  fitLogisticModel,
  hasEnoughHistory,
  heldAtZeroSummary,
  londonDate,
  MIN_HISTORY_DAYS,
  MIN_OUTCOMES_EACH,
  predictionFeatureNames,
  trainingRows,
  type WardProfile,
} from '@wardflow/shared';
import { BoardRepository } from '../store/board.repository.js';
import { ScoreRepository } from '../store/score.repository.js';

export interface RefitOutcome {
  profile: WardProfile;
  source: 'fitted' | 'expert-default';
  summary: string;
}

@Injectable()
export class ModelRefitService {
  private readonly logger = new Logger(ModelRefitService.name);

  constructor(
    private readonly boards: BoardRepository,
    private readonly scores: ScoreRepository,
  ) {}

  async refitAll(now: Date): Promise<RefitOutcome[]> {
    const wards = await this.boards.listWards();
    const outcomes: RefitOutcome[] = [];
    for (const profile of ['mental-health', 'acute'] as const) {
      const ids = wards.filter((w) => w.profile === profile).map((w) => w.id);
      if (ids.length === 0) continue;
      outcomes.push(await this.refit(profile, ids, now));
    }
    return outcomes;
  }

  private async refit(profile: WardProfile, wardIds: readonly string[], now: Date): Promise<RefitOutcome> {
    const daily = await this.scores.dailyScores(wardIds);
    const rows = trainingRows(
      profile,
      daily.map((r) => ({
        wardId: r.wardId,
        date: londonDate(r.at),
        values: Object.fromEntries(r.cells.map((c) => [c.measureId, c.value])),
        harmIncidents7d: r.harmIncidents7d,
        occupiedBedDays7d: r.occupiedBedDays7d,
      })),
    );
    const positives = rows.filter((r) => r.label).length;
    const days = new Set(rows.map((r) => r.date)).size;
    if (!hasEnoughHistory(rows)) {
      const summary =
        `Expert default weights: ${days} days of history with known outcomes (${positives} ward-weeks needing support, ${rows.length - positives} not); ` +
        `a fit needs ${MIN_HISTORY_DAYS} days and ${MIN_OUTCOMES_EACH} of each.`;
      await this.scores.insertModel({ ...expertDefaultModel(profile), fittedAt: now.toISOString() }, summary);
      this.logger.log(`${profile}: ${summary}`);
      return { profile, source: 'expert-default', summary };
    }
    const { model, converged } = fitLogisticModel({
      profile,
      featureNames: predictionFeatureNames(profile),
      rows: rows.map((r) => r.features),
      labels: rows.map((r) => r.label),
      dates: rows.map((r) => r.date),
      fittedAt: now.toISOString(),
    });
    const summary =
      `Fitted on ${rows.length} ward-days over ${days} days from ${new Set(rows.map((r) => r.wardId)).size} wards ` +
      `(${positives} needing support); penalty ${model.lambda} chosen by forward-chaining validation` +
      // Readiness shows this line: which features the sign constraint silenced, so nobody wonders why one never appears as a driver.
      `${heldAtZeroSummary(model.heldAtZero)}${converged ? '' : '; did not fully converge'}.`;
    await this.scores.insertModel(model, summary);
    this.logger.log(`${profile}: ${summary}`);
    return { profile, source: 'fitted', summary };
  }
}
