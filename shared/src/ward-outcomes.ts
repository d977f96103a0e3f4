/**
 * M-BRACE's ward outcomes (issue 15 item 7), day by day and as 12-week run charts: VTE prophylaxis
 * where indicated, discharges before noon, falls and low blood sugar. Pure: a day is read from one
 * stored snapshot (the last of the day wins); weeks are Europe/London Monday-to-Sunday weeks; the run
 * chart's centre line is the median, and a shift (six or more weeks in a row on one side of it) is the
 * signal a ward team acts on, as in NHS improvement run charts.
 *
 * The worker stores each snapshot's days (ward_outcome_days, merged field by field) and the history
 * backfill the days it can rebuild (discharges and incidents, never VTE); the huddle view draws the charts.
 */
import { addCalendarDays, londonDate, londonHourMinute, londonWallClock } from './london-time.js';
import { wardVte } from './vte.js';
import type { FlowEvent, PatientOnBoard, WardIncident, WardSnapshot } from './ward.types.js';

const DAY_MS = 86_400_000;

export interface WardOutcomeDay {
  /** London date, YYYY-MM-DD. */
  date: string;
  /** Patients whose VTE assessment calls for prophylaxis, and of them those prescribed it; null when not read that day. */
  vte: { indicated: number; prescribed: number } | null;
  /** Discharges that day and of them those before 12:00 London time; null when the day was not read whole. */
  discharges: { total: number; beforeNoon: number } | null;
  /** Falls and low blood sugar (hypoglycaemia) incidents that day; null when the day was not read whole. */
  falls: number | null;
  lowGlucose: number | null;
}

/** The London days whose whole length lies inside [from, to], and (with `today`) the day of `to` so far. */
function daysWithin(from: number, to: number, today: boolean): string[] {
  const days: string[] = [];
  const last = londonDate(to);
  for (let date = londonDate(from); date <= last; date = addCalendarDays(date, 1)) {
    if (date === last ? today : londonWallClock(date, 0, 0).getTime() >= from) days.push(date);
  }
  return days;
}

/**
 * The outcome days one snapshot can speak for: VTE for its own day only (a count of the patients on
 * the ward then); discharges for the days wholly inside its movements window and over (a morning's
 * discharges are all before noon: the day's share is known only once it ends); incidents for the days
 * wholly inside the 7 days to its context's read time, today so far included (FHIR reads 8 days; the
 * incident feed is merged over 7). Other fields of those days are null ("not read here"), so a store
 * merging days keeps what an earlier snapshot said.
 */
export function outcomeDaysOf(
  snapshot: Pick<WardSnapshot, 'asOf' | 'beds' | 'unplaced' | 'flow' | 'wardContext'>,
): WardOutcomeDay[] {
  const asOf = Date.parse(snapshot.asOf);
  const today = londonDate(asOf);
  const byDate = new Map<string, WardOutcomeDay>();
  const day = (date: string): WardOutcomeDay => {
    let found = byDate.get(date);
    if (found === undefined) {
      found = { date, vte: null, discharges: null, falls: null, lowGlucose: null };
      byDate.set(date, found);
    }
    return found;
  };
  const patients: Array<Pick<PatientOnBoard, 'vte'>> = [
    ...snapshot.beds.flatMap((b) => (b.patient === null ? [] : [b.patient])),
    ...snapshot.unplaced.map((u) => u.patient),
  ];
  // VTE is read only where the ward assesses it (acute by default): otherwise the day says nothing.
  if (patients.some((p) => p.vte != null)) {
    const vte = wardVte(patients, asOf).prophylaxisWhereIndicated;
    day(today).vte = { indicated: vte.denominator, prescribed: vte.numerator };
  }
  const events = snapshot.flow.events;
  if (events !== undefined) {
    for (const date of daysWithin(Date.parse(snapshot.flow.since), asOf, false))
      day(date).discharges = dischargesOnDay(date, events);
  }
  const readAt = Date.parse(snapshot.wardContext.readAt);
  if (!Number.isNaN(readAt)) {
    const counts = incidentCountsByDay(snapshot.wardContext.incidents);
    for (const date of daysWithin(readAt - 7 * DAY_MS, readAt, true))
      Object.assign(day(date), counts.get(date) ?? { falls: 0, lowGlucose: 0 });
  }
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
}

/** The discharges among `events` on the London day `date`, and of them those before 12:00 London time. */
export function dischargesOnDay(date: string, events: readonly FlowEvent[]): { total: number; beforeNoon: number } {
  const counted = { total: 0, beforeNoon: 0 };
  for (const event of events) {
    if (event.kind !== 'discharge') continue;
    const at = Date.parse(event.at);
    if (londonDate(at) !== date) continue;
    counted.total++;
    if (londonHourMinute(at).hour < 12) counted.beforeNoon++;
  }
  return counted;
}

/**
 * Falls and low blood sugar incidents per London day. Each incident's day is worked out once, so the
 * history backfill counts half a year of days from one pass (a London date is an Intl call).
 */
