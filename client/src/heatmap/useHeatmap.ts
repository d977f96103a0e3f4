/** React face of the heat-map feed: one socket per mounted heat map (`useFeedView`). */
import { browserMonotonicClock } from '../live/clock';
import { connectWardSocket } from '../live/socket-transport';
import { useFeedView } from '../live/useFeedView';
import { HeatmapFeed, initialHeatmapView, type HeatmapView } from './heatmap-feed';
import { heatmapTransport } from './heatmap-socket';

const createFeed = () => new HeatmapFeed(heatmapTransport(connectWardSocket()), browserMonotonicClock);

export function useHeatmap(): HeatmapView {
  return useFeedView(createFeed, initialHeatmapView);
}
