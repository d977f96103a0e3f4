/**
 * One step of the trust's life, per ward: discharges (bed to cleaning), cleaned beds freed, the odd
 * bed closed, reserved or blocked, a transfer between beds, admissions towards the ward's usual
 * occupancy, leave on mental-health wards, and new NEWS2 readings drifting from the last.
 *
 * It reads the ward from the repository, not from memory, so whatever a client wrote over HTTP is
 * the starting point, and it repairs beds whose status disagrees with who is in them.
 */
import { parseSearchRequest } from '@medplum/core';
import type { FhirRepository } from '@medplum/fhir-router';
import type { Encounter, Location, Resource } from '@medplum/fhirtypes';
import {
  bedStateOf,
  currentBedId,
  encounterResource,
  finishedEncounter,
  movedEncounter,
  patientResource,
  withBedState,
  withLocalBedStateCode,
  type BedState,
} from './fhir-resource.factory.js';
import {
  dropClinical,
  evolveClinical,
  hashSlot,
  endLeave,
  news2Reading,
  seedClinical,
  startLeave,
  type ClinicalStore,
} from './clinical.generator.js';
import { hashOf } from './clinical-resource.factory.js';
import { notDoneSet, seedObservationPlan } from './observation-plan.generator.js';
import { isoInstant, londonDate } from '../util/dates.util.js';
import { plannedEndDate } from './hospital-stay.model.js';
import { driftScore, observationIntervalHours, sampleBaselineScore } from './news2.model.js';
import { SeededRandom } from '../util/seeded-random.util.js';
import { syntheticPerson } from './synthetic-person.generator.js';
import { patientSexForBed } from './room-sex.js';
import type { News2Course, TrustState, WardPlan } from './trust.model.js';
import { evolveWardContext } from './ward-context.generator.js';
import { arrivalsDue, heldBeds, planArrival, type WardBeds } from './arrival.generator.js';
import { releaseNhsNumber } from './nhs-number-release.js';

/** Memory bounds for a simulator that runs for days: older data is dropped, newest kept. */
export const RETENTION = { news2PerEncounter: 24, finishedStaysPerWard: 150 } as const;

const HOUR = 3_600_000;

export async function evolveTrust(repo: FhirRepository, state: TrustState, nowMs: number): Promise<void> {
  state.step++;
  const random = new SeededRandom(state.seed, state.step);
  for (const ward of state.wards) await evolveWard(repo, state, ward, random, nowMs);
}

interface WardNow {
  beds: Map<string, Location>;
  /** Bed id -> the encounter in it. */
  occupant: Map<string, Encounter>;
  changedBeds: Set<string>;
}

