/**
 * Ward context beyond the beds: incidents (AdverseEvent) and daily staffing (MeasureReport), per
 * ward, in the shapes of the Wardflow ward-context contract.
 *
 * Incidents come a handful per ward per week, more on fuller wards (so a model scoring wards has
 * something to find): violence, restraint, seclusion, rapid tranquillisation and self-harm on
 * mental-health wards, falls and hypoglycaemia on acute wards. Staffing is one report per ward per
 * London day, today's a partial day rewritten (same id) each step; each ward has its own persistent
 * habits, some chronically short.
 *
 * Codes are literals here, not imported from @wardflow/shared, so the simulator cannot agree with the
 * reader by construction. Draws use their own random streams, leaving the rest of the trust as it was.
 */
import type { AdverseEvent, CodeableConcept, MeasureReport, Resource } from '@medplum/fhirtypes';
import type { FhirRepository } from '@medplum/fhir-router';
import { hashOf } from './clinical-resource.factory.js';
import { addDays, isoInstant, londonDate } from '../util/dates.util.js';
import type { WardProfile } from './news2.model.js';
import { SeededRandom } from '../util/seeded-random.util.js';
import type { TrustState, WardContextState, WardPlan } from './trust.model.js';

export const WARD_CONTEXT_SYSTEMS = {
  incidentCategory: 'https://fhir.wardflow.org/CodeSystem/incident-category',
  staffingMeasure: 'https://fhir.wardflow.org/Measure/ward-staffing',
  staffingGroup: 'https://fhir.wardflow.org/CodeSystem/staffing-measure',
  ucum: 'http://unitsofmeasure.org',
} as const;

export const WARD_CONTEXT_RETENTION = { days: 10, seededDays: 8 } as const;

/** The evolver's nominal step (tests and the demo advance the clock 30 minutes a step). */
const STEPS_PER_WEEK = 336;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export type IncidentCategory =
  'violence-aggression' | 'restraint' | 'seclusion' | 'rapid-tranquillisation' | 'self-harm' | 'fall' | 'hypoglycaemia';

const CATEGORY_DISPLAY: Record<IncidentCategory, string> = {
  'violence-aggression': 'Violence and aggression',
  restraint: 'Restraint',
  seclusion: 'Seclusion',
  'rapid-tranquillisation': 'Rapid tranquillisation',
  'self-harm': 'Self-harm',
  fall: 'Fall',
  hypoglycaemia: 'Hypoglycaemia',
};

export const STAFFING_GROUPS = [
  'planned-hours',
  'actual-hours',
  'bank-hours',
  'agency-hours',
  'sickness-hours',
] as const;
export type StaffingGroup = (typeof STAFFING_GROUPS)[number];

const GROUP_DISPLAY: Record<StaffingGroup, string> = {
  'planned-hours': 'Planned nursing hours',
  'actual-hours': 'Actual nursing hours',
  'bank-hours': 'Bank nursing hours',
  'agency-hours': 'Agency nursing hours',
  'sickness-hours': 'Hours lost to sickness',
};

export function emptyWardContext(): WardContextState {
  return { incidents: new Map(), staffing: new Map() };
}

/** Who is on the ward, for incident subjects, and how full it is. */
export interface WardCensus {
  bedCount: number;
  openBeds: number;
  occupants: readonly { patientId: string; encounterId: string; admittedMs: number }[];
}

/** Incidents a week: a handful, rising steeply with occupancy (x0.7 at 86 %, x1.6 at 96 %). */
export function weeklyIncidentRate(profile: WardProfile, occupancy: number): number {
  // Near national rates: an acute ward of 28 beds sees one or two falls a week (about 7 per 1,000
  // occupied bed days); a mental-health ward a few incidents of violence, restraint or self-harm.
  return (profile === 'mental-health' ? 4 : 1.5) * Math.exp(5 * (occupancy - 0.9));
}

function occupancyOf(census: WardCensus): number {
  return census.openBeds > 0 ? census.occupants.length / census.openBeds : 0;
}

