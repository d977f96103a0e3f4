/**
 * The synthetic trust at the moment the simulator starts: sites, wards (half mental-health, half
 * acute), beds mostly occupied, current inpatients with their NEWS2 history, and the day's
 * discharges. Pure: the same options give the same resources.
 */
import type { Encounter, Location, Resource } from '@medplum/fhirtypes';
import {
  bedLocation,
  bedStateOf,
  roomLocation,
  withLocalBedStateCode,
  encounterResource,
  finishedEncounter,
  news2Observation,
  patientResource,
  siteLocation,
  wardLocation,
  type BedState,
  type PersonSpec,
  type SiteSpec,
} from './fhir-resource.factory.js';
import { news2Reading, seedClinical } from './clinical.generator.js';
import { seedObservationPlan } from './observation-plan.generator.js';
import { seedDischargeReadiness } from './discharge-readiness.generator.js';
import { isoInstant } from '../util/dates.util.js';
import { lengthOfStayHours, plannedEndDate } from './hospital-stay.model.js';
import { driftScore, observationIntervalHours, sampleBaselineScore, type WardProfile } from './news2.model.js';
import {
  ACUTE_SITE_NAMES,
  ACUTE_SPECIALTIES,
  MENTAL_HEALTH_SITE_NAMES,
  MENTAL_HEALTH_WARD_KINDS,
  MENTAL_HEALTH_WARD_NAMES,
} from './place-names.data.js';
import { SeededRandom } from '../util/seeded-random.util.js';
import { initialsOf, syntheticPerson } from './synthetic-person.generator.js';
import { patientSexForBed, roomSexOfBed } from './room-sex.js';
import { IdAllocator, PLAIN_SHAPES, type TrustShapes, type TrustState, type WardPlan } from './trust.model.js';
import { emptyWardContext, seedWardContext, type WardCensus } from './ward-context.generator.js';

export interface TrustOptions {
  seed: number;
  sites: number;
  wards: number;
  bedsPerWard: readonly [number, number];
  nowMs: number;
  /** Default: beds off the ward, readings linked to encounters. */
  shapes?: TrustShapes;
}

export interface GeneratedTrust {
  state: TrustState;
  /** In creation order: sites, wards, beds, then each ward's patients, encounters and observations. */
  resources: Resource[];
}

const HOUR = 3_600_000;

export function generateTrust(options: TrustOptions): GeneratedTrust {
  const random = new SeededRandom(options.seed, 0);
  const sites = planSites(options.sites);
  const wards = planWards(random, options.wards, sites, options.shapes ?? PLAIN_SHAPES);
  const state: TrustState = {
    seed: options.seed,
    sites: sites.map(({ id, name, odsCode }) => ({ id, name, odsCode })),
    wards,
    step: 0,
    ids: new IdAllocator(),
    nhsNumbers: new Set(),
    news2: new Map(),
    news2Ids: new Map(),
    clinical: new Map(),
    finished: new Map(),
    wardContext: emptyWardContext(),
  };
  const places: Resource[] = [...sites.map(siteLocation), ...wards.map(wardLocation)];
  const people: Resource[] = [];
  const context: Resource[] = [];
  wards.forEach((ward, index) => {
    // The first ward's first two patients share initials: the wall display must tell them apart.
    const seeded = seedWard(random, state, ward, options, {
      withTwin: index === 0,
      awolWard: index % 6 === 1,
      localBedCodeWard: (options.shapes ?? PLAIN_SHAPES).bedStateCodes === 'mixed' && index % 6 === 2,
      // Every ward has each bed state now and then; these two are rare enough to be missed, so some wards always have one.
      isolatedBed: index % 4 === 1,
      contaminatedBed: index % 4 === 2,
    });
    places.push(...seeded.beds);
    people.push(...seeded.people);
    context.push(...seedWardContext(state, ward, censusOf(seeded.beds, seeded.people), options.nowMs));
  });
  return { state, resources: [...places, ...people, ...context] };
}