async function evolveWard(
  repo: FhirRepository,
  state: TrustState,
  ward: WardPlan,
  random: SeededRandom,
  nowMs: number,
): Promise<void> {
  const at = isoInstant(nowMs);
  const now = await readWard(repo, ward);
  const setBed = (id: string, bedState: BedState): void => {
    const bed = now.beds.get(id);
    if (bed === undefined || bedStateOf(bed) === bedState) return;
    const next = withBedState(bed, bedState);
    // That PAS sends its own code whenever the bed is available again.
    now.beds.set(id, bedState === 'U' && state.localBedCodes?.has(id) === true ? withLocalBedStateCode(next) : next);
    now.changedBeds.add(id);
  };
  for (const [id, bed] of now.beds) {
    const occupied = now.occupant.has(id);
    if (occupied && bedStateOf(bed) !== 'O') setBed(id, 'O');
    if (!occupied && bedStateOf(bed) === 'O') setBed(id, 'H');
  }
  const writes: Resource[] = [];
  const today = londonDate(nowMs);

  // Discharges, likelier once the expected date has come.
  for (const [bed, encounter] of [...now.occupant]) {
    const due = plannedEnd(encounter) !== undefined && (plannedEnd(encounter) as string) <= today;
    const base = ward.profile === 'acute' ? 0.012 : 0.003;
    if (encounter.status === 'onleave' || !random.chance(base * (due ? 3 : 1))) continue;
    writes.push(finishedEncounter(encounter, at));
    now.occupant.delete(bed);
    // A bed left by a patient with an infection alert waits for a deep clean (contaminated) first.
    setBed(bed, state.clinical.get(encounter.id ?? '')?.infection === true ? 'K' : 'H');
    retire(state, ward.id, encounter);
  }

  for (const [id, bed] of now.beds) {
    if (now.occupant.has(id) || now.changedBeds.has(id) || state.localBedCodes?.has(id) === true) continue;
    const s = bedStateOf(bed);
    if (s === 'H' && random.chance(0.5)) setBed(id, 'U');
    else if (s === 'C' && random.chance(0.03)) setBed(id, 'U');
    else if (s === 'blocked' && random.chance(0.1)) setBed(id, 'U');
    else if (s === 'U' && random.chance(0.003)) setBed(id, 'C');
    else if (s === 'U' && random.chance(0.005)) setBed(id, 'blocked');
    else if (s === 'U' && random.chance(0.02)) setBed(id, 'reserved');
    else if (s === 'K' && random.chance(0.3)) setBed(id, 'H');
    else if (s === 'I' && random.chance(0.05)) setBed(id, 'U');
    else if (s === 'U' && random.chance(0.002)) setBed(id, 'I');
  }

  // A bed sent in the PAS's own code stays empty and available (see the loop above), so the shape
  // stays on the board for the demo and tests.
  // Beds held for expected patients are theirs (arrival.generator.ts).
  const held = heldBeds(state);
  const freeBeds = (): string[] =>
    [...now.beds]
      .filter(
        ([id, b]) =>
          !now.occupant.has(id) && bedStateOf(b) === 'U' && state.localBedCodes?.has(id) !== true && !held.has(id),
      )
      .map(([id]) => id);

  // Now and then a patient moves to another bed on the ward; the old one is cleaned.
  const inBed = [...now.occupant].filter(([, e]) => e.status === 'in-progress');
  // Only to a bed for the same sex (or, from a side room taking anyone, to another such room).
  const roomSex = (bed: string) => sexForBed(ward, bed, now.beds.size);
  const [fromBed, encounter] = inBed.length > 0 && random.chance(0.12) ? random.pick(inBed) : [];
  const sameSex = fromBed === undefined ? [] : freeBeds().filter((b) => roomSex(b) === roomSex(fromBed));
  if (fromBed !== undefined && encounter !== undefined && sameSex.length > 0) {
    const toBed = random.pick(sameSex);
    const moved = movedEncounter(encounter, toBed, at);
    replaceWrite(writes, moved);
    now.occupant.delete(fromBed);
    now.occupant.set(toBed, moved);
    setBed(fromBed, 'H');
    setBed(toBed, 'O');
  }

  // Admissions towards the ward's usual occupancy, into a reserved bed when one is waiting.
  const open = [...now.beds.values()].filter((b) => bedStateOf(b) !== 'C' && bedStateOf(b) !== 'blocked').length;
  const deficit = Math.round(open * ward.targetOccupancy) - now.occupant.size;
  const maxAdmissions = ward.profile === 'acute' ? 3 : 2;
  for (let i = 0; i < Math.min(deficit, maxAdmissions); i++) {
    if (!random.chance(0.6)) continue;
    const reserved = [...now.beds]
      .filter(([id, b]) => !now.occupant.has(id) && bedStateOf(b) === 'reserved' && !held.has(id))
      .map(([id]) => id);
    const candidates = reserved.length > 0 && random.chance(0.7) ? reserved : freeBeds();
    if (candidates.length === 0) break;
    const bed = random.pick(candidates);
    const admitted = admit(random, state, ward, bed, nowMs, sexForBed(ward, bed, now.beds.size));
    writes.push(...admitted.resources);
    now.occupant.set(bed, admitted.encounter);
    setBed(bed, 'O');
  }

  // Expected patients: those whose time has come arrive where a bed fits; now and then a new one is expected.
  const wardBeds: WardBeds = {
    beds: now.beds,
    free: () => freeBeds().filter((id) => !heldBeds(state).has(id)),
    occupied: (id) => now.occupant.has(id),
    sexFor: (id) => sexForBed(ward, id, now.beds.size),
    sideRoom: (id) => isSideRoom(ward, id, now.beds.size),
    setBed,
  };
  const due = await arrivalsDue(repo, state, ward, wardBeds, nowMs);
  for (const resource of due.writes) replaceWrite(writes, resource);
  for (const { arrival, bedId, encounter: arriving } of due.admitted) {
    let stay = arriving;
    if (arrival.kind === 'admission') {
      const started = startStay(arrivalRandom(state, ward), state, ward, bedId, nowMs, arrival, arriving);
      for (const resource of started.resources) replaceWrite(writes, resource);
      for (const owned of arrival.owned) state.clinical.get(arrival.encounterId)?.owned.add(owned);
      stay = started.encounter;
    }
    now.occupant.set(bedId, stay);
    setBed(bedId, 'O');
  }
  for (const resource of await planArrival(repo, state, ward, wardBeds, nowMs)) replaceWrite(writes, resource);

  // Leave on mental-health wards.
  if (ward.profile === 'mental-health') {
    for (const [bed, encounter] of [...now.occupant]) {
      const back = encounter.status === 'onleave' && random.chance(0.35);
      const away = encounter.status === 'in-progress' && random.chance(0.015);
      if (!back && !away) continue;
      const changed: Encounter = { ...encounter, status: back ? 'in-progress' : 'onleave' };
      replaceWrite(writes, changed);
      now.occupant.set(bed, changed);
      // Section 17 leave of a detained patient is recorded as a Flag: due back in a few hours, closed on return.
      const course = state.clinical.get(encounter.id ?? '');
      if (back) {
        const closed = endLeave(course);
        if (closed !== null) writes.push(closed);
      } else if (course !== undefined && course.legal !== null && course.legal.code !== '01') {
        writes.push(startLeave(state, course, nowMs, nowMs + random.between(2, 6) * HOUR));
      }
    }
  }

  // New NEWS2 readings for a share of the patients on the ward (those admitted just now have theirs).
  for (const encounter of now.occupant.values()) {
    if (encounter.status !== 'in-progress' || encounter.id === undefined || encounter.period?.start === at) continue;
    const course =
      state.news2.get(encounter.id) ?? startCourse(random, state, ward, encounter.id, Number.NEGATIVE_INFINITY);
    // Most readings are taken when due; a few patients' lapse for a while and go overdue; some
    // readings are extra, taken between times, more often on acute wards.
    // Observations stopped by plan (end of life care): none are taken.
    if (course.stopped === true) continue;
    if (!course.lapsed && random.chance(0.01)) course.lapsed = true;
    const due = nowMs - course.lastAtMs >= observationIntervalHours(course.score) * HOUR * 0.8;
    const chance = due ? (course.lapsed ? 0.1 : 0.95) : ward.profile === 'acute' ? 0.15 : 0.04;
    if (!random.chance(chance)) continue;
    course.score = driftScore(random, course.score, course.baseline);
    course.lastAtMs = nowMs;
    course.lapsed = false;
    const patientId = encounter.subject?.reference?.split('/')[1];
    if (patientId === undefined) continue;
    // Now and then a mental-health patient declines a set that is due: recorded as refused, the
    // clock restarts from it (drawn from the stay and the time, so the ward's random stream is as before).
    if (due && ward.profile === 'mental-health' && hashOf(`refuse:${encounter.id}:${nowMs}`) % 12 === 0) {
      const id = state.ids.next('obsplan');
      writes.push(notDoneSet(id, { patientId, encounterId: encounter.id }, nowMs, 'refused'));
      await rememberReading(repo, state, encounter.id, [id]);
      continue;
    }
    const reading = news2Reading(state, { patientId, encounterId: encounter.id }, course.score, at);
    writes.push(...reading.resources);
    await rememberReading(repo, state, encounter.id, reading.ids);
  }

  // Glucose, observation level, falls risk, AWOL, delays, care plans (those admitted just now have theirs).
  const store = clinicalStore(repo);
  for (const encounter of now.occupant.values()) {
    if (encounter.period?.start === at) continue;
    for (const resource of await evolveClinical(state, store, encounter, nowMs)) replaceWrite(writes, resource);
  }

  for (const id of now.changedBeds) writes.push(now.beds.get(id) as Location);
  for (const resource of writes) {
    if (resource.meta?.versionId === undefined) await repo.createResource(resource);
    else await repo.updateResource(resource);
  }
  // Incidents happen to patients on the ward now (not on leave); staffing is planned for every bed.
  const onWard = [...now.occupant.values()].filter((e) => e.status === 'in-progress' && e.id !== undefined);
  await evolveWardContext(
    repo,
    state,
    ward,
    {
      bedCount: now.beds.size,
      openBeds: [...now.beds.values()].filter((b) => bedStateOf(b) !== 'C' && bedStateOf(b) !== 'blocked').length,
      occupants: onWard.map((e) => ({
        patientId: e.subject?.reference?.split('/')[1] ?? '',
        encounterId: e.id as string,
        admittedMs: Date.parse(e.period?.start ?? at),
      })),
    },
    nowMs,
  );
  await dropOldStays(repo, state, ward.id);
}

