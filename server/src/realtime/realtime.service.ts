/**
 * Turns "board changed" announcements into pushes to this process's screens: load the board once,
 * send it once to the ward's room. Versions already sent are skipped, so duplicate announcements
 * (two workers, a retried job) never make a screen redraw.
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { BoardChangedMessage, HeatmapChangedMessage } from '@wardflow/shared';
import { BOARD_EVENTS } from '../core/tokens.js';
import { HeatmapService } from '../scoring/heatmap.service.js';
import { BoardService } from '../wards/board.service.js';
import type { BoardEvents } from './board-events.adapter.js';
import { WardGateway } from './ward.gateway.js';

@Injectable()
export class RealtimeService implements OnApplicationBootstrap {
  private readonly logger = new Logger(RealtimeService.name);
  private readonly lastSent = new Map<string, number>();
  private lastHeatmapSent = -1;

  constructor(
    @Inject(BOARD_EVENTS) private readonly events: BoardEvents,
    private readonly boards: BoardService,
    private readonly gateway: WardGateway,
    private readonly heatmaps: HeatmapService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.events.subscribe((message) => {
      this.deliver(message).catch((error: unknown) =>
        this.logger.error(`Could not deliver board for ward ${message.wardId}: ${(error as Error).message}`),
      );
    });
    await this.events.subscribeHeatmap((message) => {
      this.deliverHeatmap(message).catch((error: unknown) => this.logger.error(`Could not deliver the heat map: ${(error as Error).message}`));
    });
  }

  /** Composes the heat map once per new version and sends it once to the room. */
  private async deliverHeatmap({ version }: HeatmapChangedMessage): Promise<void> {
    if (!this.gateway.hasHeatmapWatchers() || this.lastHeatmapSent >= version) return;
    const heatmap = await this.heatmaps.getHeatmap();
    if (this.lastHeatmapSent >= heatmap.version) return;
    this.lastHeatmapSent = heatmap.version;
    this.gateway.emitHeatmap(heatmap);
  }

  private async deliver({ wardId, version }: BoardChangedMessage): Promise<void> {
    if (!this.gateway.hasWatchers(wardId)) return;
    if ((this.lastSent.get(wardId) ?? -1) >= version) return;
    const board = await this.boards.getBoard(wardId);
    if (board === null || (this.lastSent.get(wardId) ?? -1) >= board.version) return;
    this.lastSent.set(wardId, board.version);
    this.gateway.emitToWard(wardId, board);
  }
}
