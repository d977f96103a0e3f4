/**
 * The heat map's live feed, free of React and of Socket.IO so it can be tested with a fake transport
 * and pinned clocks (the same shape as `live/ward-feed.ts`). It subscribes on every (re)connect and
 * takes the whole heat map from the answer, which is also how it resyncs after a gap; between
 * subscriptions it applies only `heatmap` events with a higher version, and watches for silence (CS-3).
 * When the server ends the connection's access or refuses its handshake, the heat map is dropped and
 * the reason kept, so the page says why instead of showing rows nobody keeps current.
 */
import type { Heatmap, HeartbeatPayload, SubscribeAck } from '@wardflow/shared';
import type { AccessEndReason } from '../auth/access-words';
import { ServerClock, type MonotonicClock } from '../live/clock';
import { ConnectionMonitor, type ConnectionStatus } from '../live/connection-monitor';

/** What the feed needs from a connection; `heatmap-socket.ts` adapts Socket.IO to it. */
export interface HeatmapTransport {
  onConnect(listener: () => void): void;
  onDisconnect(listener: () => void): void;
  onHeartbeat(listener: (payload: HeartbeatPayload) => void): void;
  onHeatmap(listener: (heatmap: Heatmap) => void): void;
  /** The server ended this connection's access, or refused its handshake. */
  onAccessEnded(listener: (reason: AccessEndReason) => void): void;
  /** Resolves with the server's answer; rejects when none comes in time. */
  subscribe(): Promise<SubscribeAck<Heatmap>>;
  close(): void;
}

export interface HeatmapView {
  heatmap: Heatmap | null;
  /** Estimated server time (epoch ms); null until the server has said anything. */
  serverNow: number | null;
  connection: ConnectionStatus;
  /** A subscription the server refused or did not answer: shown on screen, never swallowed. */
  error: string | null;
  /** Why the server ended this screen's access; the heat map is gone once it is set. */
  ended: AccessEndReason | null;
}

export interface HeatmapFeedOptions {
  lostAfterMs?: number;
  /** Wait before asking again when a subscription went unanswered. */
  subscribeRetryMs?: number;
}

export const initialHeatmapView: HeatmapView = { heatmap: null, serverNow: null, connection: 'connecting', error: null, ended: null };

export class HeatmapFeed {
  private readonly clock: ServerClock;
  private readonly monitor: ConnectionMonitor;
  private readonly subscribeRetryMs: number;
  private heatmap: Heatmap | null = null;
  /**
   * Pushed events are ignored between a (re)connect and its subscription answer: one could be older
   * than the answer, and the answer is the full state anyway.
   */
  private synced = false;
  private error: string | null = null;
  private ended: AccessEndReason | null = null;
  private connected = false;
  private stopped = false;
  /** Bumped per subscription so an answer meant for an earlier connection is dropped. */
  private attempt = 0;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private onChange: () => void = () => undefined;

  constructor(
    private readonly transport: HeatmapTransport,
    monotonic: MonotonicClock,
    options: HeatmapFeedOptions = {},
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
    this.transport.onHeatmap((heatmap) => {
      this.monitor.markAlive();
      if (this.synced && (this.heatmap === null || heatmap.version > this.heatmap.version)) this.receive(heatmap);
      this.onChange();
    });
    this.transport.onAccessEnded((reason) => {
      this.ended = reason;
      this.heatmap = null;
      this.synced = false;
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

  view(): HeatmapView {
    return { heatmap: this.heatmap, serverNow: this.clock.now(), connection: this.monitor.status(), error: this.error, ended: this.ended };
  }

  private receive(heatmap: Heatmap): void {
    if (this.ended !== null) return;
    this.clock.sync(heatmap.serverTime);
    this.heatmap = heatmap;
  }

  private async subscribe(): Promise<void> {
    const attempt = ++this.attempt;
    clearTimeout(this.retry);
    let result: SubscribeAck<Heatmap>;
    try {
      result = await this.transport.subscribe();
    } catch {
      if (attempt !== this.attempt || this.stopped) return;
      this.error = 'The server did not answer the heat map subscription; asking again';
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
