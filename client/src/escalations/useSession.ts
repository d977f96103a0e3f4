/**
 * The interim sign-in from the browser (until OIDC): who is signed in, sign in, sign out, and
 * acknowledge, all against the same-origin API, whose cookie is HttpOnly (the page never sees it).
 */
import type { EscalationView, SessionResponse } from '@wardflow/shared';
import { useCallback, useEffect, useState } from 'react';

async function call<T>(method: string, url: string, body?: unknown): Promise<T> {
  const response = await fetch(url, {
    method,
    credentials: 'same-origin',
    headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await response.json().catch(() => null)) as unknown;
  if (!response.ok) {
    const message = typeof (json as { message?: unknown } | null)?.message === 'string' ? (json as { message: string }).message : `${response.status} ${response.statusText}`;
    throw new Error(message);
  }
  return json as T;
}

export interface SessionApi {
  session: SessionResponse | null;
  signIn(username: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  acknowledge(id: number): Promise<EscalationView>;
}

export function useSession(): SessionApi {
  const [session, setSession] = useState<SessionResponse | null>(null);
  useEffect(() => {
    call<SessionResponse>('GET', '/api/session')
      .then(setSession)
      .catch(() => setSession({ signedIn: false }));
  }, []);
  const signIn = useCallback(async (username: string, password: string) => setSession(await call<SessionResponse>('POST', '/api/session', { username, password })), []);
  const signOut = useCallback(async () => setSession(await call<SessionResponse>('DELETE', '/api/session')), []);
  const acknowledge = useCallback(async (id: number) => {
    try {
      return await call<EscalationView>('POST', `/api/escalations/${id}/acknowledge`);
    } catch (error) {
      // The session may have ended (restart with a random secret, expiry): show the form again.
      if ((error as Error).message.includes('Sign in')) setSession({ signedIn: false });
      throw error;
    }
  }, []);
  return { session, signIn, signOut, acknowledge };
}
