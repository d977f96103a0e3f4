/**
 * Weeks of the weekly digest (CS-10). A week is named by its Monday as a Europe/London calendar
 * date, so the same Monday names the week whether the clocks went forward or back the day before,
 * and whether the job ran at 06:00 UTC (BST) or 07:00 UTC (GMT).
 */
import { addCalendarDays, londonDate } from '../london-time.js';

/** The London Monday ("YYYY-MM-DD") of the week holding the instant. */
export function digestWeekOf(at: Date | number): string {
  const today = londonDate(at);
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return addCalendarDays(today, -((weekday + 6) % 7));
}

/** "week of Mon 30 Mar 2026", as the subject and the page say it. */
export function weekLabel(week: string): string {
  const [y, m, d] = week.split('-').map(Number) as [number, number, number];
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'UTC',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  }).formatToParts(new Date(Date.UTC(y, m - 1, d)));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  // Built from parts: ICU versions differ on the comma after the weekday.
  return `week of ${part('weekday')} ${part('day')} ${part('month')} ${part('year')}`;
}

/** True for a well-formed week key: a real date that is a Monday. */
export function isDigestWeek(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.toISOString().slice(0, 10) === text && date.getUTCDay() === 1;
}
