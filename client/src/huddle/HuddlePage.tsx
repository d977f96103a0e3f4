import { grantsAllow } from '@wardflow/shared';
import { useParams } from 'react-router';
import { useReportEnded, useSession } from '../auth/SessionContext';
import { useWardBoard } from '../live/useWardBoard';
import { HuddleView } from './HuddleView';

/**
 * Route element for /wards/:wardId/huddle (behind the ward.board gate, App.tsx): the ward's live feed,
 * laid out as the day's check-ins, beds linking to patient detail for staff whose role includes it.
 */
export function HuddlePage() {
  const wardId = useParams().wardId ?? '';
  const view = useWardBoard(wardId);
  const { identity } = useSession();
  useReportEnded(view.ended);
  // Access ended: the board goes at once; the gate around this page says why as soon as the session hears.
  if (view.ended !== null) return null;
  const ward = view.board?.ward;
  const mayOpenPatient =
    identity?.kind === 'user' &&
    ward !== undefined &&
    grantsAllow(identity.grants, 'ward.patient', { ward: { id: ward.id, siteId: ward.siteId } });
  const mayRecord =
    identity?.kind === 'user' &&
    ward !== undefined &&
    grantsAllow(identity.grants, 'huddle.actions', { ward: { id: ward.id, siteId: ward.siteId } });
  return (
    <HuddleView
      wardId={wardId}
      board={view.board}
      serverNow={view.serverNow}
      connection={view.connection}
      error={view.error}
      mayOpenPatient={mayOpenPatient}
      mayRecord={mayRecord}
      actionsChanged={view.actionsChanged}
    />
  );
}
