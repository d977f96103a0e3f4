/**
 * Where escalation feeds get their connection. The app provides a real Socket.IO one (main.tsx);
 * without a provider (component tests of screens that only show escalations in passing) there is no
 * feed and nothing is shown, rather than a socket opened behind the test's back.
 */
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import {
  EscalationFeed,
  initialEscalationsState,
  type EscalationTransport,
  type EscalationsState,
} from './escalation-feed';
import { escalationTransport } from './escalation-socket';

export type EscalationConnector = () => EscalationTransport;

const EscalationsContext = createContext<EscalationConnector | null>(null);

export function EscalationsProvider({
  children,
  connect = escalationTransport,
}: {
  children: ReactNode;
  connect?: EscalationConnector;
}) {
  return <EscalationsContext.Provider value={connect}>{children}</EscalationsContext.Provider>;
}

/** Live open escalations for one ward, or every ward when `wardId` is null; null when no provider is present. */
export function useEscalations(wardId: string | null): EscalationsState | null {
  const connect = useContext(EscalationsContext);
  const [state, setState] = useState<EscalationsState>(initialEscalationsState);
  useEffect(() => {
    if (connect === null) return undefined;
    const feed = new EscalationFeed(connect(), wardId);
    feed.start(setState);
    return () => feed.stop();
  }, [connect, wardId]);
  return connect === null ? null : state;
}
