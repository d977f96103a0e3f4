/**
 * Display of times for people on the ward (CS-1, CS-10): everything inside is UTC; what a person
 * reads is Europe/London wall-clock time with GMT or BST named, so nobody has to guess across the
 * clock changes.
 */

const hourMinute = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

const zoneName = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', timeZoneName: 'short' });

const dayMonth = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  weekday: 'short',
  day: 'numeric',
  month: 'short',
});

const ymd = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** "GMT" or "BST" for the instant. */
export function londonZoneAbbreviation(at: Date): 'GMT' | 'BST' {
  const name = zoneName.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  // ICU names London summer time "BST" in en-GB, but some builds say "GMT+1": both mean BST.
  return name === 'GMT' || name === 'UTC' ? 'GMT' : 'BST';
}

/** "14:05 GMT" / "09:30 BST". */
export function formatLondonTime(iso: string): string {
  const at = new Date(iso);
  return `${hourMinute.format(at)} ${londonZoneAbbreviation(at)}`;
}

/** "Sat 21 Nov". */
export function formatLondonDay(iso: string): string {
  return dayMonth.format(new Date(iso));
}

/** The Europe/London calendar date of an instant, "YYYY-MM-DD": what "today" means on the ward. */
export function londonDate(at: Date | number): string {
  return ymd.format(typeof at === 'number' ? new Date(at) : at);
}

/** The Europe/London wall-clock hour (0-23) and minute of an instant. */
export function londonHourMinute(at: Date | number): { hour: number; minute: number } {
  const parts = hourMinute.formatToParts(typeof at === 'number' ? new Date(at) : at);
  const part = (type: 'hour' | 'minute') => Number(parts.find((p) => p.type === type)?.value ?? '0');
  return { hour: part('hour'), minute: part('minute') };
}

/** A "YYYY-MM-DD" calendar date plus `days` whole days (negative for before): dates only, no clock or zone involved. */
export function addCalendarDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The instant of London noon on a calendar date (11:00Z in summer, 12:00Z in winter): a day's one moment. */
export function londonNoon(date: string): Date {
  for (const hourUtc of [11, 12]) {
    const at = new Date(`${date}T${String(hourUtc).padStart(2, '0')}:00:00Z`);
    if (londonDate(at) === date && londonHourMinute(at).hour === 12) return at;
  }
  return new Date(`${date}T12:00:00Z`);
}

/**
 * The instant London's clock shows `hour:minute:second` on a calendar date. A time that happens twice
 * (the autumn change, 01:00-01:59) is the first of the two, in BST; a time the clocks skip (the spring
 * change, 01:00-01:59) is read as GMT, which lands the same distance past 02:00 BST.
 */
export function londonWallClock(date: string, hour: number, minute: number, second = 0): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d, hour, minute, second);
  // London is UTC+1 in summer and UTC+0 in winter: the earlier instant (BST) first.
  for (const offsetHours of [1, 0]) {
    const at = new Date(wall - offsetHours * 3_600_000);
    const shown = londonHourMinute(at);
    if (londonDate(at) === date && shown.hour === hour && shown.minute === minute) return at;
  }
  return new Date(wall);
}

/**
 * Whole London calendar days from `now`'s day to the day of `target` (0 today, 1 tomorrow, -1
 * yesterday): what "in 5 days" means on a ward, the same across a clock change.
 */
export function londonDaysUntil(target: string | number, now: number): number {
  const day = (at: number) => Date.parse(`${londonDate(at)}T00:00:00Z`);
  const t = typeof target === 'number' ? target : Date.parse(target);
  return Math.round((day(t) - day(now)) / 86_400_000);
}

/**
 * A time with its zone and, when it is not today, its day: "10:37 GMT", "tomorrow 10:37 GMT",
 * "yesterday 22:10 GMT", "Tue 1 Dec 08:00 GMT". For words that stay on a screen all day, where a time
 * alone reads as today's.
 */
export function londonTimeFrom(iso: string, now: number): string {
  if (Number.isNaN(Date.parse(iso))) return 'unknown time';
  const time = formatLondonTime(iso);
  const days = londonDaysUntil(iso, now);
  if (days === 0) return time;
  if (days === 1) return `tomorrow ${time}`;
  if (days === -1) return `yesterday ${time}`;
  return `${formatLondonDay(iso)} ${time}`;
}

/**
 * A clock time short enough to sit beside other words: "16:10" today, "tomorrow 08:00", "Tue 08:00"
 * later or earlier (wherever it is shown, the screen's header names the clock and the zone).
 */
export function shortLondonClock(iso: string, now: number): string {
  if (Number.isNaN(Date.parse(iso))) return 'unknown time';
  const { hour, minute } = londonHourMinute(Date.parse(iso));
  const clock = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
  const days = londonDaysUntil(iso, now);
  if (days === 0) return clock;
  if (days === 1) return `tomorrow ${clock}`;
  // formatLondonDay gives "Tue 13 Jan"; the weekday is enough within the week around today.
  return `${formatLondonDay(iso).split(' ')[0] ?? ''} ${clock}`;
}
