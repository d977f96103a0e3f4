import { grantsAllow, type WardSummary } from '@wardflow/shared';
import { useApi } from '../api/useApi';
import { useSession } from '../auth/SessionContext';
import { WardList } from './WardList';

/**
 * Reloaded every 30 s, so the list's freshness column does not go on claiming "Current" for hours on
 * a browser left open.
 */
const RELOAD_MS = 30_000;

/** Route element for / (behind the ward-list gate, App.tsx). */
export function WardListPage() {
  const { data: wards, error } = useApi<WardSummary[]>('/api/wards', { reloadMs: RELOAD_MS });
  const { identity } = useSession();
  const grants = identity?.grants ?? [];
  return (
    <WardList
      wards={wards}
      error={error}
      mayOpenBoard={(w) => grantsAllow(grants, 'ward.board', { ward: { id: w.id, siteId: w.siteId } })}
    />
  );
}
