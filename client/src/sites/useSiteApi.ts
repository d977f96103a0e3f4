/**
 * Loads one drill-down resource (GET /api/sites...) and reloads it every 60 s: a bed manager's page
 * left open must not go on showing the morning's numbers. The last good answer stays on screen under
 * a failed reload, and ages there: server time is carried forward on the monotonic clock (CS-2), and
 * the screen re-renders every 15 s so freshness is recomputed even when nothing arrives. Reloads
 * after the first are marked background, so a page left open does not keep its session alive.
 */
import { useEffect, useState } from 'react';
import { apiFetch, errorText } from '../auth/api';
import { ServerClock, browserMonotonicClock } from '../live/clock';

const RELOAD_MS = 60_000;
const TICK_MS = 15_000;

export interface SiteApiState<T> {
  data: T | null;
  /** Why the latest load failed (the last good data, if any, is still in `data`). */
  error: string | null;
  /** The server's time now, estimated; null before the first answer. */
  serverNow: number | null;
}

export function useSiteApi<T extends { serverTime: string }>(url: string): SiteApiState<T> {
  const [state, setState] = useState<{ data: T | null; error: string | null; url: string }>({ data: null, error: null, url });
  const [clock] = useState(() => new ServerClock(browserMonotonicClock));
  const [, setTick] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    const load = async (background: boolean) => {
      try {
        const data = await apiFetch<T>(url, { signal: controller.signal, background });
        clock.sync(data.serverTime);
        setState({ data, error: null, url });
      } catch (error) {
        if (controller.signal.aborted) return;
        const message = errorText(error);
        // A new address (another filter) must not show the old address's rows under it.
        setState((previous) => ({ data: previous.url === url ? previous.data : null, error: message, url }));
      }
    };
    setState((previous) => (previous.url === url ? previous : { data: null, error: null, url }));
    void load(false);
    const reload = setInterval(() => void load(true), RELOAD_MS);
    const tick = setInterval(() => setTick((n) => n + 1), TICK_MS);
    return () => {
      clearInterval(reload);
      clearInterval(tick);
      controller.abort();
    };
  }, [url, clock]);

  const current = state.url === url ? state : { data: null, error: null };
  return { data: current.data, error: current.error, serverNow: current.data === null ? null : clock.now() };
}
