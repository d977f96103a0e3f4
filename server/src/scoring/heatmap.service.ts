/**
 * The heat map as the API and the sockets serve it: every ward's latest score with the freshness of
 * its board, composed by the shared rules at the current server time.
 */
import { Inject, Injectable } from '@nestjs/common';
import { composeHeatmap, heatmapWardInput, type Heatmap } from '@wardflow/shared';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { trustHeatmapMeasures } from '../config/wards-config.js';
import { CLOCK, type Clock } from '../core/tokens.js';
import { BoardRepository } from '../store/board.repository.js';
import { ScoreRepository } from '../store/score.repository.js';

@Injectable()
export class HeatmapService {
  constructor(
    private readonly boards: BoardRepository,
    private readonly scores: ScoreRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async getHeatmap(): Promise<Heatmap> {
    // Version first: a score landing in between makes the next broadcast newer, never this one stale-but-newer.
    const version = await this.scores.heatmapVersion();
    const [wards, summaries, latest] = await Promise.all([
      this.boards.liveWards(),
      this.boards.listBoardSummaries(),
      this.scores.latestScores(),
    ]);
    const boardOf = new Map(summaries.map((s) => [s.wardId, s]));
    const measures = trustHeatmapMeasures(this.config.measureOverrides);
    return composeHeatmap(
      wards.map((ward) => {
        const board = boardOf.get(ward.id);
        return heatmapWardInput(
          { wardId: ward.id, name: ward.name, siteId: ward.siteId, siteName: ward.siteName, profile: ward.profile },
          board === undefined
            ? null
            : { asOf: board.asOf?.toISOString() ?? null, lastPollOk: board.lastPollOk, staleReason: board.staleReason },
          latest.get(ward.id),
        );
      }),
      measures,
      version,
      this.clock(),
    );
  }
}
