/**
 * A ward's past, worked out from what its FHIR server still holds (docs/design.md section 6, "History
 * from day one"): for each past London day, the measures FHIR can give as they stood at that day's
 * midnight census, by the same rules (computeMeasures) a live poll uses, so a backfilled day and a
 * polled day mean the same thing.
 *
 * What FHIR keeps of the past, and so what is backfilled:
 * - stays, through Encounter.location periods: occupancy at the midnight census (the NHS bed-occupancy
 *   convention), movements over the 72 hours to it, occupied bed days;
 * - incidents (AdverseEvent) and staffing (MeasureReport), merged with what the CSV feeds imported,
 *   as the live scoring merges them.
 * What it does not keep is each patient's record as it stood on the day (observation levels, NEWS2
 * due times, AWOL flags, expected discharge dates then): those measures are null with the reason, never
 * 0, and the composite is scored from the rest as for any day with missing measures.
 *
 * Bed numbers are today's: FHIR's Location carries no history of beds opened or closed, so a ward that
 * has grown shows its past occupancy against today's beds. Days before the first stay FHIR holds for
 * the ward are "not known", not empty.
 */
import type { Encounter } from '@medplum/fhirtypes';
import { readIncidents } from './incidents.js';
import { arr, isObject, parseTime, str } from './observation-rules.js';
import { readStaffing } from './staffing.js';
import { wardMovements } from './ward-movements.js';
import { mergeWardContext, type WardFeeds } from '../feeds/merge-ward-context.js';
import { addCalendarDays, londonWallClock } from '../london-time.js';
import type { MeasureDefinition } from '../measures/measure.types.js';
import { computeMeasures } from '../measures/ward-measures.js';
import { isHarmIncident } from '../prediction/outcome.js';
import type { Census, WardContext, WardProfile } from '../ward.types.js';
import type { DayFigures } from '../history/history-import.js';
import { dischargesOnDay, incidentCountsByDay, type WardOutcomeDay } from '../ward-outcomes.js';

const HOUR_MS = 3_600_000;
const FLOW_WINDOW_MS = 72 * HOUR_MS;

/** Measures FHIR's past can give; every other measure of a backfilled day is null with NOT_BACKFILLED. */
export const BACKFILLED_MEASURES: readonly string[] = Object.freeze([
  'occupancy',
  'bank-agency',
  'sickness',
  'fill-rate',
  'turbulence',
  'violence-aggression',
  'falls',
  'restrictive-practice',
  'hypoglycaemia',
  'self-harm',
]);

export const NOT_BACKFILLED = 'not backfilled: needs each patient’s record as it was that day';

/**
 * Days before a window whose figures are worked out too (not stored): its days' 7-day outcome totals
 * and week-before trends need them.
 */
export const BACKFILL_LEAD_DAYS = 6;

/**
 * Days of FHIR data read before a window's first day: its lead days' own 7-day staffing and incident
 * windows (6 + 7), and a day more for the 72 h of movements and time zones.
 */
export const BACKFILL_READ_DAYS_BEFORE = 14;

/** One ward's past as read from FHIR (and the feeds) over a window of days. */
export interface WardPast {
  wardId: string;
  profile: WardProfile;
  definitions: readonly MeasureDefinition[];
  /** Beds under the ward now: the only bed count FHIR has. */
  bedCount: number;
  /** The ward's bays, rooms and beds (not the ward itself). */
  placeIds: ReadonlySet<string>;
  /** Every encounter whose stay on the ward may touch the window, in any order. */
  encounters: readonly unknown[];
  /** AdverseEvents at the ward over the window, or null when the server could not be asked. */
  incidents: readonly unknown[] | null;
  /** Staffing MeasureReports of the ward over the window, or null when the server could not be asked. */
  staffingReports: readonly unknown[] | null;
  /**
   * What the CSV feeds hold for the ward over the window; `incidentsImportedAt` the newest incident
   * export ever received (it speaks for the days before it).
   */
  feeds: WardFeeds;
}

/** The last millisecond of a London day: its midnight census. */
export function censusInstant(date: string): number {
  return londonWallClock(addCalendarDays(date, 1), 0, 0).getTime() - 1;
}

/** One entry of a stay on the ward: from its start to its end (null while still here). */
interface Span {
  start: number;
  end: number | null;
}

