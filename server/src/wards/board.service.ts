/**
 * Boards and ward summaries as the API and the screens receive them, composed from the stored state
 * at the current server time by the shared rule, so REST and sockets always agree.
 */
import { Inject, Injectable } from '@nestjs/common';
import {
  composeBoard,
  composeHeatmapRow,
  freshnessOf,
  heatmapWardInput,
  wardSafetyOf,
  type Board,
  type HeatmapMeasure,
  type StoredScore,
  type Ward,
  type WardSafety,
  type WardSummary,
} from '@wardflow/shared';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { withDisplayOptions } from '../config/access-config.js';
import { trustHeatmapMeasures } from '../config/wards-config.js';
import { CLOCK, type Clock } from '../core/tokens.js';
import { BoardRepository } from '../store/board.repository.js';
import type { StoredBoardState } from '../store/board.repository.js';
import { ScoreRepository } from '../store/score.repository.js';

@Injectable()
export class BoardService {
  private readonly measures: HeatmapMeasure[];

  constructor(
    private readonly boards: BoardRepository,
    private readonly scores: ScoreRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.measures = trustHeatmapMeasures(config.measureOverrides);
  }

  async getBoard(wardId: string): Promise<Board | null> {
    const [stored, state, latest] = await Promise.all([
      this.boards.getWard(wardId),
      this.boards.getBoardState(wardId),
      this.scores.latestScoreOf(wardId),
    ]);
    if (stored === null || state === null) return null;
    // This process's WARDS_CONFIG display options win over what discovery last stored (SEC-1).
    const ward = withDisplayOptions(stored, this.config.wardDisplay);
    const now = this.clock();
    const safety = latest === null ? null : this.safetyOf(ward, state, latest.score, latest.version, now);
    return composeBoard(ward, state, now, { safety });
  }

  /** The ward's row as the heat map shows it, with the board's own freshness (one truth per ward). */
  private safetyOf(ward: Ward, state: StoredBoardState, score: StoredScore, version: number, now: number): WardSafety {
    const row = composeHeatmapRow(
      heatmapWardInput(
        { wardId: ward.id, name: ward.name, siteId: ward.siteId, siteName: ward.siteName, profile: ward.profile },
        { asOf: state.snapshot?.asOf ?? null, lastPollOk: state.lastPollOk, staleReason: state.staleReason },
        score,
      ),
      now,
    );
    return wardSafetyOf(row, this.measures, version);
  }

  async listSummaries(): Promise<WardSummary[]> {
    const [wards, states] = await Promise.all([this.boards.listWards(), this.boards.listBoardSummaries()]);
    const byWard = new Map(states.map((s) => [s.wardId, s]));
    const now = this.clock();
    return wards.map((ward) => {
      const state = byWard.get(ward.id);
      const census = state?.census ?? null;
      const asOf = state?.asOf?.toISOString() ?? null;
      return {
        id: ward.id,
        name: ward.name,
        siteId: ward.siteId,
        siteName: ward.siteName,
        profile: ward.profile,
        bedCount: census?.beds ?? 0,
        occupied: census?.occupied ?? 0,
        asOf,
        freshness: freshnessOf(asOf, now, state?.lastPollOk === false || (state?.staleReason ?? null) !== null),
        retired: ward.retired ?? null,
      };
    });
  }
}
