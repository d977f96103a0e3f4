/**
 * The ten safety measures of a ward at one instant (docs/design.md section 6, the ten safety measures). Pure and total:
 * a measure that cannot be worked out is a "no data" cell with the reason in words, never a 0 and
 * never an exception, because one bad figure must not take the whole safety view off the screen.
 */
import { unavailableBeds } from '../census.js';
import { observationsDue } from '../news2.js';
import { dischargeReadinessAt } from '../discharge.js';
import { wardVte } from '../vte.js';
import type { IncidentCategory, StaffingDay, WardContext } from '../ward.types.js';
import { formatLondonDay, formatLondonTime, londonDate } from '../london-time.js';
import { bandFor } from './measure-catalogue.js';
import type { ContextSource, MeasureCell, MeasureDefinition, MeasureInputs } from './measure.types.js';
import { previousLondonDates, sevenLondonDaysBefore } from './measure-windows.js';

const HOUR_MS = 3_600_000;
/** Incidents and staffing are read less often than the board; older than this and they are not shown as current. */
export const WARD_CONTEXT_STALE_AFTER_MS = 26 * HOUR_MS;
const STAFFING_DAYS = 7;
/** Fewer reported days than this and a 7-day staffing percentage would mislead. */
const MIN_STAFFING_DAYS = 4;
const NEWS2_DETERIORATING = 5;
const ESTIMATED_BED_DAYS = 'bed days estimated from today’s occupancy';

type Outcome = { value: number; detail?: string; source?: string } | { reason: string };
type Rule = (inputs: MeasureInputs) => Outcome;
type Figure = 'plannedHours' | 'actualHours' | 'bankHours' | 'agencyHours' | 'sicknessHours';

const isNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;
const stamp = (iso: string): string => `${formatLondonDay(iso)} ${formatLondonTime(iso)}`;

/** "FHIR, read Sat 6 Dec 07:00 GMT" / "roster import, Sat 6 Dec 06:00 GMT": the newest of each kind among `used`. */
function sourceWords(used: readonly ContextSource[], feed: string): Array<{ words: string; count: number }> {
  const newest = (xs: string[]) => xs.reduce((a, b) => (b > a ? b : a));
  const fhir = used.flatMap((s) => (s.kind === 'fhir' ? [s.readAt] : []));
  const imported = used.flatMap((s) => (s.kind === 'import' ? [s.importedAt] : []));
  return [
    ...(fhir.length > 0 ? [{ words: `FHIR, read ${stamp(newest(fhir))}`, count: fhir.length }] : []),
    ...(imported.length > 0 ? [{ words: `${feed} import, ${stamp(newest(imported))}`, count: imported.length }] : []),
  ];
}

/** Where the staffing days a value was worked out from came from; with two sources, how many days each gave. */
function staffingSource({ sources }: MeasureInputs, dates: readonly string[]): { source?: string } {
  if (sources === undefined) return {};
  const used = dates.flatMap((d) => {
    const source = sources.staffing[d];
    return source === undefined ? [] : [source];
  });
  const parts = sourceWords(used, 'roster');
  if (parts.length === 0) return {};
  const words =
    parts.length === 1
      ? (parts[0]?.words ?? '')
      : parts.map((p) => `${p.words} (${plural(p.count, 'day', 'days')})`).join('; ');
  return { source: `Staffing: ${words}` };
}

/** Where the incidents came from: every source that spoke for the window. */
function incidentSource({ sources }: MeasureInputs): { source?: string } {
  if (sources === undefined || sources.incidents.length === 0) return {};
  return {
    source: `Incidents: ${sourceWords(sources.incidents, 'incident')
      .map((p) => p.words)
      .join('; ')}`,
  };
}

/**
 * To 1 decimal; the tiny nudge stops binary fractions such as 0.15 x 10 = 1.4999... rounding down.
 * Beyond 1e15 a double has no tenths left to round, and the nudge would move the number itself.
 */
export function round1(x: number): number {
  if (!Number.isFinite(x) || Math.abs(x) >= 1e15) return x;
  return Math.round(x * 10 * (1 + Number.EPSILON)) / 10;
}

/** The ward context when it is recent enough to trust, or why not. */
function trustedContext({ wardContext, now }: MeasureInputs): WardContext | { reason: string } {
  if (wardContext === null) return { reason: 'incidents and staffing not read yet' };
  const readAt = Date.parse(wardContext.readAt);
  if (!Number.isFinite(readAt)) return { reason: 'incidents and staffing read at an unknown time' };
  if (now - readAt > WARD_CONTEXT_STALE_AFTER_MS)
    return {
      reason: `incidents and staffing last read ${formatLondonDay(wardContext.readAt)} ${formatLondonTime(wardContext.readAt)}`,
    };
  return wardContext;
}

