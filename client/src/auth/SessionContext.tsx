/**
 * Who is using this page, loaded once when the app starts (GET /api/session) and shared by every
 * page: the session bar, the gates, the wall display. Any 401 from any request, and any socket told
 * its access ended, lands here (`reportEnded`), so the whole page changes at once and says why.
 */
import type { Identity, SessionResponse } from '@wardflow/shared';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { DEFAULT_SIGN_IN_URL, type AccessEndReason } from './access-words';
import { apiFetch, errorText, onUnauthorised } from './api';

/** `unreachable`: no session answer has come yet because the server could not be reached. */
export type SessionStatus = 'loading' | 'ready' | 'unreachable';

export interface SessionValue {
  status: SessionStatus;
  /** The latest answer (kept through a failed reload). */
  session: SessionResponse | null;
  identity: Identity | null;
  signInUrl: string;
  /** Why the credential in use stopped working, until someone signs in again. */
  ended: AccessEndReason | null;
  /** The idle timeout of the session in use (or the one that ended), for the words. */
  idleTimeoutMs: number | null;
  /** Why the latest GET /api/session failed. */
  error: string | null;
  reload(options?: { background?: boolean }): Promise<void>;
  signOut(): Promise<void>;
  reportEnded(reason: AccessEndReason): void;
  /** Forget why access ended (a removed screen asking for a new pairing code). */
  clearEnded(): void;
}

export const SessionContext = createContext<SessionValue | null>(null);

interface State {
  status: SessionStatus;
  session: SessionResponse | null;
  ended: AccessEndReason | null;
  idleTimeoutMs: number | null;
  error: string | null;
  /** Failed loads in a row: each one schedules the next attempt. */
  failures: number;
}

/** While the server cannot be reached at start-up, ask again this often (a ward PC booting before the server). */
const RETRY_MS = 15_000;

const signInUrlOf = (session: SessionResponse | null) =>
  session !== null && !session.signedIn ? session.signInUrl : DEFAULT_SIGN_IN_URL;

function accepted(state: State, session: SessionResponse): State {
  if (session.signedIn)
    return {
      status: 'ready',
      session,
      ended: null,
      idleTimeoutMs: session.identity.idleTimeoutMs ?? null,
      error: null,
      failures: 0,
    };
  // The server says why a credential it was shown no longer works (a removed screen after a reload).
  return { ...state, status: 'ready', session, ended: session.ended ?? state.ended, error: null, failures: 0 };
}

export function SessionProvider({ children, retryMs = RETRY_MS }: { children: ReactNode; retryMs?: number }) {
  const [state, setState] = useState<State>({
    status: 'loading',
    session: null,
    ended: null,
    idleTimeoutMs: null,
    error: null,
    failures: 0,
  });

  const reload = useCallback(async (options: { background?: boolean } = {}) => {
    try {
      const session = await apiFetch<SessionResponse>('/api/session', { background: options.background === true });
      setState((s) => accepted(s, session));
    } catch (error) {
      setState((s) => ({
        ...s,
        status: s.session === null ? 'unreachable' : s.status,
        error: errorText(error),
        failures: s.failures + 1,
      }));
    }
  }, []);

  const reportEnded = useCallback((reason: AccessEndReason) => {
    setState((s) => {
      if (s.ended === reason && s.session?.signedIn === false) return s;
      const idle =
        s.session?.signedIn === true ? (s.session.identity.idleTimeoutMs ?? s.idleTimeoutMs) : s.idleTimeoutMs;
      return {
        status: 'ready',
        session: { signedIn: false, signInUrl: signInUrlOf(s.session) },
        ended: reason,
        idleTimeoutMs: idle,
        error: null,
        failures: 0,
      };
    });
  }, []);

  const signOut = useCallback(async () => {
    const session = await apiFetch<SessionResponse>('/api/session', { method: 'DELETE' });
    setState((s) => ({ ...accepted(s, session), ended: 'signed-out' }));
  }, []);

  const clearEnded = useCallback(() => setState((s) => ({ ...s, ended: null })), []);

  useEffect(() => {
    void reload();
    return onUnauthorised(reportEnded);
  }, [reload, reportEnded]);

  useEffect(() => {
    if (state.status !== 'unreachable') return undefined;
    const retry = setTimeout(() => void reload(), retryMs);
    return () => clearTimeout(retry);
  }, [state.status, state.failures, reload, retryMs]);

  const value = useMemo<SessionValue>(
    () => ({
      status: state.status,
      session: state.session,
      ended: state.ended,
      idleTimeoutMs: state.idleTimeoutMs,
      error: state.error,
      identity: state.session?.signedIn === true ? state.session.identity : null,
      signInUrl: signInUrlOf(state.session),
      reload,
      signOut,
      reportEnded,
      clearEnded,
    }),
    [state, reload, signOut, reportEnded, clearEnded],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (value === null) throw new Error('useSession needs a SessionProvider (main.tsx provides one)');
  return value;
}

/**
 * Tells the session that a feed's access ended (socket `access:ended` or a refused handshake).
 * Without a provider (component tests of a screen alone) there is nobody to tell.
 */
export function useReportEnded(ended: AccessEndReason | null): void {
  const report = useContext(SessionContext)?.reportEnded;
  useEffect(() => {
    if (ended !== null && report !== undefined) report(ended);
  }, [ended, report]);
}
