/**
 * Loads one ward's history of one measure (GET /api/wards/:wardId/history) for the chart. The answer's
 * shape is the server's `MeasureHistory`, which the shared package does not export, so it is named here.
 */
import type { Band } from '@wardflow/shared';
import { useEffect, useState } from 'react';
import { apiFetch, errorText } from '../auth/api';

export interface HistoryPoint {
  at: string;
  value: number | null;
  band: Band | null;
  granularity: 'poll' | 'hour' | 'day';
  reason?: string;
}

export interface WardHistory {
  wardId: string;
  measure: { id: string; label: string; unit: string; direction: string; amber: number; red: number };
  from: string;
  to: string;
  /** How old detail was thinned, in a sentence: shown under the chart so it implies no detail it lacks. */
  aggregation: string;
  points: HistoryPoint[];
}

export interface WardHistoryState {
  history: WardHistory | null;
  loading: boolean;
  error: string | null;
}

export function useWardHistory(wardId: string, measure: string): WardHistoryState {
  const [state, setState] = useState<WardHistoryState>({ history: null, loading: true, error: null });

  useEffect(() => {
    const controller = new AbortController();
    setState({ history: null, loading: true, error: null });
    const load = async () => {
      try {
        const query = new URLSearchParams({ measure });
        const history = await apiFetch<WardHistory>(`/api/wards/${encodeURIComponent(wardId)}/history?${query.toString()}`, { signal: controller.signal });
        setState({ history, loading: false, error: null });
      } catch (error) {
        if (controller.signal.aborted) return;
        setState({ history: null, loading: false, error: errorText(error) });
      }
    };
    void load();
    return () => controller.abort();
  }, [wardId, measure]);

  return state;
}
