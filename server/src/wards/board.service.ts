/**
 * Boards and ward summaries as the API and the screens receive them, composed from the stored state
 * at the current server time by the shared rule, so REST and sockets always agree.
 */
import { Inject, Injectable } from '@nestjs/common';
import { composeBoard, freshnessOf, type Board, type WardSummary } from '@wardflow/shared';
import { CLOCK, type Clock } from '../core/tokens.js';
import { BoardRepository } from '../store/board.repository.js';

@Injectable()
export class BoardService {
  constructor(
    private readonly boards: BoardRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async getBoard(wardId: string): Promise<Board | null> {
    const [ward, state] = await Promise.all([this.boards.getWard(wardId), this.boards.getBoardState(wardId)]);
    if (ward === null || state === null) return null;
    return composeBoard(ward, state, this.clock());
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
      };
    });
  }
}