/** A stay's time on the ward, entry by entry: a patient away on another ward in between is not here meanwhile. */
interface Presence {
  spans: Span[];
}

const IGNORED_STATUSES = new Set(['entered-in-error', 'cancelled', 'planned']);

/**
 * Each encounter's entries on this ward (the ward, or any bay, room or bed of it). An entry with no
 * end ends with the encounter; one that cannot be placed in time (no start, or marked completed with
 * no end anywhere) is left out and counted, and the stay's other entries still count.
 */
function presences(
  encounters: readonly unknown[],
  wardId: string,
  placeIds: ReadonlySet<string>,
): { stays: Presence[]; unreadable: number } {
  const stays: Presence[] = [];
  let unreadable = 0;
  const seen = new Set<string>();
  for (const encounter of arr<unknown>(encounters)) {
    if (!isObject(encounter)) continue;
    const id = str(encounter.id);
    if (id === null || seen.has(id) || IGNORED_STATUSES.has(str(encounter.status) ?? '')) continue;
    seen.add(id);
    const period = isObject(encounter.period) ? encounter.period : {};
    const encounterEnd = parseTime(period.end);
    const finished = str(encounter.status) === 'finished';
    const spans: Span[] = [];
    let unplaceable = 0;
    for (const entry of arr<unknown>(encounter.location)) {
      if (!isObject(entry) || entry.status === 'planned') continue;
      const ref = isObject(entry.location) ? str(entry.location.reference) : null;
      const [type, locationId] = (ref ?? '').split('/').slice(-2);
      if (type !== 'Location' || locationId === undefined || (locationId !== wardId && !placeIds.has(locationId)))
        continue;
      const p = isObject(entry.period) ? entry.period : {};
      const start = parseTime(p.start);
      const end = parseTime(p.end) ?? encounterEnd;
      if (start === null || (end === null && (entry.status === 'completed' || finished))) unplaceable++;
      else spans.push({ start, end });
    }
    if (unplaceable > 0) unreadable++;
    if (spans.length > 0) stays.push({ spans });
  }
  return { stays, unreadable };
}

const STAY_MEASURES = ['occupancy', 'turbulence'];
const STAFFING_MEASURES = ['bank-agency', 'sickness', 'fill-rate'];

/** Why a measure has no backfilled value whatever the rules say, or null to keep the rules' answer. */
function backfillReason(
  measureId: string,
  known: { staysKnown: boolean; incidentsKnown: boolean; staffingKnown: boolean },
): string | null {
  if (!BACKFILLED_MEASURES.includes(measureId)) return NOT_BACKFILLED;
  if (STAY_MEASURES.includes(measureId)) return known.staysKnown ? null : 'no stays on record this far back';
  if (STAFFING_MEASURES.includes(measureId))
    return known.staffingKnown ? null : 'staffing not available from FHIR or a roster feed';
  return known.incidentsKnown ? null : 'incidents not available from FHIR or an incident feed';
}

function occupiedAt(stays: readonly Presence[], at: number): number {
  return stays.filter((s) => s.spans.some((span) => span.start <= at && (span.end === null || span.end > at))).length;
}

function earliestStart(stays: readonly Presence[]): number | null {
  let earliest: number | null = null;
  for (const stay of stays)
    for (const span of stay.spans) if (earliest === null || span.start < earliest) earliest = span.start;
  return earliest;
}

function censusOf(bedCount: number, occupied: number): Census {
  return {
    beds: bedCount,
    occupied,
    free: Math.max(0, bedCount - occupied),
    cleaning: 0,
    closed: 0,
    reserved: 0,
    blocked: 0,
    onLeave: 0,
    admittedToday: 0,
    dischargedToday: 0,
    expectedDischargesToday: 0,
  };
}

/**
 * The figures of each of `dates` (London days, all over before `now`), as DayFigures for
 * scoreImportedDays, and how many stays had an entry that could not be placed in time (left out).
 * `past` must hold FHIR data from BACKFILL_READ_DAYS_BEFORE days before the first date stored (the
 * BACKFILL_LEAD_DAYS before it are worked out for its 7-day totals and trend, not stored).
 */
