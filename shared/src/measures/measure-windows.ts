/**
 * The time windows of the safety measures, in Europe/London wall-clock terms: a ward's "last 7 days"
 * is 7 calendar days on the ward's clock, so it is 167 h long across the spring change and 169 h
 * across the autumn one. Worked out with calendar arithmetic, never by subtracting 7 x 24 h.
 */
import { londonDate } from '../london-time.js';

const DAY_MS = 86_400_000;

const wallClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** The London wall-clock reading of an instant, written as if it were UTC, so Date.UTC arithmetic can move it by calendar days. */
function londonWallMs(at: number): number {
  const part = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(wallClock.formatToParts(new Date(at)).find((p) => p.type === type)?.value);
  const ms = ((at % 1000) + 1000) % 1000;
  return Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'), ms);
}

/**
 * The instant London's clock shows `wall`. Resolved as Temporal's "compatible" does: a time that
 * happens twice (autumn) is the earlier one, which keeps the window wide rather than missing an
 * incident; a time that never happens (spring gap) moves forward by the gap (01:30 -> 02:30 BST).
 */
function fromLondonWall(wall: number): number {
  const offsetBefore = londonWallMs(wall - DAY_MS) - (wall - DAY_MS);
  const offsetAfter = londonWallMs(wall + DAY_MS) - (wall + DAY_MS);
  // The larger offset gives the earlier instant, so it is tried first.
  for (const offset of [Math.max(offsetBefore, offsetAfter), Math.min(offsetBefore, offsetAfter)]) {
    if (londonWallMs(wall - offset) === wall) return wall - offset;
  }
  return wall - offsetBefore;
}

/** The same London wall-clock time 7 London calendar days before `now`: the start of the 7-day incident window. */
export function sevenLondonDaysBefore(now: number): number {
  return fromLondonWall(londonWallMs(now) - 7 * DAY_MS);
}

/** The `n` London dates before today's London date, oldest first ("YYYY-MM-DD"); today is not included. */
export function previousLondonDates(now: number, n: number): string[] {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`previousLondonDates needs a whole number of days, not ${n}`);
  const [y, m, d] = londonDate(now).split('-').map(Number) as [number, number, number];
  const dates: string[] = [];
  for (let back = n; back >= 1; back -= 1)
    dates.push(new Date(Date.UTC(y, m - 1, d - back)).toISOString().slice(0, 10));
  return dates;
}
