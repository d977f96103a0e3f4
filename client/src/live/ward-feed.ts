/**
 * One screen's live feed of one ward, free of React and of Socket.IO so it can be tested with a fake
 * transport and pinned clocks. It subscribes on every (re)connect (the server answers with the full
 * board, RT), applies only newer `ward:board` versions, keeps the server-time estimate current and
 * watches for silence (CS-3). When the server ends the connection's access (`access:ended`) or refuses
 * its handshake, it drops the board and says why: the screen must not go on showing it.
 */
import type { Board, HeartbeatPayload, SubscribeAck, WardSafetyUpdate, WardSubscribeRequest } from '@wardflow/shared';
import type { AccessEndReason } from '../auth/access-words';
import { applyBoard, applySafety, expectResync, initialBoardState, type BoardState } from './board-state';
import { ServerClock, type MonotonicClock } from './clock';
import { ConnectionMonitor, type ConnectionStatus } from './connection-monitor';

/** What the feed needs from a connection; `socket-transport.ts` adapts Socket.IO to it. */
export interface FeedTransport {
  onConnect(listener: () => void): void;
  onDisconnect(listener: () => void): void;
  onHeartbeat(listener: (payload: HeartbeatPayload) => void): void;
  onBoard(listener: (board: Board) => void): void;
  onSafety(listener: (update: WardSafetyUpdate) => void): void;
  /** The server ended this connection's access, or refused its handshake for want of a working credential. */
  onAccessEnded(listener: (reason: AccessEndReason) => void): void;
  /** Resolves with the server's answer; rejects when none comes in time. */
  subscribe(request: WardSubscribeRequest): Promise<SubscribeAck<Board>>;
  close(): void;
}

/** Everything the display needs, as of the moment `view()` was called. */
export interface WardView {
  board: Board | null;
  /** Estimated server time (epoch ms); null until the server has said anything. */
  serverNow: number | null;
  connection: ConnectionStatus;
  /** A subscription the server refused or did not answer: shown on screen, never swallowed. */
  error: string | null;
  /** Why the server ended this screen's access; the board is gone once it is set. */
  ended: AccessEndReason | null;
}

export interface WardFeedOptions {
  lostAfterMs?: number;
  /** Wait before asking again when a subscription went unanswered. */
  subscribeRetryMs?: number;
}

export const initialWardView: WardView = { board: null, serverNow: null, connection: 'connecting', error: null, ended: null };

export class WardFeed {
  private readonly clock: ServerClock;
  private readonly monitor: ConnectionMonitor;
  private readonly subscribeRetryMs: number;
  private state: BoardState = initialBoardState;
  private error: string | null = null;
  private ended: AccessEndReason | null = null;
  private connected = false;
  private stopped = false;
  /** Bumped per subscription so an answer meant for an earlier connection is dropped. */
  private attempt = 0;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private onChange: () => void = () => undefined;

  constructor(
    private readonly wardId: string,
    private readonly transport: FeedTransport,
    monotonic: MonotonicClock,
    options: WardFeedOptions = {},
  ) {
    this.clock = new ServerClock(monotonic);
    this.monitor = new ConnectionMonitor(monotonic, options.lostAfterMs);
    this.subscribeRetryMs = options.subscribeRetryMs ?? 5_000;
  }

  /** Wires the transport; `onChange` is called whenever something arrives or the connection changes. */
  start(onChange: () => void): void {
    this.onChange = onChange;
    this.transport.onConnect(() => {
      this.connected = true;
      this.monitor.markConnected();
      this.state = expectResync(this.state);
      void this.subscribe();
      this.onChange();
    });
    this.transport.onDisconnect(() => {
      this.connected = false;
      this.attempt += 1;
      clearTimeout(this.retry);
      this.monitor.markDisconnected();
      this.onChange();
    });
    this.transport.onHeartbeat((payload) => {
      this.monitor.markAlive();
      this.clock.sync(payload.serverTime);
      this.onChange();
    });
    this.transport.onBoard((board) => {
      this.monitor.markAlive();
      this.receive(board);
      this.onChange();
    });
    this.transport.onSafety((update) => {
      this.monitor.markAlive();
      this.state = applySafety(this.state, update, this.wardId);
      this.onChange();
    });
    this.transport.onAccessEnded((reason) => {
      this.ended = reason;
      this.state = initialBoardState;
      this.attempt += 1;
      clearTimeout(this.retry);
      this.onChange();
    });
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retry);
    this.transport.close();
  }

  view(): WardView {
    return {
      board: this.state.board,
      serverNow: this.clock.now(),
      connection: this.monitor.status(),
      error: this.error,
      ended: this.ended,
    };
  }

  private receive(board: Board): void {
    if (this.ended !== null) return;
    this.clock.sync(board.serverTime);
    this.state = applyBoard(this.state, board, this.wardId);
  }

  private async subscribe(): Promise<void> {
    const attempt = ++this.attempt;
    clearTimeout(this.retry);
    let result: SubscribeAck<Board>;
    try {
      result = await this.transport.subscribe({ wardId: this.wardId });
    } catch {
      if (attempt !== this.attempt || this.stopped) return;
      this.error = 'The server did not answer the subscription to this ward; asking again';
      this.retry = setTimeout(() => {
        if (this.connected && !this.stopped) void this.subscribe();
      }, this.subscribeRetryMs);
      this.onChange();
      return;
    }
    if (attempt !== this.attempt || this.stopped) return;
    this.monitor.markAlive();
    if ('error' in result) {
      this.error = result.error;
    } else {
      this.error = null;
      this.receive(result.data);
    }
    this.onChange();
  }
}