/** Incidents in the 7 London days up to now matching any of `categories`; each incident once, even if it has several. */
function incidentCount(context: WardContext, now: number, categories: readonly IncidentCategory[]): number {
  const from = sevenLondonDaysBefore(now);
  const ids = new Set<string>();
  for (const incident of context.incidents) {
    const at = Date.parse(incident.occurredAt);
    if (at >= from && at <= now && incident.categories.some((c) => categories.includes(c))) ids.add(incident.id);
  }
  return ids.size;
}

function bedDays({
  occupiedBedDays7d,
  census,
}: MeasureInputs): { days: number; estimated: boolean } | { reason: string } {
  const estimated = occupiedBedDays7d === null;
  const days = estimated ? census.occupied * 7 : occupiedBedDays7d;
  if (!isNumber(days) || days < 0) return { reason: 'occupied bed days not known' };
  if (days === 0) return { reason: 'no occupied bed days' };
  // A rate per 1,000 bed days over less than one bed day is noise (and past 1e15 not even a number
  // that rounds): the property test found 1e-12 bed days giving a rate of 1e15.
  if (days < 1) return { reason: 'less than one occupied bed day' };
  return { days, estimated };
}

function incidentRate(categories: readonly IncidentCategory[]): Rule {
  return (inputs) => {
    const context = trustedContext(inputs);
    if ('reason' in context) return context;
    const obd = bedDays(inputs);
    if ('reason' in obd) return obd;
    const n = incidentCount(context, inputs.now, categories);
    const detail = [
      `${plural(n, 'incident', 'incidents')} over ${round1(obd.days)} occupied bed days`,
      ...(obd.estimated ? [ESTIMATED_BED_DAYS] : []),
    ].join('; ');
    return { value: (n / obd.days) * 1000, detail, ...incidentSource(inputs) };
  };
}

function incidentTotal(categories: readonly IncidentCategory[]): Rule {
  return (inputs) => {
    const context = trustedContext(inputs);
    if ('reason' in context) return context;
    return { value: incidentCount(context, inputs.now, categories), ...incidentSource(inputs) };
  };
}

/**
 * A percentage over the 7 complete London days before today. A day counts only when every figure
 * the measure needs was reported; a figure it does not need may be missing.
 */
function staffingPercent(
  needs: readonly Figure[],
  ratio: (t: Record<Figure, number>) => [number, number],
  zeroReason: string,
): Rule {
  return (inputs) => {
    const context = trustedContext(inputs);
    if ('reason' in context) return context;
    const byDate = new Map<string, StaffingDay>(context.staffing.map((d) => [d.date, d]));
    const days = previousLondonDates(inputs.now, STAFFING_DAYS)
      .map((date) => byDate.get(date))
      .filter((d): d is StaffingDay => d !== undefined && needs.every((f) => isNumber(d[f]) && d[f] >= 0));
    if (days.length < MIN_STAFFING_DAYS)
      return { reason: `staffing reported for ${days.length} of the last ${STAFFING_DAYS} days` };
    const totals = Object.fromEntries(needs.map((f) => [f, sum(days.map((d) => d[f] ?? 0))])) as Record<Figure, number>;
    const [part, whole] = ratio(totals);
    if (!(whole > 0)) return { reason: zeroReason };
    return {
      value: (part / whole) * 100,
      ...(days.length < STAFFING_DAYS ? { detail: `from ${days.length} of ${STAFFING_DAYS} days` } : {}),
      ...staffingSource(
        inputs,
        days.map((d) => d.date),
      ),
    };
  };
}

/** A London date from "YYYY-MM-DD" or a full date-time, or null when unreadable. */
function dateOf(value: string | null): string | null {
  if (value === null) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const at = Date.parse(value);
  return Number.isFinite(at) ? londonDate(at) : null;
}

