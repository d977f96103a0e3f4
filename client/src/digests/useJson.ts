/**
 * Loads JSON from the API and reloads it every `reloadMs` (the ledger changes as a run goes on).
 * The last good answer stays on screen under a failed reload; `reload()` fetches now (after a run).
 * Timed reloads are marked background, so a page left open does not keep its session alive.
 */
import { useCallback, useEffect, useState } from 'react';
import { apiFetch, errorText } from '../auth/api';

export interface JsonState<T> {
  data: T | null;
  error: string | null;
  reload: () => void;
}

export function useJson<T>(url: string, reloadMs = 30_000): JsonState<T> {
  const [state, setState] = useState<{ data: T | null; error: string | null }>({ data: null, error: null });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((n) => n + 1), []);

  useEffect(() => {
    const controller = new AbortController();
    const load = async (background: boolean) => {
      try {
        const data = await apiFetch<T>(url, { signal: controller.signal, background });
        setState({ data, error: null });
      } catch (error) {
        if (controller.signal.aborted) return;
        setState((previous) => ({ data: previous.data, error: errorText(error) }));
      }
    };
    void load(false);
    const timer = setInterval(() => void load(true), reloadMs);
    return () => {
      clearInterval(timer);
      controller.abort();
    };
  }, [url, reloadMs, generation]);

  return { ...state, reload };
}
