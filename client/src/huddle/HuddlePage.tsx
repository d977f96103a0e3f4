import { useParams } from 'react-router';
import { useWardBoard } from '../live/useWardBoard';
import { HuddleView } from './HuddleView';

/** Route element for /wards/:wardId/huddle: the ward's live feed, laid out as the day's check-ins. */
export function HuddlePage() {
  const wardId = useParams().wardId ?? '';
  const view = useWardBoard(wardId);
  return <HuddleView wardId={wardId} {...view} />;
}
