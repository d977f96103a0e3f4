/**
 * One screen's live feed of one ward (the subscription, reconnects and resyncs are `SocketFeed`'s).
 * The subscription answer is the full board (RT); between answers it applies only newer `ward:board`
 * versions and newer `ward:safety` rows. When access ends the board is dropped: the screen must not go
 * on showing it.
 */
import type {
  Board,
  HuddleActionsChangedMessage,
  SubscribeAck,
  WardSafetyUpdate,
  WardSubscribeRequest,
} from '@wardflow/shared';
import { applyBoard, applySafety, expectResync, initialBoardState, type BoardState } from './board-state';
import type { MonotonicClock } from './clock';
import {
  initialLiveStatus,
  SocketFeed,
  type LiveStatus,
  type LiveTransport,
  type SocketFeedOptions,
} from './socket-feed';

/** What the feed needs from a connection; `socket-transport.ts` adapts Socket.IO to it. */
export interface FeedTransport extends LiveTransport {
  onBoard(listener: (board: Board) => void): void;
  onSafety(listener: (update: WardSafetyUpdate) => void): void;
  onHuddleActions(listener: (message: HuddleActionsChangedMessage) => void): void;
  /** Resolves with the server's answer; rejects when none comes in time. */
  subscribe(request: WardSubscribeRequest): Promise<SubscribeAck<Board>>;
}

/** Everything the display needs, as of the moment `view()` was called. */
export interface WardView extends LiveStatus {
  board: Board | null;
  /**
   * Goes up each time the ward's huddle actions changed, or may have (a reconnect: nudges sent while
   * away never arrive), so the huddle reads them again at once. Counts only; the actions are read over HTTP.
   */
  actionsChanged: number;
}

export type WardFeedOptions = SocketFeedOptions;

export const initialWardView: WardView = { board: null, actionsChanged: 0, ...initialLiveStatus };

export class WardFeed extends SocketFeed<Board, WardView, FeedTransport> {
  private state: BoardState = initialBoardState;
  private actionsChanged = 0;
  private askedBefore = false;

  constructor(
    private readonly wardId: string,
    transport: FeedTransport,
    monotonic: MonotonicClock,
    options: WardFeedOptions = {},
  ) {
    super(transport, monotonic, options, 'The server did not answer the subscription to this ward; asking again');
  }

  view(): WardView {
    return { board: this.state.board, actionsChanged: this.actionsChanged, ...this.liveStatus() };
  }

  protected listen(): void {
    this.transport.onBoard((board) => this.pushed(() => this.receive(board)));
    this.transport.onSafety((update) => this.pushed(() => (this.state = applySafety(this.state, update, this.wardId))));
    this.transport.onHuddleActions((message) => {
      if (message.wardId === this.wardId) this.pushed(() => (this.actionsChanged += 1));
    });
  }

  protected ask(): Promise<SubscribeAck<Board>> {
    // Asking again means the connection was lost or the answer slow: actions may have changed meanwhile.
    if (this.askedBefore) this.actionsChanged += 1;
    this.askedBefore = true;
    return this.transport.subscribe({ wardId: this.wardId });
  }

  protected show(board: Board): void {
    this.state = applyBoard(this.state, board, this.wardId);
  }

  protected drop(): void {
    this.state = initialBoardState;
  }

  protected override expectResync(): void {
    this.state = expectResync(this.state);
  }
}
