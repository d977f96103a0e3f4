/**
 * Words and links of the manager drill-down. Pure; times are given as the estimated server time.
 */
import { BED_STATUSES, freshnessOnScreen, type BedStatus, type Freshness, type SiteBedFilter } from '@wardflow/shared';
import { bedStatusLabel } from '../display/format';

/**
 * Freshness for the moment on screen: the data keeps ageing between reloads and while the server is
 * unreachable. The server's verdict is a floor (it knows about failed polls the age does not show).
 */
export function freshnessNow(serverVerdict: Freshness, asOf: string | null, serverNow: number | null): Freshness {
  return freshnessOnScreen(serverVerdict, asOf, serverNow);
}

/** Where a number on the drill-down leads: the beds behind it. */
export function bedsLink(siteId: string, filter: SiteBedFilter, wardId: string | null = null): string {
  const query = new URLSearchParams();
  if (wardId !== null) query.set('wardId', wardId);
  if (filter !== 'all') query.set('filter', filter);
  const text = query.toString();
  return `/sites/${encodeURIComponent(siteId)}/beds${text === '' ? '' : `?${text}`}`;
}

const isBedStatus = (filter: SiteBedFilter): filter is BedStatus =>
  (BED_STATUSES as readonly string[]).includes(filter);

/** A status filter reads as the status does on the wall; the flow filters say what they pick. */
export function filterLabel(filter: SiteBedFilter): string {
  if (isBedStatus(filter)) return bedStatusLabel(filter);
  switch (filter) {
    case 'all':
      return 'All beds';
    case 'cleaning-long':
      return 'Cleaning too long';
    case 'on-leave':
      return 'On leave';
    case 'edd-today':
      return 'Expected discharge today';
    case 'edd-tomorrow':
      return 'Expected discharge tomorrow';
    case 'past-edd':
      return 'Past expected discharge';
    case 'delayed':
      return 'Delayed discharge';
    case 'unplaced':
      return 'Not in a bed';
  }
}

/** "45 min", "2 h 10 min", "3 d 4 h": how long, in the units a bed manager says it. */
export function durationLabel(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`;
}

/** "2 h" / "6 d 3 h" of stay, or "unknown". */
export function stayLabel(hours: number | null): string {
  return hours === null ? 'unknown' : durationLabel(hours * 60);
}

/** "92%", or "no open beds". Whole per cent: a bed manager does not act on tenths. */
export function percentLabel(percent: number | null): string {
  return percent === null ? 'no open beds' : `${Math.round(percent)}%`;
}

/** "2 h" from milliseconds, for "cleaning longer than 2 h". */
export function limitLabel(ms: number): string {
  return durationLabel(Math.round(ms / 60_000));
}
