/**
 * The trust's past as FHIR: the stays, incidents and staffing reports of each ward's last N days,
 * so a reader backfilling its history reads the simulator exactly as it would read a trust, with
 * the same searches it uses for today (encounter location periods, AdverseEvent, MeasureReport).
 *
 * The days themselves are simulateWardDays' (ward-history.generator.ts, the figures behind the CLI's
 * `history` rows), run with each ward's real bed count. Each day is then made into resources:
 *
 * - Stays. The census of a date D is the last millisecond of D in London; a stay is on the ward at an
 *   instant when one of its location entries (the ward, or one of its bays, rooms or beds) has begun
 *   and not ended by then. The stays on the ward at D's census number exactly D's simulated
 *   `occupied`: the live trust's seeded stays (current inpatients, today's and yesterday's
 *   discharges) count first, historic stays make up the rest. Where the live stays alone are more,
 *   they are the census (no historic stay is on the ward), and the truth table says so. Day by day
 *   historic stays are admitted and discharged so that the count comes out right with about the
 *   simulated number of movements, the longest-staying leaving first; the last of them leave today
 *   before the simulator's now, so every historic stay is finished and the live ward read (current
 *   stays) never meets one. A quarter of arrivals are transfers in from elsewhere in the hospital
 *   (the encounter began a day or three before the ward entry), a fifth of leavings transfers out
 *   (the ward entry ends, the encounter a day or three later). Times fall between 08:00 and 21:00,
 *   away from the census at midnight.
 * - Incidents (AdverseEvent) and staffing (MeasureReport) in the live trust's shapes
 *   (ward-context.generator.ts), from the simulated incidents and hours, for the days before the
 *   live trust's own seeded incidents and reports begin, so no day has both.
 *
 * Historic resources have ids of their own (`hist-...`, staffing by ward and date as live), held by
 * no evolver state, so the evolving trust neither changes nor deletes them. Pure and seeded: the same
 * trust, days and now give the same resources (the patients' NHS numbers join the trust's set).
 */
import type { Encounter, Location, Resource } from '@medplum/fhirtypes';
import { hashOf } from '../trust/clinical-resource.factory.js';
import { encounterResource, finishedEncounter, patientResource } from '../trust/fhir-resource.factory.js';
import type { WardProfile } from '../trust/news2.model.js';
import { syntheticPerson } from '../trust/synthetic-person.generator.js';
import type { TrustState, WardPlan } from '../trust/trust.model.js';
import {
  incidentResource,
  londonMidnight,
  roundHours,
  staffingReportResource,
  WARD_CONTEXT_RETENTION,
  type IncidentCategory,
  type StaffingGroup,
} from '../trust/ward-context.generator.js';
import { addDays, isoInstant, londonDate } from '../util/dates.util.js';
import { SeededRandom } from '../util/seeded-random.util.js';
import { simulateWardDays, type SimulatedWardDay } from './ward-history.generator.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Incident category of each slot of a simulated day's `incidents` (HARM_CATEGORY_ORDER), as AdverseEvent codes it. */
export const HISTORY_INCIDENT_CATEGORIES: Readonly<Record<WardProfile, readonly IncidentCategory[]>> = Object.freeze({
  'mental-health': ['violence-aggression', 'restraint', 'self-harm'],
  acute: ['fall', 'hypoglycaemia'],
});

/** Patients per ward the historic stays are drawn from, in turn, so some come back (readmissions). */
export const HISTORY_PATIENTS_PER_WARD = 50;
const TRANSFER_IN_SHARE = 0.25;
const TRANSFER_OUT_SHARE = 0.2;
/** Bank's share of the simulated bank and agency hours. */
const BANK_SHARE = 0.7;
/** Hours of the London day (from midnight) historic arrivals and leavings fall between. */
const EVENT_HOURS: readonly [number, number] = [8, 21];

export interface HistoryFhirOptions {
  /** The seeded trust: its wards and seed; the historic patients' NHS numbers are added to its set. */
  state: TrustState;
  /** The seeded trust's resources: the wards' room and bed Locations, and its stays (Encounters). */
  resources: readonly Resource[];
  /** Days of history: the London dates from today - historyDays to yesterday. */
  historyDays: number;
  /** The simulator's now at start (the instant the trust was seeded at). */
  nowMs: number;
}

