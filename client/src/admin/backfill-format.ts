/**
 * Words and numbers for /admin/history: a run's dates as people read them, how far it has got ward by
 * ward, and the days asked for, checked before they are sent. Pure.
 */
import {
  BACKFILL_MAX_DAYS,
  londonZoneAbbreviation,
  type BackfillRun,
  type BackfillRunStatus,
  type BackfillWardProgress,
  type BackfillWardStatus,
} from '@wardflow/shared';

/** Days a backfill is asked for when the server's first-start setting is 0 (the server's own default). */
export const DEFAULT_BACKFILL_DAYS = 180;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "YYYY-MM-DD" as its parts, or null when it is not a calendar date. */
function dateParts(ymd: string): { year: number; month: number; day: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  if (m === null) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 ? { year, month, day } : null;
}

/** A London calendar date "2026-12-05" as "5 Dec 2026" (the date itself, no clock or zone involved). */
export function dateText(ymd: string): string {
  const d = dateParts(ymd);
  return d === null ? ymd : `${d.day} ${MONTHS[d.month - 1]} ${d.year}`;
}

/** "9 Jun to 5 Dec 2026", "9 Dec 2025 to 5 Jun 2026", or the one date when they are the same. */
export function dateRangeText(from: string, to: string): string {
  if (from === to) return dateText(to);
  const a = dateParts(from);
  const b = dateParts(to);
  if (a === null || b === null) return `${from} to ${to}`;
  const start = a.year === b.year ? `${a.day} ${MONTHS[a.month - 1]}` : dateText(from);
  return `${start} to ${dateText(to)}`;
}

/** Calendar days from `from` to `to`, both counted; 0 when `to` is before `from`. */
export function daysInclusive(from: string, to: string): number {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  if (Number.isNaN(a) || Number.isNaN(b)) return 0;
  return Math.max(0, Math.round((b - a) / 86_400_000) + 1);
}

/** Days of the run this ward has worked out: from the run's first day through `doneThrough`, all when done. */
export function wardDaysDone(run: Pick<BackfillRun, 'from' | 'to'>, ward: BackfillWardProgress): number {
  const total = daysInclusive(run.from, run.to);
  if (ward.status === 'done') return total;
  if (ward.doneThrough === null) return 0;
  return Math.min(total, daysInclusive(run.from, ward.doneThrough));
}

export interface RunProgress {
  wards: number;
  wardsDone: number;
  wardsFailed: number;
  /** Ward-days worked out, and in all (days of the run times its wards). */
  wardDaysDone: number;
  wardDaysTotal: number;
}

export function runProgress(run: BackfillRun): RunProgress {
  const days = daysInclusive(run.from, run.to);
  return {
    wards: run.wards.length,
    wardsDone: run.wards.filter((w) => w.status === 'done').length,
    wardsFailed: run.wards.filter((w) => w.status === 'failed').length,
    wardDaysDone: run.wards.reduce((sum, w) => sum + wardDaysDone(run, w), 0),
    wardDaysTotal: days * run.wards.length,
  };
}

/** A count as people write it: "2,160". */
export const countText = (n: number): string => n.toLocaleString('en-GB');

const plural = (n: number, one: string, many: string) => `${countText(n)} ${n === 1 ? one : many}`;

/** "7 of 12 wards done; 1,230 of 2,160 ward-days worked out", naming failed wards when there are any. */
export function progressText(p: RunProgress): string {
  const failed = p.wardsFailed > 0 ? `, ${countText(p.wardsFailed)} failed` : '';
  return `${countText(p.wardsDone)} of ${plural(p.wards, 'ward', 'wards')} done${failed}; ${countText(p.wardDaysDone)} of ${plural(p.wardDaysTotal, 'ward-day', 'ward-days')} worked out`;
}

export const RUN_STATUS_WORDS: Record<BackfillRunStatus, string> = {
  running: 'Running',
  done: 'Done',
  failed: 'Finished with failures',
};

export const WARD_STATUS_WORDS: Record<BackfillWardStatus, string> = {
  waiting: 'Waiting',
  running: 'Running',
  done: 'Done',
  failed: 'Failed',
};

/** Who asked for a run, as a phrase after "Asked for": "by Sam Admin", or "on first start". */
export function requestedByText(requestedBy: string): string {
  return requestedBy === 'first start' ? 'on first start' : `by ${requestedBy}`;
}

const clock = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** "14:05:12 GMT": when the page last read something, to the second. */
export function clockText(at: number): string {
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? 'unknown time' : `${clock.format(date)} ${londonZoneAbbreviation(date)}`;
}

/** The days typed in the form, or why they cannot be sent. */
export function backfillDays(text: string): { days: number } | { error: string } {
  const trimmed = text.trim();
  const days = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || days < 1 || days > BACKFILL_MAX_DAYS)
    return { error: `Days must be a whole number from 1 to ${countText(BACKFILL_MAX_DAYS)}.` };
  return { days };
}
