import { Navigate } from 'react-router';
import { useSession } from '../auth/SessionContext';
import { bindingPath } from './wall-access';
import { WallPairing } from './WallPairing';

/**
 * Route element for /pair: pairing for a screen that has no ward address to start from (a site's
 * heat-map screen, or a removed screen starting again). Once enrolled it goes where it belongs.
 */
export function PairingPage() {
  const session = useSession();
  const binding = session.identity?.kind === 'device' ? session.identity.device : undefined;
  if (binding !== undefined) return <Navigate to={bindingPath(binding)} replace />;
  return <WallPairing wardId={null} onApproved={() => void session.reload()} />;
}
