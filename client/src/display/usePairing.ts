/**
 * An unenrolled screen asking to be enrolled (SEC-3): it asks for a pairing code (POST
 * /api/devices/pairings), shows it, and checks every few seconds whether someone has approved it (GET
 * /api/devices/pairings/current). Approved, the screen's own credential arrives as an HttpOnly cookie
 * with that very answer and `onApproved` runs; expired, a new code is asked for by itself, because
 * nobody may be at the screen to ask.
 */
import type { PairingStarted, PairingStatus } from '@wardflow/shared';
import { useEffect, useRef, useState } from 'react';
import { apiFetch, errorText } from '../auth/api';

export const PAIRING_POLL_MS = 3_000;
/** After a refusal (too many codes from this address, server down), wait this long before asking again. */
const RETRY_AFTER_FAILURE_MS = 60_000;

export type PairingState =
  | { phase: 'starting'; previous: 'expired' | null }
  | { phase: 'waiting'; code: string; expiresAt: string; trouble: string | null }
  | { phase: 'approved' }
  | { phase: 'failed'; message: string };

export interface PairingOptions {
  pollMs?: number;
  retryMs?: number;
}

export function usePairing(wardId: string | null, onApproved: () => void, options: PairingOptions = {}): PairingState {
  const pollMs = options.pollMs ?? PAIRING_POLL_MS;
  const retryMs = options.retryMs ?? RETRY_AFTER_FAILURE_MS;
  const [state, setState] = useState<PairingState>({ phase: 'starting', previous: null });
  const approved = useRef(onApproved);
  useEffect(() => {
    approved.current = onApproved;
  }, [onApproved]);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const later = (run: () => Promise<void>, ms: number) => {
      timer = setTimeout(() => void run(), ms);
    };

    const start = async (previous: 'expired' | null) => {
      setState({ phase: 'starting', previous });
      try {
        const started = await apiFetch<PairingStarted>('/api/devices/pairings', {
          method: 'POST',
          body: wardId === null ? {} : { wardId },
        });
        if (stopped) return;
        setState({ phase: 'waiting', code: started.code, expiresAt: started.expiresAt, trouble: null });
        later(check, pollMs);
      } catch (error) {
        if (stopped) return;
        setState({ phase: 'failed', message: errorText(error) });
        later(() => start(previous), retryMs);
      }
    };

    const check = async () => {
      let status: PairingStatus;
      try {
        status = await apiFetch<PairingStatus>('/api/devices/pairings/current', { background: true });
      } catch (error) {
        if (stopped) return;
        // Keep the code on screen: it may still be approved once the server answers again.
        setState((s) => (s.phase === 'waiting' ? { ...s, trouble: errorText(error) } : s));
        later(check, pollMs);
        return;
      }
      if (stopped) return;
      switch (status.state) {
        case 'waiting':
          setState({ phase: 'waiting', code: status.code, expiresAt: status.expiresAt, trouble: null });
          later(check, pollMs);
          return;
        case 'approved':
          setState({ phase: 'approved' });
          approved.current();
          return;
        case 'expired':
        case 'none':
          // `none`: the pairing cookie is gone (cleared, or the code was used up): start again.
          await start('expired');
          return;
      }
    };

    void start(null);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [wardId, pollMs, retryMs]);

  return state;
}