export interface StaffingHours {
  planned: number;
  actual: number;
  bank: number;
  agency: number;
  sickness: number;
}

/** What the FHIR resources say about one ward on one London date: for tests of a reader. */
export interface HistoryTruthRow {
  wardId: string;
  date: string;
  /** Stays on the ward at the date's census (its last millisecond in London), live and historic. */
  occupiedAtCensus: number;
  /** The simulated figure the census is built to: equal to occupiedAtCensus unless the live stays alone are more. */
  simulatedOccupied: number;
  /** Ward entries starting that day: admissions (the encounter starts with them) and transfers in (it began before). */
  arrivals: { admissions: number; transfersIn: number };
  /** Ward entries ending that day: discharges (the encounter ends with them) and transfers out (it ends later). */
  leavings: { discharges: number; transfersOut: number };
  /**
   * Whose incidents and staffing report the date has: the history's (below), or the live trust's seeded
   * ones (ward-context.generator.ts; then both fields below are null).
   */
  wardContext: 'history' | 'live';
  /** Actual incidents that day by AdverseEvent category code (a history date; null on a live one). */
  incidentsByCategory: Record<string, number> | null;
  /** The day's report, as published (to a tenth of an hour); null when there is none or the date is live. */
  staffing: StaffingHours | null;
}

export interface HistoryFhir {
  /** Patients, encounters, incidents and staffing reports, ward by ward. */
  resources: Resource[];
  /** Ward by ward, dates oldest first. */
  truth: HistoryTruthRow[];
}

/** The first London date whose incidents and staffing are the live trust's (history's stop the day before). */
export function liveWardContextStart(nowMs: number): string {
  // Live seeded incidents go back seededDays x 24 h from now, so into the date seededDays ago as well.
  return addDays(londonDate(nowMs), -WARD_CONTEXT_RETENTION.seededDays);
}

export function buildHistoryFhir(options: HistoryFhirOptions): HistoryFhir {
  const { state, historyDays, nowMs } = options;
  if (!Number.isInteger(historyDays) || historyDays < 0)
    throw new Error(`buildHistoryFhir: historyDays must be a whole number >= 0, got ${historyDays}`);
  if (historyDays === 0) return { resources: [], truth: [] };
  const places = state.wards.map((ward) => placesOfWard(ward.id, options.resources));
  const simulated = simulateWardDays({
    seed: state.seed,
    wards: state.wards.map((ward, i) => ({
      id: ward.id,
      profile: ward.profile,
      beds: (places[i] as WardPlaces).beds.length,
    })),
    days: historyDays,
    endDate: addDays(londonDate(nowMs), -1),
  });
  const resources: Resource[] = [];
  const truth: HistoryTruthRow[] = [];
  state.wards.forEach((ward, i) => {
    const built = wardHistory(
      state,
      ward,
      places[i] as WardPlaces,
      (simulated[i] as { days: SimulatedWardDay[] }).days,
      options.resources,
      nowMs,
    );
    resources.push(...built.resources);
    truth.push(...built.truth);
  });
  return { resources, truth };
}

interface WardPlaces {
  /** "Location/id" of the ward and every room and bed under it. */
  refs: Set<string>;
  beds: string[];
}

/** The ward's rooms and beds, beds straight off the ward or under its bays and side rooms. */
function placesOfWard(wardId: string, resources: readonly Resource[]): WardPlaces {
  const locations = resources.filter((r): r is Location => r.resourceType === 'Location');
  const isBed = (l: Location): boolean => l.physicalType?.coding?.some((c) => c.code === 'bd') === true;
  const under = new Set([wardId]);
  const beds: string[] = [];
  // Two passes: beds and rooms off the ward, then beds off the rooms (bays are one level deep).
  for (let level = 0; level < 2; level++) {
    for (const l of locations) {
      const parent = l.partOf?.reference?.split('/')[1];
      if (l.id === undefined || parent === undefined || !under.has(parent) || under.has(l.id)) continue;
      under.add(l.id);
      if (isBed(l)) beds.push(l.id);
    }
  }
  return { refs: new Set([...under].map((id) => `Location/${id}`)), beds };
}

/** When a bed is held: [start, end), end Infinity while the stay goes on. */
interface Interval {
  startMs: number;
  endMs: number;
}

const timeOf = (text: string | undefined, fallback: number): number =>
  text === undefined ? fallback : Date.parse(text);

