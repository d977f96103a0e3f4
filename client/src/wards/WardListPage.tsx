import { WardList } from './WardList';
import { useWards } from './useWards';

export function WardListPage() {
  const { wards, error } = useWards();
  return <WardList wards={wards} error={error} />;
}
