/**
 * Reads one patient's detail (GET /api/wards/:wardId/beds/:bedId/patient) when the page opens and
 * when the person asks again: never on a timer, because every read is a view recorded in the audit
 * log. Server time is carried forward between reads so the board fields age on screen (CS-2).
 */
import type { PatientDetail } from '@wardflow/shared';
import { useCallback, useEffect, useState } from 'react';
import { apiFetch, errorText } from '../auth/api';
import { browserMonotonicClock, ServerClock } from '../live/clock';

const TICK_MS = 15_000;

export interface PatientDetailState {
  detail: PatientDetail | null;
  error: string | null;
  loading: boolean;
  serverNow: number | null;
  reload: () => void;
}

export function usePatientDetail(wardId: string, bedId: string): PatientDetailState {
  const [state, setState] = useState<{ detail: PatientDetail | null; error: string | null; loading: boolean }>({ detail: null, error: null, loading: true });
  const [clock] = useState(() => new ServerClock(browserMonotonicClock));
  const [generation, setGeneration] = useState(0);
  const [, setTick] = useState(0);
  const reload = useCallback(() => setGeneration((n) => n + 1), []);

  useEffect(() => {
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    const url = `/api/wards/${encodeURIComponent(wardId)}/beds/${encodeURIComponent(bedId)}/patient`;
    apiFetch<PatientDetail>(url, { signal: controller.signal }).then(
      (detail) => {
        clock.sync(detail.serverTime);
        setState({ detail, error: null, loading: false });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState((s) => ({ detail: s.detail, error: errorText(error), loading: false }));
      },
    );
    const tick = setInterval(() => setTick((n) => n + 1), TICK_MS);
    return () => {
      controller.abort();
      clearInterval(tick);
    };
  }, [wardId, bedId, generation, clock]);

  return { ...state, serverNow: state.detail === null ? null : clock.now(), reload };
}