/** The seeded ward as incidents and staffing see it: beds, open beds, who is in them since when. */
function censusOf(places: Resource[], people: Resource[]): WardCensus {
  const beds = places.filter((p) => (p as Location).physicalType?.coding?.some((c) => c.code === 'bd') === true);
  const states = beds.map((b) => bedStateOf(b as Location));
  const current = people.filter((r): r is Encounter => r.resourceType === 'Encounter' && r.status !== 'finished');
  return {
    bedCount: beds.length,
    openBeds: states.filter((s) => s !== 'C' && s !== 'blocked').length,
    occupants: current.map((e) => ({
      patientId: e.subject?.reference?.split('/')[1] ?? '',
      encounterId: e.id ?? '',
      admittedMs: Date.parse(e.period?.start ?? ''),
    })),
  };
}

interface SitePlan extends SiteSpec {
  kind: WardProfile;
}

/** Alternately an acute hospital and a mental-health unit; a one-site trust is one hospital with both. */
function planSites(count: number): SitePlan[] {
  return Array.from({ length: Math.max(1, count) }, (_, i) => {
    const kind: WardProfile = i % 2 === 0 ? 'acute' : 'mental-health';
    const names = kind === 'acute' ? ACUTE_SITE_NAMES : MENTAL_HEALTH_SITE_NAMES;
    const k = Math.floor(i / 2);
    const base = names[k % names.length] as string;
    const name = k < names.length ? base : `${base} ${Math.floor(k / names.length) + 1}`;
    return { id: `site-${i + 1}`, name, odsCode: `RWF${String(i + 1).padStart(2, '0')}`, kind };
  });
}

/** Wards alternate acute and mental-health, so any prefix of the list has both profiles. */
function planWards(random: SeededRandom, count: number, sites: readonly SitePlan[], shapes: TrustShapes): WardPlan[] {
  const acuteSites = sites.filter((s) => s.kind === 'acute');
  const mhSites = sites.filter((s) => s.kind === 'mental-health');
  const wards: WardPlan[] = [];
  let acute = 0;
  let mh = 0;
  for (let i = 0; i < count; i++) {
    if (i % 2 === 0) {
      const specialty = ACUTE_SPECIALTIES[acute % ACUTE_SPECIALTIES.length] as string;
      const name = `Ward ${2 + Math.floor(acute / 2)}${acute % 2 === 0 ? 'A' : 'B'} ${specialty}`;
      wards.push({
        id: slug(name),
        name,
        siteId: (acuteSites[acute % acuteSites.length] as SitePlan).id,
        profile: 'acute',
        description: `${specialty} inpatient ward`,
        targetOccupancy: random.between(0.87, 0.96),
        sex: 'mixed',
        ...shapesOfWard(shapes, i),
      });
      acute++;
    } else {
      const base = MENTAL_HEALTH_WARD_NAMES[mh % MENTAL_HEALTH_WARD_NAMES.length] as string;
      const round = Math.floor(mh / MENTAL_HEALTH_WARD_NAMES.length);
      const name = round === 0 ? `${base} Ward` : `${base} Ward ${round + 1}`;
      const pool = mhSites.length > 0 ? mhSites : sites;
      wards.push({
        id: slug(round === 0 ? `ward ${base}` : `ward ${base} ${round + 1}`),
        name,
        siteId: (pool[mh % pool.length] as SitePlan).id,
        profile: 'mental-health',
        description: MENTAL_HEALTH_WARD_KINDS[mh % MENTAL_HEALTH_WARD_KINDS.length] as string,
        targetOccupancy: random.between(0.86, 0.95),
        sex: mh % 2 === 0 ? 'male' : 'female',
        ...shapesOfWard(shapes, i),
      });
      mh++;
    }
  }
  return wards;
}

/**
 * A ward's shapes. Mixed: bays on wards 2, 3, 6, 7... and patient-only readings on wards 1, 4, 7...,
 * so both profiles have each shape and some wards have both (ward 7).
 */
