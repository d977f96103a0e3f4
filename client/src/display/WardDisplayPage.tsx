/**
 * Route element for /wards/:wardId and /wards/:wardId/display. Who is asking decides what appears
 * (see wall-access.ts): the live board for this ward's enrolled screen and for staff whose roles
 * include boards; a pairing code, and nothing else, for a screen nobody has enrolled.
 */
import { Link, useParams } from 'react-router';
import { rolesText } from '../auth/access-words';
import { AccessNotice } from '../auth/AccessNotice';
import { useReportEnded, useSession } from '../auth/SessionContext';
import { useScreenSessionRefresh } from '../auth/useScreenSessionRefresh';
import { useWardBoard } from '../live/useWardBoard';
import { EndedScreen } from './EndedScreen';
import { ScreenRemoved } from './ScreenRemoved';
import { WallPairing } from './WallPairing';
import { bindingPath, wallAccess } from './wall-access';
import { WardDisplay } from './WardDisplay';

interface WardDisplayPageProps {
  /** How often an unenrolled screen checks on its code (tests shorten it). */
  pairingPollMs?: number;
}

export function WardDisplayPage({ pairingPollMs }: WardDisplayPageProps) {
  const wardId = useParams().wardId ?? '';
  const session = useSession();
  useScreenSessionRefresh();
  const access = wallAccess(session, wardId);
  const pairAgain = session.clearEnded;
  switch (access.kind) {
    case 'checking':
      return <AccessNotice wall title="Starting…" />;
    case 'unreachable':
      return (
        <AccessNotice
          wall
          role="alert"
          title="Wardflow cannot be reached"
          detail={`${access.message} Trying again by itself. If this stays, call IT.`}
        />
      );
    case 'board':
      return <LiveWardDisplay wardId={wardId} />;
    case 'pairing':
      return (
        <WallPairing
          wardId={wardId}
          onApproved={() => void session.reload()}
          {...(pairingPollMs === undefined ? {} : { pollMs: pairingPollMs })}
        />
      );
    case 'removed':
      return <ScreenRemoved enrolAt={`${window.location.origin}/admin/devices`} onPairAgain={pairAgain} />;
    case 'ended':
      return <EndedScreen reason={access.reason} idleTimeoutMs={session.idleTimeoutMs} onPair={pairAgain} />;
    case 'other-binding': {
      const binding = access.binding;
      const belongs =
        binding === null
          ? 'nothing Wardflow knows'
          : binding.kind === 'ward'
            ? `ward ${binding.wardId}`
            : `the heat map of site ${binding.siteId}`;
      return (
        <AccessNotice
          wall
          role="alert"
          title="This screen is enrolled for somewhere else"
          detail={`“${access.screenName}” is enrolled for ${belongs}, not for ward ${wardId}, so it does not show this ward.`}
        >
          {binding !== null && <Link to={bindingPath(binding)}>Show what this screen is enrolled for</Link>}
        </AccessNotice>
      );
    }
    case 'no-role':
      return (
        <AccessNotice
          wall
          title="Your role does not include ward boards"
          detail={`You are signed in as ${access.identity.name} (${rolesText(access.identity)}).`}
        />
      );
  }
}

/** The live board; if the server ends access while it is up, the board goes at once and the reason takes its place. */
function LiveWardDisplay({ wardId }: { wardId: string }) {
  const view = useWardBoard(wardId);
  const { idleTimeoutMs, clearEnded } = useSession();
  useReportEnded(view.ended);
  if (view.ended !== null) return <EndedScreen reason={view.ended} idleTimeoutMs={idleTimeoutMs} onPair={clearEnded} />;
  return (
    <WardDisplay
      wardId={wardId}
      board={view.board}
      serverNow={view.serverNow}
      connection={view.connection}
      error={view.error}
    />
  );
}
