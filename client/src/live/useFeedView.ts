/**
 * React face of a live feed: one feed (and its connection) per mounted screen, and a re-render every
 * few seconds so freshness and the connection state are recomputed even when nothing arrives (CS-2, CS-3).
 */
import { useEffect, useState } from 'react';

const TICK_MS = 2_000;

export interface Feed<V> {
  start(onChange: () => void): void;
  stop(): void;
  view(): V;
}

/** `create` is called once per mount and again whenever it changes (keep it stable: module level or `useCallback`). */
export function useFeedView<V>(create: () => Feed<V>, initial: V): V {
  const [view, setView] = useState<V>(initial);

  useEffect(() => {
    const feed = create();
    const publish = () => setView(feed.view());
    feed.start(publish);
    publish();
    const tick = setInterval(publish, TICK_MS);
    return () => {
      clearInterval(tick);
      feed.stop();
    };
  }, [create]);

  return view;
}