export function incidentCountsByDay(
  incidents: readonly WardIncident[],
): Map<string, { falls: number; lowGlucose: number }> {
  const byDay = new Map<string, { falls: number; lowGlucose: number }>();
  for (const incident of incidents) {
    const fall = incident.categories.includes('fall');
    const low = incident.categories.includes('hypoglycaemia');
    if (!fall && !low) continue;
    const date = londonDate(Date.parse(incident.occurredAt));
    const counted = byDay.get(date) ?? { falls: 0, lowGlucose: 0 };
    if (fall) counted.falls++;
    if (low) counted.lowGlucose++;
    byDay.set(date, counted);
  }
  return byDay;
}

export interface RunChartPoint {
  /** The Monday the London week starts on, YYYY-MM-DD. */
  weekStart: string;
  /** The week's value (per cent for the shares, a count for falls and low glucose), or null with nothing read. */
  value: number | null;
  /** What the value stands on: patient-days indicated, discharges, or days read. */
  n: number;
  /** Days of the week with a reading: a share with none is "not read", with some but n 0 "none to count". */
  daysRead: number;
  /**
   * Not a whole week: the week now, still running, or (for the counts) a week with fewer than seven
   * days read; drawn hollow. A partial count is left out of the median and the shift rule, so a
   * half-read week of few falls is never taken for an improvement; a share is a rate of what was read
   * and stays in (with twelve points a shift of six can show; with eleven distinct ones it never could).
   */
  partial: boolean;
  /** Part of a run of six or more weeks on one side of the median: a shift, not chance. */
  shift: boolean;
}

export interface RunChart {
  median: number | null;
  points: RunChartPoint[];
}

export type OutcomeId = 'vte-prophylaxis' | 'discharges-before-noon' | 'falls' | 'low-glucose';

/** The Monday of the London week holding `date`. */
function mondayOf(date: string): string {
  const weekday = new Date(`${date}T12:00:00Z`).getUTCDay(); // 0 Sunday .. 6 Saturday
  return addCalendarDays(date, -((weekday + 6) % 7));
}

