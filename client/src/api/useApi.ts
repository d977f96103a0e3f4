/**
 * The one way a screen loads JSON from the REST API. Goes through `apiFetch`, so credentials, the
 * session's 401 handling and the wording of errors are the same on every page. The request is aborted
 * on unmount and when the address changes; the last good answer stays under a failed reload of the
 * same address, but another address (other filters, another ward) never shows the previous one's data.
 * Timed reloads are marked background, so a page left open does not keep an idle session alive;
 * `reload()` is for after a person's action and counts as use.
 */
import { useCallback, useEffect, useEffectEvent, useRef, useState } from 'react';
import { apiFetch, errorText } from '../auth/api';
import { browserMonotonicClock, ServerClock } from '../live/clock';

export interface ApiState<T> {
  data: T | null;
  /** A request is on its way (the first load, a timed reload or `reload()`). */
  loading: boolean;
  /** Why the latest load failed; the last good data of this address, if any, is still in `data`. */
  error: string | null;
  reload: () => void;
}

export interface UseApiOptions<T> {
  /** Reload on a timer this often; null (the default) loads once, and again only on `reload()`. */
  reloadMs?: number | null;
  /** Called with every answer as it arrives, before it is shown. */
  onData?: (data: T) => void;
  /**
   * Read again, in the background, whenever this changes: the server said the data changed (a socket
   * nudge). Background, like the timed reloads: a screen being told is not a person using it.
   */
  refreshKey?: number;
}

interface Slot<T> {
  path: string | null;
  data: T | null;
  error: string | null;
  loading: boolean;
}

const emptySlot = <T>(path: string | null): Slot<T> => ({ path, data: null, error: null, loading: path !== null });

/** Loads `path` (nothing while it is null). */
export function useApi<T>(path: string | null, options: UseApiOptions<T> = {}): ApiState<T> {
  const reloadMs = options.reloadMs ?? null;
  const [slot, setSlot] = useState<Slot<T>>(() => emptySlot(path));
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  const answered = useEffectEvent((data: T) => options.onData?.(data));
  const refreshKey = options.refreshKey ?? 0;
  // What the last load was started for: a change of `refreshKey` alone reloads in the background.
  const started = useRef<{ path: string | null; generation: number } | null>(null);

  useEffect(() => {
    if (path === null) return undefined;
    const controller = new AbortController();
    const load = async (background: boolean) => {
      setSlot((s) => (s.path === path ? { ...s, loading: true } : emptySlot(path)));
      try {
        const data = await apiFetch<T>(path, { signal: controller.signal, background });
        if (controller.signal.aborted) return;
        answered(data);
        setSlot({ path, data, error: null, loading: false });
      } catch (error) {
        if (controller.signal.aborted) return;
        setSlot((s) => ({ path, data: s.path === path ? s.data : null, error: errorText(error), loading: false }));
      }
    };
    const nudged = started.current?.path === path && started.current.generation === generation;
    started.current = { path, generation };
    void load(nudged);
    const timer = reloadMs === null ? undefined : setInterval(() => void load(true), reloadMs);
    return () => {
      clearInterval(timer);
      controller.abort();
    };
  }, [path, reloadMs, generation, refreshKey]);

  const current = slot.path === path ? slot : emptySlot<T>(path);
  return { data: current.data, loading: current.loading, error: current.error, reload };
}

/** How often a page showing server-timed data re-renders, so ages and freshness move on between answers. */
const TICK_MS = 15_000;

export interface ServerTimedState<T> extends ApiState<T> {
  /** The server's time now, estimated; null before the first answer. */
  serverNow: number | null;
}

/**
 * `useApi` for answers that carry the server's time. The screen's own clock may be wrong (CS-2), so
 * the server's time is carried forward on the monotonic clock from the latest answer, and the page
 * re-renders every 15 s so what it shows ages even when nothing arrives.
 */
export function useServerTimedApi<T extends { serverTime: string }>(
  path: string | null,
  options: Omit<UseApiOptions<T>, 'onData'> = {},
): ServerTimedState<T> {
  const [clock] = useState(() => new ServerClock(browserMonotonicClock));
  const [, setTick] = useState(0);
  const state = useApi<T>(path, { ...options, onData: (data) => clock.sync(data.serverTime) });

  useEffect(() => {
    const tick = setInterval(() => setTick((n) => n + 1), TICK_MS);
    return () => clearInterval(tick);
  }, []);

  return { ...state, serverNow: state.data === null ? null : clock.now() };
}
