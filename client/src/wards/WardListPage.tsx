import { grantsAllow } from '@wardflow/shared';
import { useSession } from '../auth/SessionContext';
import { WardList } from './WardList';
import { useWards } from './useWards';

/** Route element for / (behind the ward-list gate, App.tsx). */
export function WardListPage() {
  const { wards, error } = useWards();
  const { identity } = useSession();
  const grants = identity?.grants ?? [];
  return <WardList wards={wards} error={error} mayOpenBoard={(w) => grantsAllow(grants, 'ward.board', { ward: { id: w.id, siteId: w.siteId } })} />;
}