/** The census rule: some entry on the ward's places has begun by `atMs` and not ended by then. */
function onWardAt(encounter: Encounter, refs: ReadonlySet<string>, atMs: number): boolean {
  return (encounter.location ?? []).some(
    (l) =>
      refs.has(l.location?.reference ?? '') &&
      timeOf(l.period?.start, Infinity) <= atMs &&
      timeOf(l.period?.end, Infinity) > atMs,
  );
}

/** A historic stay on the ward: its ward entry from arrive to leave, its encounter possibly longer. */
interface Stay {
  arriveMs: number;
  leaveMs: number;
  encounterStartMs: number;
  encounterEndMs: number;
  bedId?: string;
  patient?: number;
}

function wardHistory(
  state: TrustState,
  ward: WardPlan,
  places: WardPlaces,
  days: readonly SimulatedWardDay[],
  trustResources: readonly Resource[],
  nowMs: number,
): HistoryFhir {
  const random = new SeededRandom((state.seed ^ hashOf(`history-fhir:${ward.id}`)) >>> 0, 0);
  const live = trustResources.filter(
    (r): r is Encounter =>
      r.resourceType === 'Encounter' && (r.location ?? []).some((l) => places.refs.has(l.location?.reference ?? '')),
  );
  const today = londonDate(nowMs);
  const todayMs = londonMidnight(today);
  const dayStart = days.map((d) => londonMidnight(d.date));
  const census = days.map((d) => londonMidnight(addDays(d.date, 1)) - 1);
  const liveCount = census.map((c) => live.filter((e) => onWardAt(e, places.refs, c)).length);
  // A historic stay still on the ward at yesterday's census must leave today, before now; with no time
  // for that (the simulator starts in the first minute of the day) the live stays alone are the census.
  const canLeaveToday = nowMs - todayMs >= 60_000;
  const historic = days.map((d, i) =>
    i === days.length - 1 && !canLeaveToday ? 0 : Math.max(0, d.occupied - (liveCount[i] as number)),
  );

  const inDay = (i: number): number => (dayStart[i] as number) + random.between(EVENT_HOURS[0], EVENT_HOURS[1]) * HOUR;
  const stays: Stay[] = [];
  // The first day opens with its historic stays already there, admitted over the days before.
  const active: Stay[] = [];
  const first = historic[0] as number;
  for (let k = first - 1; k >= 0; k--) {
    const arriveMs =
      londonMidnight(addDays((days[0] as SimulatedWardDay).date, -1 - Math.floor(k * 0.7))) +
      random.between(EVENT_HOURS[0], EVENT_HOURS[1]) * HOUR;
    active.push(arrival(random, arriveMs));
  }
  active.sort((a, b) => a.arriveMs - b.arriveMs);
  stays.push(...active);

  days.forEach((day, i) => {
    const diff = (historic[i] as number) - active.length;
    // Leavings d and arrivals d + diff, with d + (d + diff) as near the simulated movements as can be.
    const half = (day.movements - diff) / 2;
    const rounded = Number.isInteger(half) ? half : random.chance(0.5) ? Math.ceil(half) : Math.floor(half);
    const leaving = Math.min(active.length, Math.max(0, -diff, rounded));
    const leaveTimes = Array.from({ length: leaving }, () => inDay(i)).sort((a, b) => a - b);
    for (const leaveMs of leaveTimes) leave(random, active.shift() as Stay, leaveMs, nowMs);
    const arriveTimes = Array.from({ length: leaving + diff }, () => inDay(i)).sort((a, b) => a - b);
    for (const arriveMs of arriveTimes) {
      const stay = arrival(random, arriveMs);
      active.push(stay);
      stays.push(stay);
    }
  });
  // Those still on the ward at yesterday's census leave today, before now, as the live trust takes over.
  const lastLeaves = active.map(() => todayMs + random.between(0.1, 0.9) * (nowMs - todayMs)).sort((a, b) => a - b);
  for (const leaveMs of lastLeaves) leave(random, active.shift() as Stay, leaveMs, nowMs);

  assignBeds(random, stays, places.beds, live, places.refs);
  // At least one patient, for the incidents of a ward whose live stays fill every census.
  const patients = Math.max(1, assignPatients(stays));

  // Patients first, then what refers to them.
  const resources: Resource[] = [];
  const patientId = (n: number): string => `hist-patient-${ward.id}-${String(n + 1).padStart(4, '0')}`;
  for (let n = 0; n < patients; n++) {
    const person = syntheticPerson(random, { sex: ward.sex, profile: ward.profile, nowMs }, state.nhsNumbers);
    resources.push(patientResource(patientId(n), person));
  }
  const encounterIds = new Map<Stay, string>();
  stays.forEach((stay, n) => {
    const id = `hist-encounter-${ward.id}-${String(n + 1).padStart(5, '0')}`;
    encounterIds.set(stay, id);
    const open = encounterResource({
      id,
      patientId: patientId(stay.patient as number),
      wardId: ward.id,
      bedId: stay.bedId as string,
      start: isoInstant(stay.arriveMs),
      status: 'in-progress',
    });
    const finished = finishedEncounter(
      { ...open, period: { start: isoInstant(stay.encounterStartMs) } },
      isoInstant(stay.leaveMs),
    );
    resources.push({ ...finished, period: { ...finished.period, end: isoInstant(stay.encounterEndMs) } });
  });

  // Incidents and staffing for the days before the live trust's own.
  const contextEnd = liveWardContextStart(nowMs);
  const categories = HISTORY_INCIDENT_CATEGORIES[ward.profile];
  let incidentCount = 0;
  const truth: HistoryTruthRow[] = days.map((day, i) => {
    const startMs = dayStart[i] as number;
    const endMs = (census[i] as number) + 1;
    const within = (ms: number): boolean => ms >= startMs && ms < endMs;
    const row: HistoryTruthRow = {
      wardId: ward.id,
      date: day.date,
      occupiedAtCensus: (liveCount[i] as number) + (historic[i] as number),
      simulatedOccupied: day.occupied,
      arrivals: { admissions: 0, transfersIn: 0 },
      leavings: { discharges: 0, transfersOut: 0 },
      wardContext: day.date < contextEnd ? 'history' : 'live',
      incidentsByCategory: null,
      staffing: null,
    };
    for (const stay of stays) countMovement(row, stay, within);
    for (const encounter of live) {
      const entry = wardEntryOf(encounter, ward.id);
      if (entry !== undefined) countMovement(row, entry, within);
    }
    if (row.wardContext === 'live') return row;

    row.incidentsByCategory = {};
    day.incidents.forEach((count, k) => {
      const category = categories[k] as IncidentCategory;
      for (let j = 0; j < count; j++) {
        const atMs = startMs + random.next() * (endMs - startMs);
        // Someone on the ward at the time; with no historic stay there, a patient of the ward's pool.
        const there = stays.filter((s) => s.arriveMs <= atMs && s.leaveMs > atMs);
        const who = there.length > 0 ? random.pick(there) : undefined;
        incidentCount++;
        resources.push(
          incidentResource({
            id: `hist-incident-${ward.id}-${String(incidentCount).padStart(4, '0')}`,
            wardId: ward.id,
            actuality: 'actual',
            categories: [category],
            patientId: patientId(who?.patient ?? random.int(0, patients - 1)),
            ...(who === undefined ? {} : { encounterId: encounterIds.get(who) as string }),
            atMs,
            recordedMs: Math.min(nowMs, atMs + random.between(5, 90) * 60_000),
          }),
        );
        const counts = row.incidentsByCategory as Record<string, number>;
        counts[category] = (counts[category] ?? 0) + 1;
      }
    });
    if (day.staffing !== null) {
      const s = day.staffing;
      const hours: Record<StaffingGroup, number> = {
        'planned-hours': roundHours(s.planned),
        'actual-hours': roundHours(s.actual),
        'bank-hours': roundHours(s.bankAgency * BANK_SHARE),
        'agency-hours': roundHours(s.bankAgency * (1 - BANK_SHARE)),
        'sickness-hours': roundHours(s.sickness),
      };
      // Reported just after the day's midnight, as the live trust reports its past days.
      resources.push(staffingReportResource(ward.id, day.date, hours, endMs + 30 * 60_000));
      row.staffing = {
        planned: hours['planned-hours'],
        actual: hours['actual-hours'],
        bank: hours['bank-hours'],
        agency: hours['agency-hours'],
        sickness: hours['sickness-hours'],
      };
    }
    return row;
  });
  return { resources, truth };
}

