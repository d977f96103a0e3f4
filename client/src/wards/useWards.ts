/**
 * Loads GET /api/wards and reloads it every 30 s, so the list's freshness column does not go on
 * claiming "Current" for hours on a browser left open.
 */
import type { WardSummary } from '@wardflow/shared';
import { useEffect, useState } from 'react';

const RELOAD_MS = 30_000;

export interface WardsState {
  wards: WardSummary[] | null;
  error: string | null;
}

export function useWards(): WardsState {
  const [state, setState] = useState<WardsState>({ wards: null, error: null });

  useEffect(() => {
    const controller = new AbortController();
    const load = async () => {
      try {
        const response = await fetch('/api/wards', { signal: controller.signal, headers: { accept: 'application/json' } });
        if (!response.ok) throw new Error(`the server answered ${response.status} ${response.statusText}`.trim());
        const wards = (await response.json()) as WardSummary[];
        setState({ wards, error: null });
      } catch (error) {
        if (controller.signal.aborted) return;
        setState((previous) => ({ wards: previous.wards, error: error instanceof Error ? error.message : String(error) }));
      }
    };
    void load();
    const timer = setInterval(() => void load(), RELOAD_MS);
    return () => {
      clearInterval(timer);
      controller.abort();
    };
  }, []);

  return state;
}
