/**
 * Boards and ward summaries as the API and the screens receive them, composed from the stored state
 * at the current server time by the shared rule, so REST and sockets always agree.
 *
 * Restart storms: after an API restart every wall screen asks for its board at once. A ward's stored
 * inputs (ward, board state, latest score) are read once and kept until the board-changed or
 * heat-map-changed announcement says they moved on (invalidate), until the Redis subscription comes
 * back after a loss (announcements meanwhile are missed: all are read again), or until INPUTS_KEPT_MS
 * passes (an announcement whose publishing failed costs at most that); concurrent requests share one
 * read. The board is composed once per version and reused, with the server time restamped, while its
 * freshness and London date are unchanged, for at most COMPOSED_REUSED_MS: so what a screen is told
 * about how old its data is stays exact.
 */
import { Inject, Injectable } from '@nestjs/common';
import {
  boardFreshness,
  composeBoard,
  londonDate,
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

/** The stored inputs of one ward's board. */
interface BoardInputs {
  stored: Ward;
  state: StoredBoardState;
  latest: { score: StoredScore; version: number } | null;
}

/** A ward's inputs read once for every request meanwhile; `version` once the read has come back. */
interface InputsEntry {
  loadedAt: number;
  load: Promise<BoardInputs | null>;
  version?: number;
}

/** How long a ward's stored inputs are kept without an announcement: the bound on a lost one. */
export const INPUTS_KEPT_MS = 60_000;
/** How long one composition of a version is served (restamped): the safety row's freshness moves with time too. */
export const COMPOSED_REUSED_MS = 5_000;

@Injectable()
export class BoardService {
  private readonly measures: HeatmapMeasure[];
  private readonly inputs = new Map<string, InputsEntry>();
  private readonly composed = new Map<string, { key: string; board: Board; composedAt: number; day: string }>();

  constructor(
    private readonly boards: BoardRepository,
    private readonly scores: ScoreRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.measures = trustHeatmapMeasures(config.measureOverrides);
  }

  async getBoard(wardId: string): Promise<Board | null> {
    const inputs = await this.inputsOf(wardId);
    if (inputs === null) return null;
    const { stored, state, latest } = inputs;
    // This process's WARDS_CONFIG display options win over what discovery last stored (SEC-1).
    const ward = withDisplayOptions(stored, this.config.wardDisplay);
    const now = this.clock();
    const key = `${state.version}|${latest?.version ?? 0}`;
    const kept = this.composed.get(wardId);
    if (
      kept !== undefined &&
      kept.key === key &&
      now - kept.composedAt < COMPOSED_REUSED_MS &&
      kept.day === londonDate(now) &&
      kept.board.freshness === boardFreshness(ward, state, now)
    )
      return { ...kept.board, serverTime: new Date(now).toISOString() };
    const safety = latest === null ? null : this.safetyOf(ward, state, latest.score, latest.version, now);
    const board = composeBoard(ward, state, now, { safety });
    this.composed.set(wardId, { key, board, composedAt: now, day: londonDate(now) });
    return board;
  }

  /**
   * The ward's board moved on (a board-changed announcement of `version`): its stored inputs are read
   * again at the next request. Without a version (a score or the heat map changed), every ward's are.
   */
  invalidate(wardId?: string, version?: number): void {
    if (wardId === undefined) {
      this.inputs.clear();
      return;
    }
    const entry = this.inputs.get(wardId);
    if (entry === undefined) return;
    // Only an older read is dropped, at once: a duplicate or late announcement keeps a newer one. A
    // read still under way may predate the change, so it is dropped too.
    if (version === undefined || entry.version === undefined || entry.version < version) this.inputs.delete(wardId);
  }

  /** One read of a ward's stored inputs shared by every request meanwhile; nothing is kept for an unknown ward. */
  private inputsOf(wardId: string): Promise<BoardInputs | null> {
    const now = this.clock();
    const entry = this.inputs.get(wardId);
    if (entry !== undefined && now - entry.loadedAt < INPUTS_KEPT_MS) return entry.load;
    const load = Promise.all([
      this.boards.getWard(wardId),
      this.boards.getBoardState(wardId),
      this.scores.latestScoreOf(wardId),
    ]).then(([stored, state, latest]) => (stored === null || state === null ? null : { stored, state, latest }));
    const fresh: InputsEntry = { loadedAt: now, load };
    this.inputs.set(wardId, fresh);
    // A failed read or an unknown ward is not kept: the next request asks the database again.
    load.then(
      (inputs) => {
        if (inputs !== null) fresh.version = inputs.state.version;
        else if (this.inputs.get(wardId) === fresh) this.inputs.delete(wardId);
      },
      () => {
        if (this.inputs.get(wardId) === fresh) this.inputs.delete(wardId);
      },
    );
    return load;
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