export function backfillWardDays(
  past: WardPast,
  dates: readonly string[],
  now: number,
): { days: DayFigures[]; outcomes: WardOutcomeDay[]; unreadableStays: number } {
  const { stays, unreadable } = presences(past.encounters, past.wardId, past.placeIds);
  const firstRecord = earliestStart(stays);
  const fhirIncidents = past.incidents === null ? null : readIncidents(past.incidents, now).incidents;
  const fhirStaffing = past.staffingReports === null ? null : readStaffing(past.staffingReports).days;
  const occupiedOn = new Map<string, number | null>();
  const occupied = (date: string): number | null => {
    let known = occupiedOn.get(date);
    if (known === undefined) {
      const at = censusInstant(date);
      known = firstRecord === null || firstRecord > at ? null : occupiedAt(stays, at);
      occupiedOn.set(date, known);
    }
    return known;
  };

  const outcomes: WardOutcomeDay[] = [];
  // FHIR's and the feed's incidents, as the merge gives them every day, counted by day once.
  const incidentDays = incidentCountsByDay(
    mergeWardContext({ readAt: new Date(now).toISOString(), incidents: fhirIncidents ?? [], staffing: [] }, past.feeds)
      .context?.incidents ?? [],
  );
  const days = dates.map((date): DayFigures => {
    const at = censusInstant(date);
    const reasons: Record<string, string> = {};
    const occupiedTonight = occupied(date);
    const week = Array.from({ length: 7 }, (_, back) => occupied(addCalendarDays(date, -back)));
    const occupiedBedDays7d = week.every((n) => n !== null) ? week.reduce((a, b) => a + b, 0) : null;
    const fhirContext: WardContext | null =
      fhirIncidents === null && fhirStaffing === null
        ? null
        : { readAt: new Date(at).toISOString(), incidents: fhirIncidents ?? [], staffing: fhirStaffing ?? [] };
    const { context } = mergeWardContext(fhirContext, past.feeds);
    // A figure read at the census: the merge stamps imported days with their import time.
    const asOfCensus = context === null ? null : { ...context, readAt: new Date(at).toISOString() };
    // An incident export speaks for the days before it was received, never for days after it.
    const importedAt = past.feeds.incidentsImportedAt === null ? null : Date.parse(past.feeds.incidentsImportedAt);
    const incidentsKnown = fhirIncidents !== null || (importedAt !== null && importedAt >= at);
    const staffingKnown = fhirStaffing !== null || past.feeds.staffing.length > 0;
    const flow =
      occupiedTonight === null
        ? null
        : wardMovements(past.encounters as Encounter[], past.wardId, new Set(past.placeIds), at - FLOW_WINDOW_MS, at);
    // The day's outcomes as its census would have read them: its discharges (the day is over) and
    // incidents, never VTE (a past day's prescriptions are not in the stays); what is not known is null.
    const discharges = flow?.events === undefined ? null : dischargesOnDay(date, flow.events);
    const incidentsThatDay = incidentsKnown ? (incidentDays.get(date) ?? { falls: 0, lowGlucose: 0 }) : null;
    if (discharges !== null || incidentsThatDay !== null)
      outcomes.push({
        date,
        vte: null,
        discharges,
        falls: incidentsThatDay?.falls ?? null,
        lowGlucose: incidentsThatDay?.lowGlucose ?? null,
      });
    const cells = computeMeasures(
      {
        profile: past.profile,
        now: at,
        census: censusOf(past.bedCount, occupiedTonight ?? 0),
        patients: [],
        wardContext: asOfCensus,
        flow,
        occupiedBedDays7d,
      },
      past.definitions,
    );
    const values: Record<string, number | null> = {};
    for (const cell of cells) {
      const reason = backfillReason(cell.measureId, {
        staysKnown: occupiedTonight !== null,
        incidentsKnown,
        staffingKnown,
      });
      values[cell.measureId] = reason === null && cell.reason === undefined ? cell.value : null;
      if (reason !== null || cell.reason !== undefined) reasons[cell.measureId] = reason ?? (cell.reason as string);
    }
    const dayStart = censusInstant(addCalendarDays(date, -1)) + 1;
    const harm = (context?.incidents ?? []).filter((i) => {
      const t = Date.parse(i.occurredAt);
      return t >= dayStart && t <= at && isHarmIncident(past.profile, i.categories);
    }).length;
    return {
      wardId: past.wardId,
      date,
      values,
      reasons,
      harmIncidents: incidentsKnown ? harm : null,
      occupiedBedDays: occupiedTonight,
    };
  });
  return { days, outcomes, unreadableStays: unreadable };
}
