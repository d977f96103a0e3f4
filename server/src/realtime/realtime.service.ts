/**
 * Turns "board changed" announcements into pushes to this process's screens: the board's kept inputs
 * dropped (BoardService), loaded once, sent once to the ward's room. Versions already sent are skipped, so duplicate announcements
 * (two workers, a retried job) never make a screen redraw.
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import {
  wardSafetyOf,
  type BoardChangedMessage,
  type EscalationChangedMessage,
  type HeatmapChangedMessage,
} from '@wardflow/shared';
import { EscalationService } from '../escalation/escalation.service.js';
import { BOARD_EVENTS } from '../core/tokens.js';
import { HeatmapService } from '../scoring/heatmap.service.js';
import { BoardService } from '../wards/board.service.js';
import type { BoardEvents } from '../core/board-events.port.js';
import { WardGateway } from './ward.gateway.js';

@Injectable()
export class RealtimeService implements OnApplicationBootstrap {
  private readonly logger = new Logger(RealtimeService.name);
  private readonly lastSent = new Map<string, number>();
  private lastHeatmapSent = -1;
  /** Per ward, the score time of the safety row last pushed to its screens. */
  private readonly lastSafetySent = new Map<string, string | null>();

  constructor(
    @Inject(BOARD_EVENTS) private readonly events: BoardEvents,
    private readonly boards: BoardService,
    private readonly gateway: WardGateway,
    private readonly heatmaps: HeatmapService,
    private readonly escalations: EscalationService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Announcements sent while the subscription was down are lost: every kept board is read again.
    this.events.onResubscribed?.(() => {
      this.logger.warn('Redis subscription restored: boards are read afresh, announcements may have been missed');
      this.boards.invalidate();
    });
    await this.events.subscribe((message) => {
      this.deliver(message).catch((error: unknown) =>
        this.logger.error(`Could not deliver board for ward ${message.wardId}: ${(error as Error).message}`),
      );
    });
    await this.events.subscribeEscalations((message) => {
      this.deliverEscalation(message).catch((error: unknown) =>
        this.logger.error(`Could not deliver escalation ${message.escalationId}: ${(error as Error).message}`),
      );
    });
    // Screens of the ward read their actions again; one that is not watched needs nothing.
    await this.events.subscribeHuddleActions(({ wardId }) => {
      if (this.gateway.hasWatchers(wardId)) this.gateway.emitHuddleActions(wardId);
    });
    await this.events.subscribeHeatmap((message) => {
      this.deliverHeatmap(message).catch((error: unknown) =>
        this.logger.error(`Could not deliver the heat map: ${(error as Error).message}`),
      );
    });
  }

  /**
   * Composes the heat map once per new version, sends it once to the heat-map room, and sends each
   * watched ward whose score changed its own row (a wall screen needs its row, not the trust's map).
   */
  private async deliverHeatmap({ version }: HeatmapChangedMessage): Promise<void> {
    // A new score: every board's safety row may have moved on.
    this.boards.invalidate();
    const watchedWards = this.gateway.watchedWards();
    if ((!this.gateway.hasHeatmapWatchers() && watchedWards.length === 0) || this.lastHeatmapSent >= version) return;
    const heatmap = await this.heatmaps.getHeatmap();
    if (this.lastHeatmapSent >= heatmap.version) return;
    this.lastHeatmapSent = heatmap.version;
    if (this.gateway.hasHeatmapWatchers()) this.gateway.emitHeatmap(heatmap);
    const watched = new Set(watchedWards);
    for (const row of heatmap.wards) {
      if (!watched.has(row.wardId) || this.lastSafetySent.get(row.wardId) === row.asOf) continue;
      this.lastSafetySent.set(row.wardId, row.asOf);
      this.gateway.emitWardSafety({ wardId: row.wardId, safety: wardSafetyOf(row, heatmap.measures, heatmap.version) });
    }
  }

  /** Loads the escalation once and pushes it with what changed; the row's own state is the truth (a later change may already be stored). */
  private async deliverEscalation({ escalationId, change }: EscalationChangedMessage): Promise<void> {
    const escalation = await this.escalations.view(escalationId);
    if (escalation !== null) this.gateway.emitEscalation({ change, escalation });
  }

  private async deliver({ wardId, version }: BoardChangedMessage): Promise<void> {
    this.boards.invalidate(wardId, version);
    if (!this.gateway.hasWatchers(wardId)) return;
    if ((this.lastSent.get(wardId) ?? -1) >= version) return;
    const board = await this.boards.getBoard(wardId);
    if (board === null || (this.lastSent.get(wardId) ?? -1) >= board.version) return;
    this.lastSent.set(wardId, board.version);
    this.gateway.emitToWard(wardId, board);
  }
}
