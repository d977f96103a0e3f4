/**
 * The audit page's filters, kept in the page's own address (so Back, a bookmark and the CSV link all
 * carry them) in the API's own terms: times as UTC ISO instants. Pure.
 */
import { AUDIT_ACTIONS } from '@wardflow/shared';
import { isoToLondonLocal, londonLocalToIso } from './admin-format';

/** The filters as the form shows them: times as London wall-clock "YYYY-MM-DDTHH:mm". */
export interface AuditFilters {
  from: string;
  to: string;
  action: string;
  outcome: string;
  actorId: string;
  wardId: string;
  patientId: string;
}

export const NO_FILTERS: AuditFilters = {
  from: '',
  to: '',
  action: '',
  outcome: '',
  actorId: '',
  wardId: '',
  patientId: '',
};

const TEXT_KEYS = ['action', 'outcome', 'actorId', 'wardId', 'patientId'] as const;

/** The form's filters from the page address. */
export function filtersOf(params: URLSearchParams): AuditFilters {
  const time = (key: 'from' | 'to') => {
    const iso = params.get(key);
    return iso === null ? '' : isoToLondonLocal(iso);
  };
  const filters: AuditFilters = { ...NO_FILTERS, from: time('from'), to: time('to') };
  for (const key of TEXT_KEYS) filters[key] = params.get(key) ?? '';
  return filters;
}

/** The page address's query for the filters, or the first thing wrong with them, in words. */
export function paramsOf(filters: AuditFilters): { params: URLSearchParams } | { error: string } {
  const params = new URLSearchParams();
  for (const key of ['from', 'to'] as const) {
    if (filters[key] === '') continue;
    const iso = londonLocalToIso(filters[key]);
    if (iso === null) return { error: `${key === 'from' ? 'From' : 'To'}: give a date and a time.` };
    params.set(key, iso);
  }
  if (params.has('from') && params.has('to') && (params.get('from') as string) > (params.get('to') as string))
    return { error: 'From must be before To.' };
  if (filters.action !== '' && !(AUDIT_ACTIONS as readonly string[]).includes(filters.action))
    return { error: 'Action: choose one from the list.' };
  for (const key of TEXT_KEYS) {
    const value = filters[key].trim();
    if (value !== '') params.set(key, value);
  }
  return { params };
}

const FILTER_KEYS = ['from', 'to', ...TEXT_KEYS] as const;

/** GET /api/audit for the page address: its filters, and `before` for an older page. */
export function auditApiUrl(page: URLSearchParams, limit = 100): string {
  const query = new URLSearchParams();
  for (const key of [...FILTER_KEYS, 'before'] as const) {
    const value = page.get(key);
    if (value !== null) query.set(key, value);
  }
  query.set('limit', String(limit));
  return `/api/audit?${query.toString()}`;
}

/** The same filters as a CSV download (every matching entry, not one page). */
export function auditCsvUrl(page: URLSearchParams): string {
  const query = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = page.get(key);
    if (value !== null) query.set(key, value);
  }
  query.set('format', 'csv');
  return `/api/audit?${query.toString()}`;
}