async function readWard(repo: FhirRepository, ward: WardPlan): Promise<WardNow> {
  const wardRef = `Location/${ward.id}`;
  // Beds hang off the ward or, on wards with bays, off its rooms: two levels at most here.
  const children = await repo.searchResources(parseSearchRequest<Location>('Location', { partof: wardRef }));
  const roomRefs = children
    .filter((l) => l.physicalType?.coding?.some((c) => c.code === 'bd') !== true)
    .map((l) => `Location/${l.id}`);
  const beds =
    roomRefs.length === 0
      ? children
      : [
          ...children,
          ...(await repo.searchResources(parseSearchRequest<Location>('Location', { partof: roomRefs.join(',') }))),
        ];
  const bedIds = new Set(
    beds.filter((b) => b.physicalType?.coding?.some((c) => c.code === 'bd') === true).map((b) => b.id),
  );
  const encounters = await repo.searchResources(
    parseSearchRequest<Encounter>('Encounter', { location: wardRef, status: 'in-progress,onleave' }),
  );
  const occupant = new Map<string, Encounter>();
  for (const encounter of encounters) {
    const bed = currentBedId(encounter);
    if (bed !== undefined && bedIds.has(bed) && !occupant.has(bed)) occupant.set(bed, encounter);
  }
  return {
    beds: new Map(beds.filter((b) => bedIds.has(b.id)).map((b) => [b.id, b])),
    occupant,
    changedBeds: new Set(),
  };
}

