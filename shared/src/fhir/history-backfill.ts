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

/** Days of FHIR data a day's figures need before it: the 7-day windows, and the 72 h of movements. */
export const BACKFILL_LEAD_DAYS = 7;

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
  /** What the CSV feeds hold for the ward over the window. */
  feeds: WardFeeds;
}

/** The last millisecond of a London day: its midnight census. */
export function censusInstant(date: string): number {
  return londonWallClock(addCalendarDays(date, 1), 0, 0).getTime() - 1;
}

interface Presence {
  start: number;
  /** Null while the stay is still on the ward. */
  end: number | null;
}

const IGNORED_STATUSES = new Set(['entered-in-error', 'cancelled', 'planned']);

/**
 * Each encounter's time on the ward: from its first location entry here to its last one's end. An
 * entry with no end ends with the encounter; one marked completed with no end anywhere cannot be
 * placed in time and is left out (counted as unreadable).
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
    const here = arr<unknown>(encounter.location)
      .filter(isObject)
      .filter((entry) => {
        const ref = isObject(entry.location) ? str(entry.location.reference) : null;
        const [type, locationId] = (ref ?? '').split('/').slice(-2);
        return type === 'Location' && locationId !== undefined && (locationId === wardId || placeIds.has(locationId));
      })
      .filter((entry) => entry.status !== 'planned');
    if (here.length === 0) continue;
    const spans = here.map((entry) => {
      const p = isObject(entry.period) ? entry.period : {};
      const start = parseTime(p.start);
      const end = parseTime(p.end) ?? encounterEnd;
      const closed = entry.status === 'completed' || str(encounter.status) === 'finished';
      return { start, end, placeable: start !== null && (end !== null || !closed) };
    });
    if (!spans.every((s) => s.placeable)) {
      unreadable++;
      continue;
    }
    const start = Math.min(...spans.map((s) => s.start as number));
    const end = spans.some((s) => s.end === null) ? null : Math.max(...spans.map((s) => s.end as number));
    stays.push({ start, end });
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
  return stays.filter((s) => s.start <= at && (s.end === null || s.end > at)).length;
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
 * scoreImportedDays. `past` must hold the data from BACKFILL_LEAD_DAYS before the first date.
 */
export function backfillWardDays(past: WardPast, dates: readonly string[], now: number): DayFigures[] {
  const { stays } = presences(past.encounters, past.wardId, past.placeIds);
  const firstRecord = stays.length === 0 ? null : Math.min(...stays.map((s) => s.start));
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

  return dates.map((date) => {
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
    const incidentsKnown = fhirIncidents !== null || past.feeds.incidentsImportedAt !== null;
    const staffingKnown = fhirStaffing !== null || past.feeds.staffing.length > 0;
    const cells = computeMeasures(
      {
        profile: past.profile,
        now: at,
        census: censusOf(past.bedCount, occupiedTonight ?? 0),
        patients: [],
        wardContext: asOfCensus,
        flow:
          occupiedTonight === null
            ? null
            : wardMovements(
                past.encounters as Encounter[],
                past.wardId,
                new Set(past.placeIds),
                at - FLOW_WINDOW_MS,
                at,
              ),
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
}