/** The past 8 days of incidents and staffing reports of a ward at trust generation. */
export function seedWardContext(state: TrustState, ward: WardPlan, census: WardCensus, nowMs: number): Resource[] {
  const random = new SeededRandom((state.seed ^ hashOf(`ward-context:${ward.id}`)) >>> 0, 0);
  const expected = (weeklyIncidentRate(ward.profile, occupancyOf(census)) * WARD_CONTEXT_RETENTION.seededDays) / 7;
  // At least one, so every ward's panel has something to show.
  const count = Math.max(1, poisson(random, expected));
  const times = Array.from(
    { length: count },
    () => nowMs - random.between(0.2 * HOUR, WARD_CONTEXT_RETENTION.seededDays * DAY - HOUR),
  ).sort((a, b) => a - b);
  const resources: Resource[] = [];
  for (const atMs of times) {
    // Someone on the ward at the time; failing that, the longest-staying patient, later in their stay.
    const there = census.occupants.filter((o) => o.admittedMs <= atMs);
    const earliest = [...census.occupants].sort((a, b) => a.admittedMs - b.admittedMs)[0];
    if (there.length === 0 && earliest === undefined) break;
    const who = there.length > 0 ? random.pick(there) : (earliest as WardCensus['occupants'][number]);
    const at = Math.max(atMs, who.admittedMs + random.between(0, Math.max(0, nowMs - who.admittedMs)));
    // The first is always an actual incident: "at least one" means one the measures count, not a near miss.
    resources.push(incident(state, ward, random, who, at, nowMs, resources.length > 0));
  }
  resources.push(...staffingReports(state, ward, census.bedCount, nowMs));
  return resources;
}

/** One step: the odd new incident, today's staffing rewritten, old incidents and reports deleted. */
export async function evolveWardContext(
  repo: FhirRepository,
  state: TrustState,
  ward: WardPlan,
  census: WardCensus,
  nowMs: number,
): Promise<void> {
  const random = new SeededRandom((state.seed ^ hashOf(`ward-context:${ward.id}`)) >>> 0, 1000 + state.step);
  const writes: Resource[] = [];
  if (
    census.occupants.length > 0 &&
    random.chance(weeklyIncidentRate(ward.profile, occupancyOf(census)) / STEPS_PER_WEEK)
  ) {
    const who = random.pick(census.occupants);
    // Reported a little after it happened, never before the patient arrived.
    writes.push(
      incident(state, ward, random, who, Math.max(who.admittedMs, nowMs - random.between(0, 25 * 60_000)), nowMs),
    );
  }
  writes.push(...staffingReports(state, ward, census.bedCount, nowMs));
  for (const resource of writes) await repo.updateResource(resource);

  const cutoffMs = nowMs - WARD_CONTEXT_RETENTION.days * DAY;
  const incidents = state.wardContext.incidents.get(ward.id) ?? [];
  while (incidents.length > 0 && (incidents[0] as { atMs: number }).atMs < cutoffMs)
    await deleteIfPresent(repo, 'AdverseEvent', (incidents.shift() as { id: string }).id);
  const oldest = addDays(londonDate(nowMs), -(WARD_CONTEXT_RETENTION.days - 1));
  const reports = state.wardContext.staffing.get(ward.id) ?? new Map<string, 'partial' | 'full'>();
  for (const date of [...reports.keys()]) {
    if (date >= oldest) continue;
    reports.delete(date);
    await deleteIfPresent(repo, 'MeasureReport', staffingId(ward.id, date));
  }
}

