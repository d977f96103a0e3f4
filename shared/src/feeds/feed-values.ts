/**
 * The cells of a CSV export read strictly: a London calendar date in the configured format, a time
 * of day, hours worked. Anything that does not read is a problem in words, never a guess (no day
 * rolled over from "31/02", no two-digit year, no month and day swapped to make a date fit).
 */
import type { FeedDateFormat } from './feed-config.js';

export interface FeedDate {
  /** "YYYY-MM-DD": a London calendar date. */
  date: string;
  /** A time of day written after the date, or null. */
  time: { hour: number; minute: number; second: number } | null;
  /** An ISO date-time's offset from UTC in minutes ("Z" is 0), or null when it has none (London wall-clock time). */
  offsetMinutes: number | null;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?`;
const PATTERNS: Readonly<Record<FeedDateFormat, RegExp>> = {
  'DD/MM/YYYY': new RegExp(String.raw`^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?:[ T]+${TIME})?$`),
  'YYYY-MM-DD': new RegExp(String.raw`^(\d{4})-(\d{2})-(\d{2})(?:[ T]${TIME}(Z|[+-]\d{2}:?\d{2})?)?$`, 'i'),
  'DD-MMM-YYYY': new RegExp(String.raw`^(\d{1,2})([- ])([a-z]{3})[a-z]*\2(\d{4})(?:[ T]+${TIME})?$`, 'i'),
};
const EXAMPLE: Readonly<Record<FeedDateFormat, string>> = {
  'DD/MM/YYYY': '06/12/2026',
  'YYYY-MM-DD': '2026-12-06',
  'DD-MMM-YYYY': '06-Dec-2026',
};

function calendarDate(y: number, m: number, d: number): string | null {
  if (m < 1 || m > 12 || d < 1 || d > new Date(Date.UTC(y, m, 0)).getUTCDate() || y < 1900 || y > 2999) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function clock(h?: string, mi?: string, s?: string): FeedDate['time'] | 'bad' {
  if (h === undefined || mi === undefined) return null;
  const [hour, minute, second] = [Number(h), Number(mi), Number(s ?? '0')];
  return hour > 23 || minute > 59 || second > 59 ? 'bad' : { hour, minute, second };
}

/** A date cell in the configured format, or why not. */
export function readFeedDate(text: string, format: FeedDateFormat): FeedDate | { problem: string } {
  const value = text.trim();
  const unreadable = { problem: `expected a date like ${EXAMPLE[format]} (${format}), got ${JSON.stringify(value)}` };
  if (value === '') return { problem: 'required' };
  const m = PATTERNS[format].exec(value);
  if (m === null) return unreadable;
  let date: string | null;
  let time: FeedDate['time'] | 'bad';
  let offsetMinutes: number | null = null;
  if (format === 'YYYY-MM-DD') {
    date = calendarDate(Number(m[1]), Number(m[2]), Number(m[3]));
    time = clock(m[4], m[5], m[6]);
    const zone = m[7];
    if (zone !== undefined) {
      const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
      offsetMinutes = z === null ? 0 : (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3]));
    }
  } else if (format === 'DD-MMM-YYYY') {
    const month = MONTHS.indexOf((m[3] ?? '').toLowerCase()) + 1;
    date = month === 0 ? null : calendarDate(Number(m[4]), month, Number(m[1]));
    time = clock(m[5], m[6], m[7]);
  } else {
    date = calendarDate(Number(m[4]), Number(m[3]), Number(m[1]));
    time = clock(m[5], m[6], m[7]);
  }
  if (date === null) return { problem: `no such date: ${JSON.stringify(value)} (${format})` };
  if (time === 'bad') return { problem: `no such time of day: ${JSON.stringify(value)}` };
  return { date, time, offsetMinutes };
}

/** A time-of-day cell, "14:30" or "14:30:00", or null when empty; or why not. */
export function readFeedTime(text: string): FeedDate['time'] | { problem: string } {
  const value = text.trim();
  if (value === '') return null;
  const m = new RegExp(`^${TIME}$`).exec(value);
  const time = m === null ? 'bad' : clock(m[1], m[2], m[3]);
  if (time === 'bad' || time === null)
    return { problem: `expected a time of day like 14:30, got ${JSON.stringify(value)}` };
  return time;
}

/**
 * Hours in a cell: a plain non-negative number ("7.5") or hours and minutes ("37:30", as rostering
 * systems often write durations), or null for an empty cell (not reported: never taken as 0).
 */
export function readHours(text: string): number | null | { problem: string } {
  const value = text.trim();
  if (value === '') return null;
  const hm = /^(-?)(\d+):([0-5]\d)$/.exec(value);
  const hours = hm !== null ? (hm[1] === '-' ? -1 : 1) * (Number(hm[2]) + Number(hm[3]) / 60) : Number(value);
  if (hm === null && !/^-?(\d+(\.\d*)?|\.\d+)$/.test(value))
    return { problem: `expected hours such as 7.5 or 37:30, got ${JSON.stringify(value)}` };
  if (!Number.isFinite(hours)) return { problem: `expected hours such as 7.5 or 37:30, got ${JSON.stringify(value)}` };
  if (hours < 0) return { problem: `negative hours: ${value}` };
  return hours;
}
