/**
 * The heat map's live feed (the subscription, reconnects and resyncs are `SocketFeed`'s). The
 * subscription answer is the whole heat map; between answers it applies only `heatmap` events with a
 * higher version. When access ends the heat map is dropped, so the page says why instead of showing
 * rows nobody keeps current.
 */
import type { Heatmap, SubscribeAck } from '@wardflow/shared';
import type { MonotonicClock } from '../live/clock';
import {
  initialLiveStatus,
  SocketFeed,
  type LiveStatus,
  type LiveTransport,
  type SocketFeedOptions,
} from '../live/socket-feed';

/** What the feed needs from a connection; `heatmap-socket.ts` adapts Socket.IO to it. */
export interface HeatmapTransport extends LiveTransport {
  onHeatmap(listener: (heatmap: Heatmap) => void): void;
  /** Resolves with the server's answer; rejects when none comes in time. */
  subscribe(): Promise<SubscribeAck<Heatmap>>;
}

export interface HeatmapView extends LiveStatus {
  heatmap: Heatmap | null;
}

export type HeatmapFeedOptions = SocketFeedOptions;

export const initialHeatmapView: HeatmapView = { heatmap: null, ...initialLiveStatus };

export class HeatmapFeed extends SocketFeed<Heatmap, HeatmapView, HeatmapTransport> {
  private heatmap: Heatmap | null = null;

  constructor(transport: HeatmapTransport, monotonic: MonotonicClock, options: HeatmapFeedOptions = {}) {
    super(transport, monotonic, options, 'The server did not answer the heat map subscription; asking again');
  }

  view(): HeatmapView {
    return { heatmap: this.heatmap, ...this.liveStatus() };
  }

  protected listen(): void {
    this.transport.onHeatmap((heatmap) =>
      this.pushed(() => {
        if (this.synced && (this.heatmap === null || heatmap.version > this.heatmap.version)) this.receive(heatmap);
      }),
    );
  }

  protected ask(): Promise<SubscribeAck<Heatmap>> {
    return this.transport.subscribe();
  }

  protected show(heatmap: Heatmap): void {
    this.heatmap = heatmap;
  }

  protected drop(): void {
    this.heatmap = null;
  }
}
