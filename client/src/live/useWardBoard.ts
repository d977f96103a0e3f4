/**
 * React face of the live feed: one connection per mounted ward display, and a re-render every few
 * seconds so freshness and the connection state are recomputed even when nothing arrives (CS-2, CS-3).
 */
import { useEffect, useState } from 'react';
import { browserMonotonicClock } from './clock';
import { WardFeed, initialWardView, type WardView } from './ward-feed';
import { useWardFeedConnector } from './WardFeedContext';

const TICK_MS = 2_000;

export function useWardBoard(wardId: string): WardView {
  const [view, setView] = useState<WardView>(initialWardView);
  const connect = useWardFeedConnector();

  useEffect(() => {
    const feed = new WardFeed(wardId, connect(), browserMonotonicClock);
    const publish = () => setView(feed.view());
    feed.start(publish);
    publish();
    const tick = setInterval(publish, TICK_MS);
    return () => {
      clearInterval(tick);
      feed.stop();
    };
  }, [wardId, connect]);

  return view;
}
