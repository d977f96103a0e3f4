import { grantsAllow } from '@wardflow/shared';
import { useReportEnded, useSession } from '../auth/SessionContext';
import { useScreenSessionRefresh } from '../auth/useScreenSessionRefresh';
import { HeatmapScreen } from './HeatmapScreen';
import { useHeatmap } from './useHeatmap';

/**
 * Route element for /heatmap (behind the heatmap.view gate, App.tsx): inpatient leads and a site's
 * enrolled heat-map screen. The live feed joined to the pure screen.
 */
export function HeatmapPage() {
  const { heatmap, serverNow, connection, error, ended } = useHeatmap();
  const { identity } = useSession();
  useScreenSessionRefresh();
  useReportEnded(ended);
  // Access ended: the rows go at once; the gate around this page says why (a removed screen, a signed-out person).
  if (ended !== null) return null;
  const grants = identity?.grants ?? [];
  return (
    <HeatmapScreen
      heatmap={heatmap}
      serverNow={serverNow}
      connection={connection}
      error={error}
      mayOpenBoard={(row) => grantsAllow(grants, 'ward.board', { ward: { id: row.wardId, siteId: row.siteId } })}
    />
  );
}
