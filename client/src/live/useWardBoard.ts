/** React face of the ward feed: one connection per mounted ward display (`useFeedView`). */
import { useCallback } from 'react';
import { browserMonotonicClock } from './clock';
import { useFeedView } from './useFeedView';
import { WardFeed, initialWardView, type WardView } from './ward-feed';
import { useWardFeedConnector } from './WardFeedContext';

export function useWardBoard(wardId: string): WardView {
  const connect = useWardFeedConnector();
  const create = useCallback(() => new WardFeed(wardId, connect(), browserMonotonicClock), [wardId, connect]);
  return useFeedView(create, initialWardView);
}
