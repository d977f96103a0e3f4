/**
 * Loads one API resource for a desk page; optionally reloads it on a timer (marked background, so it
 * does not keep an idle session alive). `reload()` is for after a person's action, sent as use.
 * The last good answer stays under a failed reload.
 */
import { useCallback, useEffect, useState } from 'react';
import { apiFetch, errorText } from './api';

export interface ApiGetState<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

export function useApiGet<T>(url: string, reloadMs: number | null = null): ApiGetState<T> {
  const [state, setState] = useState<{ data: T | null; error: string | null; loading: boolean; url: string }>({ data: null, error: null, loading: true, url });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((n) => n + 1), []);

  useEffect(() => {
    const controller = new AbortController();
    const load = async (background: boolean) => {
      setState((s) => ({ ...s, loading: true }));
      try {
        const data = await apiFetch<T>(url, { signal: controller.signal, background });
        setState({ data, error: null, loading: false, url });
      } catch (error) {
        if (controller.signal.aborted) return;
        // Another address (other filters) must not show the previous address's rows.
        setState((s) => ({ data: s.url === url ? s.data : null, error: errorText(error), loading: false, url }));
      }
    };
    void load(false);
    const timer = reloadMs === null ? undefined : setInterval(() => void load(true), reloadMs);
    return () => {
      clearInterval(timer);
      controller.abort();
    };
  }, [url, reloadMs, generation]);

  const current = state.url === url ? state : { data: null, error: null, loading: true };
  return { data: current.data, error: current.error, loading: current.loading, reload };
}
