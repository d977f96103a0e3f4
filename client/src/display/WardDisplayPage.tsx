import { useParams } from 'react-router';
import { useWardBoard } from '../live/useWardBoard';
import { WardDisplay } from './WardDisplay';

/** Route element for /wards/:wardId and /wards/:wardId/display: the live feed joined to the pure display. */
export function WardDisplayPage() {
  const wardId = useParams().wardId ?? '';
  const view = useWardBoard(wardId);
  return <WardDisplay wardId={wardId} {...view} />;
}
