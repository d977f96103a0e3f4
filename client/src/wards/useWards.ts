/**
 * Loads GET /api/wards (the wards in the caller's scope) and reloads it every 30 s, so the list's
 * freshness column does not go on claiming "Current" for hours on a browser left open. Reloads are
 * marked background: they must not keep an idle session alive.
 */
import type { WardSummary } from '@wardflow/shared';
import { useEffect, useState } from 'react';
import { apiFetch, errorText } from '../auth/api';

const RELOAD_MS = 30_000;

export interface WardsState {
  wards: WardSummary[] | null;
  error: string | null;
}

export function useWards(): WardsState {
  const [state, setState] = useState<WardsState>({ wards: null, error: null });

  useEffect(() => {
    const controller = new AbortController();
    const load = async (background: boolean) => {
      try {
        const wards = await apiFetch<WardSummary[]>('/api/wards', { signal: controller.signal, background });
        setState({ wards, error: null });
      } catch (error) {
        if (controller.signal.aborted) return;
        setState((previous) => ({ wards: previous.wards, error: errorText(error) }));
      }
    };
    void load(false);
    const timer = setInterval(() => void load(true), RELOAD_MS);
    return () => {
      clearInterval(timer);
      controller.abort();
    };
  }, []);

  return state;
}