const round1 = (n: number) => Math.round(n * 10) / 10;

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : round1(((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2);
}

/** Marks the points in runs of `length` or more on one side of the median; a point on the median neither breaks nor extends a run. */
export function markShifts(values: ReadonlyArray<number | null>, centre: number | null, length = 6): boolean[] {
  const marks = values.map(() => false);
  if (centre === null) return marks;
  let run: number[] = [];
  let side = 0;
  const close = () => {
    if (run.length >= length) for (const i of run) marks[i] = true;
    run = [];
  };
  values.forEach((value, i) => {
    if (value === null || value === centre) return;
    const s = value > centre ? 1 : -1;
    if (s !== side) {
      close();
      side = s;
    }
    run.push(i);
  });
  close();
  return marks;
}

/** The four run charts over the `weeks` London weeks to `now` (the last one still running). */
export function outcomeRunCharts(
  days: readonly WardOutcomeDay[],
  now: number,
  weeks = 12,
): Record<OutcomeId, RunChart> {
  const thisWeek = mondayOf(londonDate(now));
  const starts = Array.from({ length: weeks }, (_, i) => addCalendarDays(thisWeek, -7 * (weeks - 1 - i)));
  const inWeek = (start: string) => days.filter((d) => d.date >= start && d.date < addCalendarDays(start, 7));
  const chart = (
    valueOf: (week: readonly WardOutcomeDay[]) => { value: number | null; n: number; daysRead: number },
    kind: 'share' | 'count',
  ): RunChart => {
    const raw = starts.map((start) => {
      const { value, n, daysRead } = valueOf(inWeek(start));
      // A share is a rate whatever the days read; a count of fewer than seven days is not a week's count.
      const partial = start === thisWeek || (kind === 'count' && value !== null && n < 7);
      return { start, value, n, daysRead, partial };
    });
    const whole = raw.map((p) => (p.partial && kind === 'count' ? null : p.value));
    const centre = median(whole.filter((v): v is number => v !== null));
    const shifts = markShifts(whole, centre);
    return {
      median: centre,
      points: raw.map((p, i) => ({
        weekStart: p.start,
        value: p.value,
        n: p.n,
        daysRead: p.daysRead,
        partial: p.partial,
        shift: shifts[i] ?? false,
      })),
    };
  };
  const share = (pairs: Array<{ of: number; yes: number }>) => {
    const of = pairs.reduce((s, p) => s + p.of, 0);
    return {
      value: of === 0 ? null : round1((100 * pairs.reduce((s, p) => s + p.yes, 0)) / of),
      n: of,
      daysRead: pairs.length,
    };
  };
  const count = (values: Array<number | null>) => {
    const read = values.filter((v): v is number => v !== null);
    return { value: read.length === 0 ? null : read.reduce((s, v) => s + v, 0), n: read.length, daysRead: read.length };
  };
  return {
    'vte-prophylaxis': chart(
      (w) => share(w.flatMap((d) => (d.vte === null ? [] : [{ of: d.vte.indicated, yes: d.vte.prescribed }]))),
      'share',
    ),
    'discharges-before-noon': chart(
      (w) =>
        share(
          w.flatMap((d) => (d.discharges === null ? [] : [{ of: d.discharges.total, yes: d.discharges.beforeNoon }])),
        ),
      'share',
    ),
    falls: chart((w) => count(w.map((d) => d.falls)), 'count'),
    'low-glucose': chart((w) => count(w.map((d) => d.lowGlucose)), 'count'),
  };
}

/** Weeks the huddle's run charts cover. */
export const OUTCOME_WEEKS = 12;

/** GET /api/wards/:wardId/outcomes: the ward's run charts and what they stand on. */
export interface WardOutcomes {
  wardId: string;
  /** When the charts were drawn up (server time, ISO): the weeks end in this one. */
  at: string;
  /** The newest reading the days stand on (a poll's snapshot time), or null with none yet. */
  readAt: string | null;
  /** The first London day anything was recorded for (YYYY-MM-DD), or null. */
  firstDay: string | null;
  charts: Record<OutcomeId, RunChart>;
}

/** How each run chart reads: its title, a share or a count, which way is better, and what it counts. */
export const OUTCOME_CHARTS: ReadonlyArray<{
  id: OutcomeId;
  title: string;
  kind: 'share' | 'count';
  better: 'higher' | 'lower';
  /** What a share stands on, or what a count counts: singular and plural. */
  noun: [string, string];
}> = [
  {
    id: 'vte-prophylaxis',
    title: 'VTE prophylaxis where indicated',
    kind: 'share',
    better: 'higher',
    noun: ['patient-day', 'patient-days'],
  },
  {
    id: 'discharges-before-noon',
    title: 'Discharges before noon',
    kind: 'share',
    better: 'higher',
    noun: ['discharge', 'discharges'],
  },
  { id: 'falls', title: 'Falls', kind: 'count', better: 'lower', noun: ['fall', 'falls'] },
  { id: 'low-glucose', title: 'Low blood sugar', kind: 'count', better: 'lower', noun: ['incident', 'incidents'] },
];

export interface RunChartWords {
  /** The last whole week, short enough to read at 3 m: "Last week 83%", "Last week 2", "Last week: not read". */
  lastWeek: string;
  /** What that stands on and the median: "of 42 patient-days · median 80%", "4 of 7 days read · median 1". */
  detail: string | null;
  /** The week so far, or null when nothing was read yet this week: "this week so far 90%". */
  thisWeek: string | null;
  /** A shift the latest weeks are in, in words ("6 weeks below the median: worse"), or null. */
  shift: string | null;
  /** That shift is the wrong way: the one thing the tile marks in colour (beside the words). */
  shiftWorse: boolean;
}

/** A run chart in words: the tile's text, and what a screen reader hears. */
export function runChartWords(chart: RunChart, meta: (typeof OUTCOME_CHARTS)[number]): RunChartWords {
  const { points, median: centre } = chart;
  const [one, many] = meta.noun;
  const of = (n: number) => `${n} ${n === 1 ? one : many}`;
  const value = (p: RunChartPoint): string => {
    if (p.value === null) return p.daysRead > 0 ? `no ${many}` : 'not read';
    // A count is said bare: the title beside it says what it counts ("Falls: Last week 2").
    return meta.kind === 'share' ? `${p.value}%` : String(p.value);
  };
  const current = points.at(-1);
  const last = points.at(-2);
  // The run the latest point the rule counts is in: points on the median or not read neither break nor count.
  const counts = (p: RunChartPoint) => p.value !== null && p.value !== centre && !(p.partial && meta.kind === 'count');
  const latest = [...points].reverse().find(counts);
  let shift: string | null = null;
  let shiftWorse = false;
  if (latest?.shift === true && centre !== null && latest.value !== null) {
    const above = latest.value > centre;
    let run = 0;
    for (const p of [...points].reverse()) {
      if (!counts(p)) continue;
      // Two runs back to back (six above, then six below) are two shifts: count the latest only.
      if (!p.shift || (p.value as number) > centre !== above) break;
      run++;
    }
    shiftWorse = above === (meta.better === 'lower');
    shift = `${run} weeks ${above ? 'above' : 'below'} the median: ${shiftWorse ? 'worse' : 'better'}`;
  }
  const stands =
    last === undefined || last.value === null
      ? null
      : meta.kind === 'share'
        ? `of ${of(last.n)}`
        : last.n < 7
          ? `${last.n} of 7 days read`
          : null;
  const median = centre === null ? null : `median ${meta.kind === 'share' ? `${centre}%` : centre}`;
  const detail = [stands, median].filter((w) => w !== null).join(' · ');
  return {
    lastWeek:
      last === undefined || last.value === null
        ? `Last week: ${last === undefined ? 'not read' : value(last)}`
        : `Last week ${value(last)}`,
    detail: detail === '' ? null : detail,
    thisWeek: current === undefined || current.value === null ? null : `this week so far ${value(current)}`,
    shift,
    shiftWorse,
  };
}
