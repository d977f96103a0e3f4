/**
 * Loads JSON from the API and reloads it every `reloadMs` (the ledger changes as a run goes on).
 * The last good answer stays on screen under a failed reload; `reload()` fetches now (after a run).
 */
import { useCallback, useEffect, useState } from 'react';

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
    const load = async () => {
      try {
        const response = await fetch(url, { signal: controller.signal, headers: { accept: 'application/json' } });
        if (!response.ok) {
          const body = (await response.json().catch(() => null)) as { message?: unknown } | null;
          throw new Error(`the server answered ${response.status}${typeof body?.message === 'string' ? `: ${body.message}` : ''}`);
        }
        const data = (await response.json()) as T;
        setState({ data, error: null });
      } catch (error) {
        if (controller.signal.aborted) return;
        setState((previous) => ({ data: previous.data, error: error instanceof Error ? error.message : String(error) }));
      }
    };
    void load();
    const timer = setInterval(() => void load(), reloadMs);
    return () => {
      clearInterval(timer);
      controller.abort();
    };
  }, [url, reloadMs, generation]);

  return { ...state, reload };
}