function plannedEnd(encounter: Encounter): string | undefined {
  return encounter.extension
    ?.find((e) => e.url.endsWith('extension-Encounter.plannedEndDate'))
    ?.valueDateTime?.slice(0, 10);
}

/** A later edit of the same resource in this step replaces the earlier one. */
function replaceWrite(writes: Resource[], resource: Resource): void {
  const i = writes.findIndex((w) => w.resourceType === resource.resourceType && w.id === resource.id);
  if (i >= 0) writes[i] = resource;
  else writes.push(resource);
}

/** A side room: the beds left over after the bays of six, on a ward with bays (trust.generator.ts). */
function isSideRoom(ward: WardPlan, bedId: string, bedCount: number): boolean {
  const n = Number(/-bed-(\d+)$/.exec(bedId)?.[1]);
  return ward.layout === 'bays' && Number.isInteger(n) && n > Math.floor(bedCount / 6) * 6;
}

/** The arrivals' own random stream for this ward and step, so the ward's stream is as it was. */
function arrivalRandom(state: TrustState, ward: WardPlan): SeededRandom {
  return new SeededRandom(state.seed ^ hashOf(`arrived:${ward.id}`), state.step);
}

/** The sex a patient admitted to `bedId` is drawn as: its bay's when single-sex (beds are `<ward>-bed-<n>`). */
function sexForBed(ward: WardPlan, bedId: string, bedCount: number): 'male' | 'female' | 'mixed' {
  const n = Number(/-bed-(\d+)$/.exec(bedId)?.[1]);
  return Number.isInteger(n) && n > 0 ? patientSexForBed(ward, n - 1, bedCount) : ward.sex;
}

function admit(
  random: SeededRandom,
  state: TrustState,
  ward: WardPlan,
  bed: string,
  nowMs: number,
  sex: 'male' | 'female' | 'mixed',
): { encounter: Encounter; resources: Resource[] } {
  const person = syntheticPerson(random, { sex, profile: ward.profile, nowMs }, state.nhsNumbers);
  const patientId = state.ids.next('patient');
  const encounterId = state.ids.next('encounter');
  const stay = startStay(random, state, ward, bed, nowMs, { patientId, encounterId });
  return { encounter: stay.encounter, resources: [patientResource(patientId, person), ...stay.resources] };
}

/**
 * A stay starting in `bed` now, with its admission observations and clinical record: a new patient's,
 * or a booked one's (`booked`: its encounter keeps how it was booked, e.g. where from).
 */