/** An arrival at `arriveMs`: an admission, or a quarter of the time a transfer in from another ward. */
function arrival(random: SeededRandom, arriveMs: number): Stay {
  const transferIn = random.chance(TRANSFER_IN_SHARE);
  return {
    arriveMs,
    leaveMs: Infinity,
    encounterStartMs: transferIn ? arriveMs - random.between(1, 3) * DAY : arriveMs,
    encounterEndMs: Infinity,
  };
}

/** Leaving at `leaveMs`: a discharge, or a fifth of the time a transfer out (if it can end before now). */
function leave(random: SeededRandom, stay: Stay, leaveMs: number, nowMs: number): void {
  stay.leaveMs = leaveMs;
  stay.encounterEndMs = leaveMs;
  const room = (nowMs - HOUR - leaveMs) / DAY;
  if (random.chance(TRANSFER_OUT_SHARE) && room > 1)
    stay.encounterEndMs = leaveMs + random.between(1, Math.min(3, room)) * DAY;
}

/** A live encounter's stay on the ward, as the entry on the ward itself gives it. */
function wardEntryOf(encounter: Encounter, wardId: string): Stay | undefined {
  const entry = (encounter.location ?? []).find((l) => l.location?.reference === `Location/${wardId}`);
  if (entry === undefined) return undefined;
  return {
    arriveMs: timeOf(entry.period?.start, Infinity),
    leaveMs: timeOf(entry.period?.end, Infinity),
    encounterStartMs: timeOf(encounter.period?.start, Infinity),
    encounterEndMs: timeOf(encounter.period?.end, Infinity),
  };
}

