/**
 * Daily ward staffing from MeasureReport (FHIR contract, "Staffing"): one summary report per ward
 * per London day, one group per figure in hours. A figure that cannot be trusted is null, never 0,
 * because a zero would read as "no staff" on the safety view.
 */
import { londonDate } from '../london-time.js';
import { STAFFING_FIGURES, WARD_CONTEXT, type StaffingFigure } from './fhir-codes.js';
import { readDateTime } from './incidents.js';
import {
  UCUM,
  arr,
  cmp,
  codingsOf,
  isObject,
  num,
  parseTime,
  stableKey,
  str,
  type Rejection,
} from './observation-rules.js';
import type { StaffingDay } from '../ward.types.js';

/** No options yet; kept so callers need not change when one is added. */
export type StaffingOptions = Record<string, never>;

type FigureKey = 'plannedHours' | 'actualHours' | 'bankHours' | 'agencyHours' | 'sicknessHours';
const FIELD: Readonly<Record<StaffingFigure, FigureKey>> = {
  'planned-hours': 'plannedHours',
  'actual-hours': 'actualHours',
  'bank-hours': 'bankHours',
  'agency-hours': 'agencyHours',
  'sickness-hours': 'sicknessHours',
};
const MINUTES_PER_HOUR = 60;
/** A London day is 23, 24 or 25 hours long; a longer period is not one day's report. */
const MAX_DAY_MS = 25 * 3_600_000;

/** A canonical without its "|version" suffix, so a versioned measure reference still matches. */
function canonical(value: unknown): string | null {
  const s = str(value);
  return s === null ? null : (s.split('|')[0] ?? '');
}

interface Candidate {
  day: string;
  generatedAt: number | null;
  updatedAt: number | null;
  key: string;
  report: Record<string, unknown>;
}

/** Hours from a measureScore, or why it cannot be used. */
function hoursOf(score: unknown): { hours: number } | { problem: string } {
  if (!isObject(score)) return { problem: 'no measureScore' };
  const value = num(score.value);
  if (value === null) return { problem: 'value not a number' };
  if (value < 0) return { problem: 'negative value' };
  const system = str(score.system);
  if (score.system !== undefined && system !== UCUM) return { problem: `unit system ${system ?? 'unreadable'}` };
  // The UCUM code decides; the display unit is only a fallback when the code is absent.
  const unit = str(score.code) ?? (score.code === undefined ? str(score.unit) : null);
  if (unit === 'h') return { hours: value };
  if (unit === 'min') return { hours: value / MINUTES_PER_HOUR };
  return { problem: `unit ${unit ?? 'missing'}` };
}

function figuresOf(report: Record<string, unknown>): { figures: Record<FigureKey, number | null>; problems: string[] } {
  const values = new Map<StaffingFigure, Array<number | null>>();
  const problems: string[] = [];
  for (const group of arr<unknown>(report.group)) {
    if (!isObject(group)) continue;
    // The contract puts the figure in coding[0]; any coding of our system is read so order does not matter.
    const figure = codingsOf(group.code, WARD_CONTEXT.staffingGroupSystem)
      .map((c) => c.code)
      .find((c): c is StaffingFigure => STAFFING_FIGURES.some((f) => f === c));
    if (figure === undefined) continue;
    const read = hoursOf(group.measureScore);
    if ('problem' in read) problems.push(`${figure} ${read.problem}`);
    values.set(figure, [...(values.get(figure) ?? []), 'hours' in read ? read.hours : null]);
  }
  const found = new Map<StaffingFigure, number | null>();
  for (const [figure, list] of values) {
    // A figure given twice is believed only if every copy agrees (and is readable), whatever the order.
    const distinct = new Set(list);
    const readable = list.filter((v) => v !== null);
    if (new Set(readable).size > 1) problems.push(`${figure} given twice with different values`);
    found.set(figure, distinct.size === 1 ? (list[0] ?? null) : null);
  }
  const figures = {
    plannedHours: null,
    actualHours: null,
    bankHours: null,
    agencyHours: null,
    sicknessHours: null,
  } as Record<FigureKey, number | null>;
  for (const [figure, hours] of found) figures[FIELD[figure]] = hours;
  return { figures, problems };
}

