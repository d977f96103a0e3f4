import { useEscalations } from './EscalationsContext';
import { EscalationsPanel } from './EscalationsPanel';
import { useSession } from './useSession';

/** The live escalations on the manager view: the trust's open list, the sign-in and acknowledgement. */
export function EscalationsSection({ serverNow }: { serverNow: number | null }) {
  const feed = useEscalations(null);
  const { session, signIn, signOut, acknowledge } = useSession();
  if (feed === null) return null;
  // Heartbeats keep the time current between the page's 60 s reloads.
  const now = feed.serverTime === null ? serverNow : Math.max(serverNow ?? 0, Date.parse(feed.serverTime));
  return <EscalationsPanel feed={feed} session={session} serverNow={now} onAcknowledge={acknowledge} onSignIn={signIn} onSignOut={signOut} />;
}
