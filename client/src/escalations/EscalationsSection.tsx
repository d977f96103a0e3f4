import { useReportEnded, useSession } from '../auth/SessionContext';
import { SignInLink } from '../auth/SignInLink';
import { useEscalations } from './EscalationsContext';
import { EscalationsPanel } from './EscalationsPanel';
import { useAcknowledge } from './useAcknowledge';

/** The live escalations on the manager view: the open list in the caller's scope, and acknowledgement for bed managers. */
export function EscalationsSection({ serverNow }: { serverNow: number | null }) {
  const feed = useEscalations(null);
  const { identity } = useSession();
  const acknowledge = useAcknowledge();
  useReportEnded(feed?.ended ?? null);
  if (feed === null) return null;
  // Heartbeats keep the time current between the page's 60 s reloads.
  const now = feed.serverTime === null ? serverNow : Math.max(serverNow ?? 0, Date.parse(feed.serverTime));
  return (
    <EscalationsPanel
      feed={feed}
      identity={identity}
      signIn={<SignInLink>Sign in to acknowledge</SignInLink>}
      serverNow={now}
      onAcknowledge={acknowledge}
    />
  );
}
