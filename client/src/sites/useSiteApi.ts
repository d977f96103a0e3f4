/**
 * Loads one drill-down resource (GET /api/sites...) and reloads it every 60 s: a bed manager's page
 * left open must not go on showing the morning's numbers. The figures age on screen between reloads
 * and under a failed one (`useServerTimedApi`).
 */
import { useServerTimedApi, type ServerTimedState } from '../api/useApi';

const RELOAD_MS = 60_000;

export function useSiteApi<T extends { serverTime: string }>(url: string): ServerTimedState<T> {
  return useServerTimedApi<T>(url, { reloadMs: RELOAD_MS });
}