/**
 * Staffing days, ascending. Only `complete` reports of the ward staffing measure are used; `pending`
 * is ignored (still being worked out, not an error); `error`, any other status, a type other than
 * summary, or a missing or unreadable period is rejected with a reason. Reports of other measures
 * are ignored. When several reports cover one day the later `date`, then later meta.lastUpdated,
 * wins; the others are superseded, not errors. A bad figure in the winning report makes that figure
 * null and adds one rejection for the report naming every bad figure.
 */
export function readStaffing(
  reports: readonly unknown[],
  _opts: StaffingOptions = {},
): { days: StaffingDay[]; rejected: Rejection[] } {
  const rejected: Rejection[] = [];
  const best = new Map<string, Candidate>();
  for (const report of arr<unknown>(reports)) {
    if (!isObject(report)) {
      rejected.push({ id: '(none)', reason: 'not a resource' });
      continue;
    }
    const id = str(report.id) ?? '(none)';
    if (report.resourceType !== 'MeasureReport') {
      rejected.push({ id, reason: `not a MeasureReport (${str(report.resourceType) ?? 'no resourceType'})` });
      continue;
    }
    if (canonical(report.measure) !== WARD_CONTEXT.staffingMeasure) continue;
    const status = str(report.status);
    if (status === 'pending') continue;
    if (status !== 'complete') {
      rejected.push({ id, reason: `status ${status ?? 'missing'}` });
      continue;
    }
    if (report.type !== 'summary') {
      rejected.push({ id, reason: `type ${str(report.type) ?? 'missing'}` });
      continue;
    }
    const period: unknown = report.period;
    const start = readDateTime(isObject(period) ? period.start : undefined);
    if ('problem' in start) {
      rejected.push({ id, reason: `period.start ${start.problem}` });
      continue;
    }
    const end = isObject(period) && period.end !== undefined ? readDateTime(period.end) : null;
    if (end !== null && ('problem' in end || end.at <= start.at || end.at - start.at > MAX_DAY_MS)) {
      rejected.push({ id, reason: 'period is not one day' });
      continue;
    }
    const meta: unknown = report.meta;
    const candidate: Candidate = {
      day: londonDate(start.at),
      generatedAt: parseTime(report.date),
      updatedAt: isObject(meta) ? parseTime(meta.lastUpdated) : null,
      key: stableKey(report),
      report,
    };
    const previous = best.get(candidate.day);
    if (previous === undefined || later(candidate, previous)) best.set(candidate.day, candidate);
  }

  const days: StaffingDay[] = [];
  for (const { day, generatedAt, report } of best.values()) {
    const { figures, problems } = figuresOf(report);
    if (problems.length > 0)
      rejected.push({ id: str(report.id) ?? '(none)', reason: `bad figures: ${[...problems].sort().join('; ')}` });
    days.push({ date: day, ...figures, reportedAt: generatedAt === null ? null : new Date(generatedAt).toISOString() });
  }
  days.sort((a, b) => cmp(a.date, b.date));
  rejected.sort((a, b) => cmp(a.id, b.id) || cmp(a.reason, b.reason));
  return { days, rejected };
}

/** Later `date`, then later lastUpdated (absent counts as earliest), then a fixed tie-break on content. */
function later(a: Candidate, b: Candidate): boolean {
  const order = (x: number | null, y: number | null): number =>
    (x ?? -Infinity) === (y ?? -Infinity) ? 0 : (x ?? -Infinity) > (y ?? -Infinity) ? 1 : -1;
  return (order(a.generatedAt, b.generatedAt) || order(a.updatedAt, b.updatedAt) || cmp(a.key, b.key)) > 0;
}
