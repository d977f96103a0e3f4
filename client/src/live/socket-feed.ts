/**
 * What every live feed over the socket does, free of React and of Socket.IO so each feed can be
 * tested with a fake transport and pinned clocks. It subscribes on every (re)connect and takes the
 * server's whole current state from the answer (RT), which is also how it resyncs after a gap; keeps
 * the server-time estimate current and watches for silence (CS-3); asks again when a subscription
 * goes unanswered; and when the server ends the connection's access or refuses its handshake, drops
 * what it showed and keeps the reason, so the screen says why instead of showing data nobody keeps
 * current. A feed adds its own pushed events and how it applies them (`ward-feed.ts`, `heatmap-feed.ts`).
 */
import type { HeartbeatPayload, SubscribeAck } from '@wardflow/shared';
import type { AccessEndReason } from '../auth/access-words';
import { ServerClock, type MonotonicClock } from './clock';
import { ConnectionMonitor, type ConnectionStatus } from './connection-monitor';

/** What every feed needs from a connection; `socket-transport.ts` adapts Socket.IO to it. */
export interface LiveTransport {
  onConnect(listener: () => void): void;
  onDisconnect(listener: () => void): void;
  onHeartbeat(listener: (payload: HeartbeatPayload) => void): void;
  /** The server ended this connection's access, or refused its handshake for want of a working credential. */
  onAccessEnded(listener: (reason: AccessEndReason) => void): void;
  /** The server is restarting on purpose and will close the connection; back within `backWithinMs`. */
  onRestarting(listener: (payload: { backWithinMs: number }) => void): void;
  close(): void;
}

/** The connection's side of what a screen shows, as of the moment `view()` was called. */
export interface LiveStatus {
  /** Estimated server time (epoch ms); null until the server has said anything. */
  serverNow: number | null;
  connection: ConnectionStatus;
  /** A subscription the server refused or did not answer: shown on screen, never swallowed. */
  error: string | null;
  /** Why the server ended this screen's access; the data is gone once it is set. */
  ended: AccessEndReason | null;
}

export interface SocketFeedOptions {
  lostAfterMs?: number;
  /** Wait before asking again when a subscription went unanswered. */
  subscribeRetryMs?: number;
}

export const initialLiveStatus: LiveStatus = { serverNow: null, connection: 'connecting', error: null, ended: null };

export abstract class SocketFeed<T extends { serverTime: string }, V, Transport extends LiveTransport = LiveTransport> {
  private readonly clock: ServerClock;
  private readonly monitor: ConnectionMonitor;
  private readonly subscribeRetryMs: number;
  /**
   * False between a (re)connect and its subscription answer, when a pushed event could be older than
   * the answer (which is the full state anyway).
   */
  protected synced = false;
  private error: string | null = null;
  private ended: AccessEndReason | null = null;
  private connected = false;
  private stopped = false;
  /** Bumped per subscription so an answer meant for an earlier connection is dropped. */
  private attempt = 0;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private onChange: () => void = () => undefined;

  protected constructor(
    protected readonly transport: Transport,
    monotonic: MonotonicClock,
    options: SocketFeedOptions,
    /** Said on screen when a subscription goes unanswered. */
    private readonly unanswered: string,
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
      this.synced = false;
      this.monitor.markConnected();
      this.expectResync();
      void this.subscribe();
      this.onChange();
    });
    this.transport.onDisconnect(() => {
      this.connected = false;
      this.synced = false;
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
    this.transport.onRestarting(({ backWithinMs }) => {
      this.monitor.markRestarting(backWithinMs);
      this.onChange();
    });
    this.transport.onAccessEnded((reason) => {
      this.ended = reason;
      this.drop();
      this.synced = false;
      this.attempt += 1;
      clearTimeout(this.retry);
      this.onChange();
    });
    this.listen();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retry);
    this.transport.close();
  }

  abstract view(): V;

  /** Wires the feed's own pushed events, each handled through `pushed`. */
  protected abstract listen(): void;
  /** Asks the server for the whole current state. */
  protected abstract ask(): Promise<SubscribeAck<T>>;
  /** Shows `data`: the subscription answer, or a pushed state the feed accepted. */
  protected abstract show(data: T): void;
  /** Forgets what was shown: access has ended. */
  protected abstract drop(): void;
  /** A (re)connect: the coming answer is the authority, whatever its version. */
  protected expectResync(): void {}

  protected liveStatus(): LiveStatus {
    return { serverNow: this.clock.now(), connection: this.monitor.status(), error: this.error, ended: this.ended };
  }

  /** A pushed event: a sign of life, then applied, then published. */
  protected pushed(apply: () => void): void {
    this.monitor.markAlive();
    apply();
    this.onChange();
  }

  /** Takes a whole state from the server, unless access has ended. */
  protected receive(data: T): void {
    if (this.ended !== null) return;
    this.clock.sync(data.serverTime);
    this.show(data);
  }

  private async subscribe(): Promise<void> {
    const attempt = ++this.attempt;
    clearTimeout(this.retry);
    let result: SubscribeAck<T>;
    try {
      result = await this.ask();
    } catch {
      if (attempt !== this.attempt || this.stopped) return;
      this.error = this.unanswered;
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
      // The answer is the server's whole current state: taken even if its version is lower (a restarted server counts again).
      this.receive(result.data);
      this.synced = true;
    }
    this.onChange();
  }
}
