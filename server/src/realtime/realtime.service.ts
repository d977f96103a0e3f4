/**
 * Turns "board changed" announcements into pushes to this process's screens: load the board once,
 * send it once to the ward's room. Versions already sent are skipped, so duplicate announcements
 * (two workers, a retried job) never make a screen redraw.
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { BoardChangedMessage } from '@wardflow/shared';
import { BOARD_EVENTS } from '../core/tokens.js';
import { BoardService } from '../wards/board.service.js';
import type { BoardEvents } from './board-events.adapter.js';
import { WardGateway } from './ward.gateway.js';

@Injectable()
export class RealtimeService implements OnApplicationBootstrap {
  private readonly logger = new Logger(RealtimeService.name);
  private readonly lastSent = new Map<string, number>();

  constructor(
    @Inject(BOARD_EVENTS) private readonly events: BoardEvents,
    private readonly boards: BoardService,
    private readonly gateway: WardGateway,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.events.subscribe((message) => {
      this.deliver(message).catch((error: unknown) =>
        this.logger.error(`Could not deliver board for ward ${message.wardId}: ${(error as Error).message}`),
      );
    });
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
