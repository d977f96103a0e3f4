/**
 * Words the wall display uses. Pure, and always given the estimated server time, never the screen's
 * own clock (CS-2).
 */
import {
  formatLondonDay,
  formatLondonTime,
  freshnessOf,
  londonDate,
  type BedStatus,
  type Board,
  type Freshness,
  type News2Band,
} from '@wardflow/shared';

/** Freshness as the screen shows it: `waiting` before the ward's first complete poll. */
export type ScreenFreshness = Freshness | 'waiting';

const severity: Record<Freshness, number> = { fresh: 0, stale: 1, expired: 2 };

/**
 * Recomputes freshness for the moment on screen, so data that ages past a threshold while no message
 * arrives is caught. The server's own verdict is a floor: it may know something (a future-dated
 * snapshot, a failed poll) that the age alone does not show.
 */
export function screenFreshness(board: Board, serverNow: number): ScreenFreshness {
  if (board.asOf === null) return 'waiting';
  const lastPollFailed = board.freshness === 'stale' && board.staleReason != null;
  const here = freshnessOf(board.asOf, serverNow, lastPollFailed);
  return severity[here] >= severity[board.freshness] ? here : board.freshness;
}

export function freshnessLabel(freshness: ScreenFreshness): string {
  switch (freshness) {
    case 'fresh':
      return 'Current';
    case 'stale':
      return 'May be out of date';
    case 'expired':
      return 'NOT CURRENT';
    case 'waiting':
      return 'Waiting for first data';
  }
}

export function bedStatusLabel(status: BedStatus): string {
  switch (status) {
    case 'occupied':
      return 'Occupied';
    case 'free':
      return 'Free';
    case 'cleaning':
      return 'Cleaning';
    case 'closed':
      return 'Closed';
    case 'reserved':
      return 'Reserved';
    case 'blocked':
      return 'Blocked';
  }
}

export function news2BandLabel(band: News2Band): string {
  switch (band) {
    case 'low':
      return 'Low';
    case 'low-medium':
      return 'Low-medium';
    case 'medium':
      return 'Medium';
    case 'high':
      return 'High';
  }
}

/** "just now", "35 min ago", "2 h ago", "3 d ago": whole units, rounded down, short enough for a bed card. */
export function ageLabel(fromIso: string, now: number): string {
  const minutes = Math.floor((now - Date.parse(fromIso)) / 60_000);
  if (Number.isNaN(minutes)) return 'time unknown';
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}

export interface EddLabel {
  text: string;
  /** The expected discharge date has gone by: a flow problem worth a second look. */
  past: boolean;
}

/**
 * Expected discharge date relative to the ward's "today" (Europe/London). The date part is compared,
 * as the census counts "expected discharges today" the same way.
 */
export function eddLabel(expectedDischargeDate: string, now: number): EddLabel {
  const edd = expectedDischargeDate.slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(edd)) return { text: 'EDD unreadable', past: false };
  const today = londonDate(now);
  // Noon UTC falls on the same calendar day in London in both GMT and BST.
  const shown = formatLondonDay(`${edd}T12:00:00Z`);
  // Past dates drop the weekday: "Past EDD" is the point, and the card is narrow.
  if (edd < today) return { text: `Past EDD · ${shown.replace(/^\w+ /, '')}`, past: true };
  if (edd === today) return { text: 'EDD Today', past: false };
  if (edd === nextDate(today)) return { text: 'EDD Tomorrow', past: false };
  return { text: `EDD ${shown}`, past: false };
}

/** The calendar day after "YYYY-MM-DD", by date arithmetic: adding 24 h misses on a 25-hour day. */
function nextDate(ymd: string): string {
  const next = new Date(`${ymd}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

/** "14:05 GMT", or a plain warning when the time cannot be read: a bad timestamp must not blank the screen. */
export function londonTimeOf(iso: string): string {
  return Number.isNaN(Date.parse(iso)) ? 'unknown time' : formatLondonTime(iso);
}
