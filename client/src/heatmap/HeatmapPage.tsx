import { HeatmapScreen } from './HeatmapScreen';
import { useHeatmap } from './useHeatmap';

/** Route element for /heatmap: the live feed joined to the pure screen. */
export function HeatmapPage() {
  const view = useHeatmap();
  return <HeatmapScreen {...view} />;
}