function incident(
  state: TrustState,
  ward: WardPlan,
  random: SeededRandom,
  who: WardCensus['occupants'][number],
  atMs: number,
  nowMs: number,
  nearMissAllowed = true,
): AdverseEvent {
  const categories = incidentCategories(random, ward.profile);
  const id = state.ids.next('incident');
  const list = state.wardContext.incidents.get(ward.id) ?? [];
  list.push({ id, atMs });
  list.sort((a, b) => a.atMs - b.atMs);
  state.wardContext.incidents.set(ward.id, list);
  return incidentResource({
    id,
    wardId: ward.id,
    // Now and then a near miss: published, not counted.
    actuality: random.chance(0.08) && nearMissAllowed ? 'potential' : 'actual',
    categories,
    patientId: who.patientId,
    encounterId: who.encounterId,
    atMs,
    recordedMs: Math.min(nowMs, atMs + random.between(5, 90) * 60_000),
  });
}

export interface IncidentSpec {
  id: string;
  wardId: string;
  actuality: 'actual' | 'potential';
  categories: readonly IncidentCategory[];
  patientId: string;
  /** The stay it happened in; left out when the incident names only the patient. */
  encounterId?: string;
  atMs: number;
  recordedMs: number;
}

/** An incident on a ward as the live trust and its generated past both publish it. */
export function incidentResource(spec: IncidentSpec): AdverseEvent {
  return {
    resourceType: 'AdverseEvent',
    id: spec.id,
    actuality: spec.actuality,
    category: spec.categories.map((c) => coded(WARD_CONTEXT_SYSTEMS.incidentCategory, c, CATEGORY_DISPLAY[c])),
    event: { text: spec.categories.map((c) => CATEGORY_DISPLAY[c]).join(', ') },
    subject: { reference: `Patient/${spec.patientId}` },
    ...(spec.encounterId === undefined ? {} : { encounter: { reference: `Encounter/${spec.encounterId}` } }),
    date: isoInstant(spec.atMs),
    recordedDate: isoInstant(spec.recordedMs),
    location: { reference: `Location/${spec.wardId}` },
  };
}

/** Restraint is usually recorded with the violence that led to it, rapid tranquillisation with restraint. */
function incidentCategories(random: SeededRandom, profile: WardProfile): IncidentCategory[] {
  if (profile === 'acute')
    return [
      random.weighted<IncidentCategory>([
        ['fall', 72],
        ['hypoglycaemia', 28],
      ]),
    ];
  const main = random.weighted<IncidentCategory>([
    ['violence-aggression', 34],
    ['restraint', 22],
    ['self-harm', 24],
    ['seclusion', 10],
    ['rapid-tranquillisation', 10],
  ]);
  if (main === 'restraint') return random.chance(0.75) ? ['restraint', 'violence-aggression'] : ['restraint'];
  if (main === 'rapid-tranquillisation')
    return random.chance(0.6) ? ['rapid-tranquillisation', 'restraint'] : ['rapid-tranquillisation'];
  return [main];
}

export function staffingId(wardId: string, date: string): string {
  return `staffing-${wardId}-${date}`;
}

/**
 * The reports to write now: today's (partial, always rewritten) and any of the last 8 days not yet
 * written for the whole day (yesterday's once the clock passes midnight).
 */
function staffingReports(state: TrustState, ward: WardPlan, bedCount: number, nowMs: number): MeasureReport[] {
  const today = londonDate(nowMs);
  const reports = state.wardContext.staffing.get(ward.id) ?? new Map<string, 'partial' | 'full'>();
  state.wardContext.staffing.set(ward.id, reports);
  const out: MeasureReport[] = [];
  for (let back = WARD_CONTEXT_RETENTION.seededDays - 1; back >= 0; back--) {
    const date = addDays(today, -back);
    if (date !== today && reports.get(date) === 'full') continue;
    out.push(staffingReport(state, ward, bedCount, date, nowMs));
    reports.set(date, date === today ? 'partial' : 'full');
  }
  return out;
}

