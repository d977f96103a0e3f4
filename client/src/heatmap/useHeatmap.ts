/**
 * React face of the heat-map feed: one socket per mounted heat map, and a re-render every few seconds
 * so row freshness and the connection state are recomputed even when nothing arrives (CS-2, CS-3).
 */
import { useEffect, useState } from 'react';
import { browserMonotonicClock } from '../live/clock';
import { connectWardSocket } from '../live/socket-transport';
import { HeatmapFeed, initialHeatmapView, type HeatmapView } from './heatmap-feed';
import { heatmapTransport } from './heatmap-socket';

const TICK_MS = 2_000;

export function useHeatmap(): HeatmapView {
  const [view, setView] = useState<HeatmapView>(initialHeatmapView);

  useEffect(() => {
    const feed = new HeatmapFeed(heatmapTransport(connectWardSocket()), browserMonotonicClock);
    const publish = () => setView(feed.view());
    feed.start(publish);
    publish();
    const tick = setInterval(publish, TICK_MS);
    return () => {
      clearInterval(tick);
      feed.stop();
    };
  }, []);

  return view;
}