const RULES: Readonly<Record<string, Rule>> = {
  occupancy: ({ census }) => {
    const open = census.beds - unavailableBeds(census);
    if (!isNumber(open) || !isNumber(census.occupied)) return { reason: 'bed numbers not known' };
    if (open <= 0) return { reason: 'no open beds' };
    const leave = census.onLeave > 0 ? `including ${census.onLeave} on leave` : 'none on leave';
    return {
      value: (census.occupied / open) * 100,
      detail: `${census.occupied} of ${open} open beds occupied, ${leave}`,
    };
  },
  'bank-agency': staffingPercent(
    ['bankHours', 'agencyHours', 'actualHours'],
    (t) => [t.bankHours + t.agencyHours, t.actualHours],
    'no hours worked reported',
  ),
  sickness: staffingPercent(
    ['sicknessHours', 'plannedHours'],
    (t) => [t.sicknessHours, t.plannedHours],
    'no planned hours reported',
  ),
  'fill-rate': staffingPercent(
    ['actualHours', 'plannedHours'],
    (t) => [t.actualHours, t.plannedHours],
    'no planned hours reported',
  ),
  turbulence: ({ flow }) =>
    flow === null
      ? { reason: 'movements not known' }
      : { value: flow.admissions + flow.transfersIn + flow.transfersOut },
  'enhanced-observations': ({ patients }) => ({
    value: patients.filter(
      (p) => p.observationLevel?.level === 'within-eyesight' || p.observationLevel?.level === 'arms-length',
    ).length,
  }),
  deteriorating: ({ patients }) => ({
    value: patients.filter((p) => p.news2 !== null && p.news2.score >= NEWS2_DETERIORATING).length,
  }),
  'violence-aggression': incidentRate(['violence-aggression']),
  falls: incidentRate(['fall']),
  'restrictive-practice': incidentRate(['restraint', 'seclusion', 'rapid-tranquillisation']),
  hypoglycaemia: incidentTotal(['hypoglycaemia']),
  awol: ({ patients }) => ({ value: patients.filter((p) => p.awol !== null).length }),
  'delayed-discharges': ({ patients, now }) => {
    const today = londonDate(now);
    return {
      value: patients.filter((p) => {
        // Past the discharge-ready date where readiness is recorded (discharge.ts); where it is not,
        // past the expected discharge date or an overdue discharge Task, as before readiness was read.
        const readiness = dischargeReadinessAt(p, now);
        if (readiness.recorded) return readiness.delayed;
        const expected = dateOf(p.expectedDischargeDate);
        return (expected !== null && expected < today) || p.delays.some((d) => d.kind === 'discharge' && d.overdue);
      }).length,
    };
  },
  'self-harm': incidentRate(['self-harm']),
  'vte-prophylaxis': ({ patients, now }) => {
    if (!patients.some((p) => p.vte != null)) return { reason: 'VTE is not read on this ward' };
    const { numerator, denominator } = wardVte(patients, now).prophylaxisWhereIndicated;
    if (denominator === 0) return { reason: 'no patient with prophylaxis indicated' };
    return { value: (numerator / denominator) * 100, detail: `${numerator} of ${denominator}` };
  },
  'overdue-observations': ({ patients, now }) => {
    // Each patient's own plan (observation-plans.ts): stopped observations are not overdue, a refused
    // set restarts the clock, and no due time at all counts as overdue.
    const overdue = patients.filter((p) => observationsDue(p, now).overdue);
    const none = overdue.filter((p) => p.news2 === null && observationsDue(p, now).dueAt === null).length;
    return { value: overdue.length, ...(none > 0 ? { detail: `${none} with no NEWS2 on record` } : {}) };
  },
};

function cellFor(def: MeasureDefinition, inputs: MeasureInputs): MeasureCell {
  let outcome: Outcome;
  try {
    const rule = RULES[def.id];
    outcome = rule === undefined ? { reason: `no rule to work out "${def.id}"` } : rule(inputs);
  } catch (error) {
    // Malformed input (say, an impossible time) must cost one cell, not the whole ward.
    outcome = { reason: `could not be worked out (${error instanceof Error ? error.message : String(error)})` };
  }
  if ('reason' in outcome) return { measureId: def.id, value: null, band: null, reason: outcome.reason };
  const value = round1(outcome.value);
  if (!Number.isFinite(value))
    return { measureId: def.id, value: null, band: null, reason: 'figures could not be read' };
  // Banded on the rounded value so the colour always agrees with the number on the screen.
  return {
    measureId: def.id,
    value,
    band: bandFor(value, def),
    ...(outcome.detail === undefined ? {} : { detail: outcome.detail }),
    ...(outcome.source === undefined ? {} : { source: outcome.source }),
  };
}

/** One cell per definition, in slot order. Which rule applies is decided by the measure id. */
export function computeMeasures(inputs: MeasureInputs, definitions: readonly MeasureDefinition[]): MeasureCell[] {
  return [...definitions]
    .sort((a, b) => a.slot - b.slot || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((def) => cellFor(def, inputs));
}