function staffingReport(
  state: TrustState,
  ward: WardPlan,
  bedCount: number,
  date: string,
  nowMs: number,
): MeasureReport {
  const startMs = londonMidnight(date);
  const endMs = londonMidnight(addDays(date, 1));
  const fraction = Math.min(1, Math.max(0, (nowMs - startMs) / (endMs - startMs)));
  const figures = dailyStaffing(state.seed, ward, bedCount, date);
  const hours = Object.fromEntries(STAFFING_GROUPS.map((g) => [g, roundHours(figures[g] * fraction)])) as Record<
    StaffingGroup,
    number
  >;
  // Past days are reported just after their midnight; today's as of now.
  return staffingReportResource(ward.id, date, hours, Math.min(nowMs, fraction < 1 ? nowMs : endMs + 30 * 60_000));
}

/** Hours as the reports give them: to a tenth. */
export function roundHours(hours: number): number {
  return Math.round(hours * 10) / 10;
}

/** A ward's staffing report for a London day, as the live trust and its generated past both publish it. */
export function staffingReportResource(
  wardId: string,
  date: string,
  hours: Readonly<Record<StaffingGroup, number>>,
  reportedMs: number,
): MeasureReport {
  return {
    resourceType: 'MeasureReport',
    id: staffingId(wardId, date),
    status: 'complete',
    type: 'summary',
    measure: WARD_CONTEXT_SYSTEMS.staffingMeasure,
    subject: { reference: `Location/${wardId}` },
    date: isoInstant(reportedMs),
    period: { start: isoInstant(londonMidnight(date)), end: isoInstant(londonMidnight(addDays(date, 1))) },
    group: STAFFING_GROUPS.map((g) => ({
      code: coded(WARD_CONTEXT_SYSTEMS.staffingGroup, g, GROUP_DISPLAY[g]),
      measureScore: { value: hours[g], unit: 'h', system: WARD_CONTEXT_SYSTEMS.ucum, code: 'h' },
    })),
  };
}

/**
 * A whole day's hours. The ward's habits (how short it runs, how much bank and agency, sickness)
 * come from the ward alone so they persist; the day's wobble from the ward and date, so rewriting
 * today's report gives the same day.
 */
export function dailyStaffing(
  seed: number,
  ward: WardPlan,
  bedCount: number,
  date: string,
): Record<StaffingGroup, number> {
  const habits = new SeededRandom((seed ^ hashOf(`staffing:${ward.id}`)) >>> 0, 0);
  const fillMean = habits.chance(0.15) ? habits.between(0.86, 0.9) : habits.between(0.93, 1.01);
  const temporaryMean = habits.between(0.07, 0.2);
  const sicknessMean = habits.between(0.028, 0.065);
  const bankShare = habits.between(0.55, 0.85);
  const perBed = habits.between(7.2, 7.8);
  const day = new SeededRandom((seed ^ hashOf(`staffing:${ward.id}:${date}`)) >>> 0, 0);
  const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));
  const planned = bedCount * perBed;
  const actual = planned * clamp(fillMean + day.between(-0.03, 0.03), 0.85, 1.05);
  const temporary = actual * clamp(temporaryMean + day.between(-0.04, 0.04), 0.05, 0.25);
  const bank = temporary * bankShare;
  return {
    'planned-hours': planned,
    'actual-hours': actual,
    'bank-hours': bank,
    'agency-hours': temporary - bank,
    'sickness-hours': planned * clamp(sicknessMean + day.between(-0.015, 0.015), 0.02, 0.08),
  };
}

/** UTC instant of midnight in London starting the YYYY-MM-DD date (23:00Z the day before in BST). */
export function londonMidnight(date: string): number {
  const utcMidnight = Date.parse(`${date}T00:00:00Z`);
  return londonDate(utcMidnight - HOUR) === date ? utcMidnight - HOUR : utcMidnight;
}

function poisson(random: SeededRandom, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = random.next(); p > limit; p *= random.next()) k++;
  return k;
}

function coded(system: string, code: string, display: string): CodeableConcept {
  return { coding: [{ system, code, display }] };
}

async function deleteIfPresent(repo: FhirRepository, resourceType: string, id: string): Promise<void> {
  try {
    await repo.deleteResource(resourceType, id);
  } catch {
    // Already gone: a client deleted it over HTTP.
  }
}