function startStay(
  random: SeededRandom,
  state: TrustState,
  ward: WardPlan,
  bed: string,
  nowMs: number,
  ids: { patientId: string; encounterId: string },
  booked?: Encounter,
): { encounter: Encounter; resources: Resource[] } {
  const { patientId, encounterId } = ids;
  const planned = plannedEndDate(random, ward.profile, nowMs, nowMs);
  const fresh = encounterResource({
    id: encounterId,
    patientId,
    wardId: ward.id,
    bedId: bed,
    start: isoInstant(nowMs),
    status: 'in-progress',
    ...(planned === undefined ? {} : { plannedEndDate: planned }),
  });
  const encounter: Encounter =
    booked === undefined
      ? fresh
      : {
          ...fresh,
          // The booked encounter itself, updated (its version), keeping how it was booked.
          ...(booked.meta === undefined ? {} : { meta: booked.meta }),
          ...(booked.hospitalization === undefined ? {} : { hospitalization: booked.hospitalization }),
        };
  const clinical = seedClinical(
    state,
    ward.profile,
    { slot: hashSlot(encounterId), awolWard: false, nowMs, admittedMs: nowMs },
    encounter,
  );
  // Admission observations: every new patient has a NEWS2 reading straight away.
  const course = startCourse(random, state, ward, encounterId, nowMs);
  const reading = news2Reading(state, { patientId, encounterId }, course.score, isoInstant(nowMs));
  state.news2Ids.set(encounterId, reading.ids);
  const plan = seedObservationPlan(
    state,
    ward.profile,
    hashSlot(encounterId),
    { patientId, encounterId },
    nowMs,
    nowMs,
  );
  return {
    encounter: clinical.encounter,
    resources: [clinical.encounter, ...reading.resources, ...clinical.resources, ...plan],
  };
}

function startCourse(
  random: SeededRandom,
  state: TrustState,
  ward: WardPlan,
  encounterId: string,
  lastAtMs: number,
): News2Course {
  const baseline = sampleBaselineScore(random, ward.profile);
  const course = { baseline, score: baseline, lastAtMs, lapsed: false };
  state.news2.set(encounterId, course);
  return course;
}

async function rememberReading(
  repo: FhirRepository,
  state: TrustState,
  encounterId: string,
  observationIds: readonly string[],
): Promise<void> {
  const ids = state.news2Ids.get(encounterId) ?? [];
  ids.push(...observationIds);
  state.news2Ids.set(encounterId, ids);
  while (ids.length > RETENTION.news2PerEncounter) await deleteIfPresent(repo, 'Observation', ids.shift() as string);
}

function retire(state: TrustState, wardId: string, encounter: Encounter): void {
  if (encounter.id === undefined) return;
  state.news2.delete(encounter.id);
  const patientId = encounter.subject?.reference?.split('/')[1] ?? '';
  const list = state.finished.get(wardId) ?? [];
  list.push({ encounterId: encounter.id, patientId });
  state.finished.set(wardId, list);
}

async function dropOldStays(repo: FhirRepository, state: TrustState, wardId: string): Promise<void> {
  const list = state.finished.get(wardId) ?? [];
  while (list.length > RETENTION.finishedStaysPerWard) {
    const stay = list.shift();
    if (stay === undefined) break;
    for (const id of state.news2Ids.get(stay.encounterId) ?? []) await deleteIfPresent(repo, 'Observation', id);
    state.news2Ids.delete(stay.encounterId);
    for (const [type, id] of dropClinical(state, stay.encounterId)) await deleteIfPresent(repo, type, id);
    await deleteIfPresent(repo, 'Encounter', stay.encounterId);
    await releaseNhsNumber(repo, state, stay.patientId);
    await deleteIfPresent(repo, 'Patient', stay.patientId);
  }
}

function clinicalStore(repo: FhirRepository): ClinicalStore {
  return {
    read: async <T extends Resource>(resourceType: T['resourceType'], id: string): Promise<T | undefined> => {
      try {
        return await repo.readResource<T>(resourceType, id);
      } catch {
        return undefined;
      }
    },
    remove: (resourceType: string, id: string) => deleteIfPresent(repo, resourceType, id),
  };
}

async function deleteIfPresent(repo: FhirRepository, resourceType: string, id: string): Promise<void> {
  try {
    await repo.deleteResource(resourceType, id);
  } catch {
    // Already gone: a client deleted it over HTTP.
  }
}