function shapesOfWard(shapes: TrustShapes, index: number): Pick<WardPlan, 'layout' | 'readingLinks'> {
  return {
    layout: shapes.bedLayout === 'mixed' ? (index % 4 >= 2 ? 'bays' : 'flat') : shapes.bedLayout,
    readingLinks: shapes.readingLinks === 'mixed' ? (index % 3 === 1 ? 'patient' : 'encounter') : shapes.readingLinks,
  };
}

/** Beds in bays of six; the beds left over each get a side room. Ids and names stay the ward's own bed numbers. */
function wardLayout(ward: WardPlan, states: readonly BedState[]): Location[] {
  if (ward.layout === 'flat')
    return states.map((s, i) => bedLocation(bedId(ward.id, i + 1), `Bed ${i + 1}`, ward.id, s));
  const bays = Math.floor(states.length / 6);
  const rooms: Location[] = [];
  const beds = states.map((s, i) => {
    const inBay = i < bays * 6;
    const roomId = inBay
      ? `${ward.id}-bay-${String.fromCharCode(97 + Math.floor(i / 6))}`
      : `${ward.id}-side-${i - bays * 6 + 1}`;
    if (!rooms.some((r) => r.id === roomId))
      rooms.push(
        roomLocation(
          roomId,
          inBay ? `Bay ${String.fromCharCode(65 + Math.floor(i / 6))}` : `Side room ${i - bays * 6 + 1}`,
          ward.id,
          roomSexOfBed(ward, i, states.length),
        ),
      );
    return bedLocation(bedId(ward.id, i + 1), `Bed ${i + 1}`, roomId, s);
  });
  return [...rooms, ...beds];
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function bedId(wardId: string, n: number): string {
  return `${wardId}-bed-${n}`;
}

interface Occupant {
  bedId: string;
  admittedMs: number;
}

function seedWard(
  random: SeededRandom,
  state: TrustState,
  ward: WardPlan,
  options: TrustOptions,
  shape: {
    withTwin: boolean;
    awolWard: boolean;
    localBedCodeWard: boolean;
    isolatedBed: boolean;
    contaminatedBed: boolean;
  },
): { beds: Resource[]; people: Resource[] } {
  const { withTwin, awolWard, localBedCodeWard } = shape;
  const [minBeds, maxBeds] = options.bedsPerWard;
  const bedCount = random.int(minBeds, maxBeds);
  const states = bedStates(random, bedCount, ward.targetOccupancy, shape);
  // One ward's PAS sends its own code for an available bed: a shape the board must show as unknown.
  // The ward's first free bed (or, on a full ward, its first empty one, made free) is that bed.
  const free = localBedCodeWard ? states.findIndex((s) => s === 'U') : -1;
  const localBed = free >= 0 || !localBedCodeWard ? free : states.findIndex((s) => s !== 'O');
  if (localBed >= 0) states[localBed] = 'U';
  const beds: Resource[] = wardLayout(ward, states);
  if (localBed >= 0) {
    const at = beds.findIndex((b) => b.id === bedId(ward.id, localBed + 1));
    if (at >= 0) {
      beds[at] = withLocalBedStateCode(beds[at] as Location);
      (state.localBedCodes ??= new Set()).add(beds[at].id as string);
    }
  }
  const people: Resource[] = [];
  const occupants: Occupant[] = [];
  let first: PersonSpec | undefined;
  states.forEach((s, i) => {
    if (s !== 'O') return;
    const id = bedId(ward.id, i + 1);
    const twinOf = withTwin && occupants.length === 1 ? first : undefined;
    const sex = patientSexForBed(ward, i, states.length);
    const person = syntheticPerson(
      random,
      twinOf === undefined
        ? { sex, profile: ward.profile, nowMs: options.nowMs }
        : {
            sex: sex === 'mixed' ? twinOf.gender : sex,
            profile: ward.profile,
            nowMs: options.nowMs,
            initials: initialsOf(twinOf),
          },
      state.nhsNumbers,
    );
    first ??= person;
    const admittedMs = options.nowMs - lengthOfStayHours(random, ward.profile) * HOUR;
    occupants.push({ bedId: id, admittedMs });
    people.push(
      ...currentStay(random, state, ward, options.nowMs, person, id, admittedMs, states.length, {
        slot: occupants.length - 1,
        awolWard,
      }),
    );
  });
  states.forEach((s, i) => {
    if (s === 'H')
      people.push(
        ...finishedStay(
          random,
          state,
          ward,
          options.nowMs,
          bedId(ward.id, i + 1),
          options.nowMs - random.between(0.2, 3) * HOUR,
        ),
      );
  });
  // Yesterday's discharge, from a bed whose current occupant arrived after it, or that is empty now:
  // the "discharged since midnight" search must leave it out.
  if (random.chance(0.5)) {
    const endMs = options.nowMs - random.between(26, 40) * HOUR;
    const free = states.flatMap((s, i) => (s === 'U' || s === 'C' ? [bedId(ward.id, i + 1)] : []));
    const later = occupants.filter((o) => o.admittedMs > endMs + HOUR).map((o) => o.bedId);
    const candidates = [...free, ...later];
    if (candidates.length > 0)
      people.push(...finishedStay(random, state, ward, options.nowMs, random.pick(candidates), endMs));
  }
  return { beds, people };
}

/** Occupied near the ward's target, a few being cleaned, now and then a closed, reserved or blocked bed. */
function bedStates(
  random: SeededRandom,
  count: number,
  target: number,
  always: { isolatedBed: boolean; contaminatedBed: boolean },
): BedState[] {
  const occupied = Math.min(count, Math.round(count * random.between(target - 0.03, target + 0.03)));
  let left = count - occupied;
  const take = (wanted: number): number => {
    const n = Math.min(left, wanted);
    left -= n;
    return n;
  };
  // Drawn before the commoner states, so a ward that always has one has room for it.
  const isolated = take(random.chance(0.1) || always.isolatedBed ? 1 : 0);
  const contaminated = take(random.chance(0.1) || always.contaminatedBed ? 1 : 0);
  const cleaning = take(
    random.weighted([
      [0, 30],
      [1, 45],
      [2, 25],
    ]),
  );
  const closed = take(random.chance(0.3) ? 1 : 0);
  const reserved = take(random.chance(0.3) ? 1 : 0);
  const blocked = take(random.chance(0.08) ? 1 : 0);
  const states: BedState[] = [
    ...Array<BedState>(occupied).fill('O'),
    ...Array<BedState>(cleaning).fill('H'),
    ...Array<BedState>(closed).fill('C'),
    ...Array<BedState>(isolated).fill('I'),
    ...Array<BedState>(contaminated).fill('K'),
    ...Array<BedState>(reserved).fill('reserved'),
    ...Array<BedState>(blocked).fill('blocked'),
    ...Array<BedState>(left).fill('U'),
  ];
  return random.shuffle(states);
}

function currentStay(
  random: SeededRandom,
  state: TrustState,
  ward: WardPlan,
  nowMs: number,
  person: PersonSpec,
  bed: string,
  admittedMs: number,
  bedCount: number,
  clinical: { slot: number; awolWard: boolean },
): Resource[] {
  const patientId = state.ids.next('patient');
  const encounterId = state.ids.next('encounter');
  const elapsedHours = (nowMs - admittedMs) / HOUR;
  // Some patients moved bed on the ward earlier in their stay.
  let previousBedId: string | undefined;
  let bedSinceMs = admittedMs;
  if (elapsedHours > 6 && bedCount > 1 && random.chance(0.1)) {
    const bedNumber = Number(bed.split('-').pop());
    previousBedId = bedId(ward.id, ((bedNumber + random.int(0, bedCount - 2)) % bedCount) + 1);
    bedSinceMs = admittedMs + random.between(0.2, 0.9) * (nowMs - admittedMs);
  }
  const planned = plannedEndDate(random, ward.profile, nowMs, admittedMs);
  const encounter = encounterResource({
    id: encounterId,
    patientId,
    wardId: ward.id,
    bedId: bed,
    start: isoInstant(admittedMs),
    ...(previousBedId === undefined ? {} : { previousBedId, bedSince: isoInstant(bedSinceMs) }),
    status: ward.profile === 'mental-health' && random.chance(0.06) ? 'onleave' : 'in-progress',
    ...(planned === undefined ? {} : { plannedEndDate: planned }),
  });
  const seeded = seedClinical(state, ward.profile, { ...clinical, nowMs, admittedMs }, encounter);
  const news2 = seedNews2(random, state, ward.profile, nowMs, admittedMs, patientId, encounterId);
  const owner = { patientId, encounterId };
  const plan = seedObservationPlan(state, ward.profile, clinical.slot, owner, admittedMs, nowMs);
  // Drawn last, so everything above is as it was before readiness was published.
  const readiness = seedDischargeReadiness(
    state,
    ward.profile,
    clinical.slot,
    owner,
    seeded.encounter,
    admittedMs,
    nowMs,
  );
  return [
    patientResource(patientId, person),
    readiness.encounter,
    ...news2,
    ...seeded.resources,
    ...plan,
    ...readiness.resources,
  ];
}

/**
 * NEWS2 history of a current inpatient: the latest reading on time for its score (within 12 h) for
 * most, overdue for a few; earlier readings one interval apart, none before admission.
 */
function seedNews2(
  random: SeededRandom,
  state: TrustState,
  profile: WardProfile,
  nowMs: number,
  admittedMs: number,
  patientId: string,
  encounterId: string,
): Resource[] {
  const baseline = sampleBaselineScore(random, profile);
  const interval = observationIntervalHours(baseline);
  const overdue = random.chance(0.06);
  const lastAgo = overdue ? interval + random.between(0.5, 8) : random.between(0, interval * 0.9);
  const count = profile === 'acute' ? random.int(2, 4) : random.int(1, 2);
  const readings: { atMs: number; score: number }[] = [];
  let score = baseline;
  for (let k = 0; k < count; k++) {
    const atMs = nowMs - (lastAgo + k * interval) * HOUR;
    if (atMs < admittedMs) break;
    readings.push({ atMs, score });
    score = driftScore(random, score, baseline);
  }
  if (readings.length === 0)
    readings.push({ atMs: admittedMs + Math.min(0.25 * HOUR, (nowMs - admittedMs) / 2), score: baseline });
  state.news2.set(encounterId, {
    baseline,
    score: baseline,
    lastAtMs: (readings[0] as { atMs: number }).atMs,
    lapsed: overdue,
  });
  const ids: string[] = [];
  const resources: Resource[] = [];
  for (const r of readings.reverse()) {
    const reading = news2Reading(state, { patientId, encounterId }, r.score, isoInstant(r.atMs));
    ids.push(...reading.ids);
    resources.push(...reading.resources);
  }
  state.news2Ids.set(encounterId, ids);
  return resources;
}

/** A discharged stay in `bed` that ended at `endMs`, with the reading taken before discharge. */
function finishedStay(
  random: SeededRandom,
  state: TrustState,
  ward: WardPlan,
  nowMs: number,
  bed: string,
  endMs: number,
): Resource[] {
  const person = syntheticPerson(random, { sex: ward.sex, profile: ward.profile, nowMs }, state.nhsNumbers);
  const patientId = state.ids.next('patient');
  const encounterId = state.ids.next('encounter');
  const admittedMs = endMs - lengthOfStayHours(random, ward.profile) * HOUR;
  const open = encounterResource({
    id: encounterId,
    patientId,
    wardId: ward.id,
    bedId: bed,
    start: isoInstant(admittedMs),
    status: 'in-progress',
  });
  const observationId = state.ids.next('news2');
  const score = sampleBaselineScore(random, ward.profile);
  const list = state.finished.get(ward.id) ?? [];
  list.push({ encounterId, patientId });
  state.finished.set(ward.id, list);
  state.news2Ids.set(encounterId, [observationId]);
  return [
    patientResource(patientId, person),
    finishedEncounter(open, isoInstant(endMs)),
    news2Observation(
      observationId,
      patientId,
      encounterId,
      Math.min(score, 4),
      isoInstant(Math.max(admittedMs, endMs - 2 * HOUR)),
    ),
  ];
}