function countMovement(row: HistoryTruthRow, stay: Stay, within: (ms: number) => boolean): void {
  if (within(stay.arriveMs)) {
    if (stay.encounterStartMs < stay.arriveMs) row.arrivals.transfersIn++;
    else row.arrivals.admissions++;
  }
  if (within(stay.leaveMs)) {
    if (stay.encounterEndMs > stay.leaveMs) row.leavings.transfersOut++;
    else row.leavings.discharges++;
  }
}

/**
 * A bed for each stay, free for the whole stay of both historic stays and the live ones where the
 * ward has one (greedy in order of arrival); the odd stay that finds none shares a random bed.
 */
function assignBeds(
  random: SeededRandom,
  stays: readonly Stay[],
  beds: readonly string[],
  live: readonly Encounter[],
  refs: ReadonlySet<string>,
): void {
  const taken = new Map<string, Interval[]>(beds.map((b) => [b, []]));
  for (const encounter of live) {
    for (const l of encounter.location ?? []) {
      const bed = l.location?.reference?.split('/')[1] ?? '';
      if (!refs.has(`Location/${bed}`) || !taken.has(bed)) continue;
      (taken.get(bed) as Interval[]).push({
        startMs: timeOf(l.period?.start, Infinity),
        endMs: timeOf(l.period?.end, Infinity),
      });
    }
  }
  for (const stay of [...stays].sort((a, b) => a.arriveMs - b.arriveMs)) {
    const free = beds.filter((b) =>
      (taken.get(b) as Interval[]).every((t) => t.endMs <= stay.arriveMs || t.startMs >= stay.leaveMs),
    );
    const bed = random.pick(free.length > 0 ? free : beds);
    stay.bedId = bed;
    (taken.get(bed) as Interval[]).push({ startMs: stay.arriveMs, endMs: stay.leaveMs });
  }
}

/**
 * Patients from the ward's pool in turn (so some are readmitted), skipping any whose previous stay has
 * not ended by the new one's start; a new patient joins the pool when none is free. Returns the pool size.
 */
function assignPatients(stays: readonly Stay[]): number {
  const lastEnd: number[] = [];
  let next = 0;
  for (const stay of [...stays].sort((a, b) => a.encounterStartMs - b.encounterStartMs)) {
    let chosen = -1;
    for (let tried = 0; tried < lastEnd.length && lastEnd.length >= HISTORY_PATIENTS_PER_WARD; tried++) {
      const n = (next + tried) % lastEnd.length;
      if ((lastEnd[n] as number) < stay.encounterStartMs) {
        chosen = n;
        break;
      }
    }
    if (chosen < 0) {
      chosen = lastEnd.length;
      lastEnd.push(0);
    } else next = (chosen + 1) % lastEnd.length;
    stay.patient = chosen;
    lastEnd[chosen] = stay.encounterEndMs;
  }
  return lastEnd.length;
}
