/**
 * Patients expected on a ward, as a PAS records them (issue 15 item 6): booked admissions (an
 * Encounter `planned`, or `arrived` when the patient is in ED waiting for a bed) and transfers in from
 * another ward of the site (the current stay gains a `planned` location entry for this ward), now and
 * then with a bed held (a `reserved` entry naming it, the bed marked reserved). When the time comes
 * and a bed fits (same sex, a side room for isolation), the patient arrives; one that cannot be placed
 * stays expected, late, and is cancelled six hours after its time, as a bed manager would.
 *
 * The shapes vary as real feeds do: the expected time in the R5 `plannedStartDate` extension, or in
 * `period.start`; the source as `hospitalization.admitSource` or an `origin` with only a display; a
 * transfer's ward named by reference only. Drawn from a random stream of its own and from hashes, so
 * the rest of the trust's steps are as they were before arrivals were published.
 */
import { parseSearchRequest } from '@medplum/core';
import type { FhirRepository } from '@medplum/fhir-router';
import type { Encounter, EncounterLocation, Location, Patient, Resource } from '@medplum/fhirtypes';
import { hashOf, INFECTION_SYSTEMS } from './clinical-resource.factory.js';
import { currentBedId, patientResource, physicalType, withBedState } from './fhir-resource.factory.js';
import { releaseNhsNumber } from './nhs-number-release.js';
import { syntheticPerson } from './synthetic-person.generator.js';
import { isoInstant } from '../util/dates.util.js';
import { SeededRandom } from '../util/seeded-random.util.js';
import type { PendingArrival, TrustState, WardPlan } from './trust.model.js';

export const PLANNED_START_URL = 'http://hl7.org/fhir/5.0/StructureDefinition/extension-Encounter.plannedStartDate';
const ADMIT_SOURCE = 'http://terminology.hl7.org/CodeSystem/admit-source';
const HOUR = 3_600_000;
/** At most this many patients expected per ward at once. */
const MAX_PENDING = 2;
/** An arrival that could not be placed is cancelled this long after its time. */
const CANCEL_AFTER_MS = 6 * HOUR;

/** What the ward's evolve step lends the arrivals: its beds now, and how to admit into one. */
export interface WardBeds {
  beds: ReadonlyMap<string, Location>;
  /** Beds free now (unoccupied, available, not held for another arrival). */
  free: () => string[];
  occupied: (bedId: string) => boolean;
  /** Who the bed's room takes: a sex, or anyone ('mixed'). */
  sexFor: (bedId: string) => 'male' | 'female' | 'mixed';
  sideRoom: (bedId: string) => boolean;
  setBed: (bedId: string, state: 'O' | 'H' | 'U' | 'reserved') => void;
}

function pendingOf(state: TrustState, wardId: string): PendingArrival[] {
  state.arrivals ??= new Map();
  const list = state.arrivals.get(wardId) ?? [];
  state.arrivals.set(wardId, list);
  return list;
}

/** Beds held for arrivals anywhere in the trust: not given to anyone else. */
export function heldBeds(state: TrustState): Set<string> {
  return new Set(
    [...(state.arrivals?.values() ?? [])]
      .flatMap((list) => list.map((a) => a.heldBedId ?? ''))
      .filter((id) => id !== ''),
  );
}

function fits(arrival: PendingArrival, bedId: string, ward: WardBeds): boolean {
  if (arrival.isolation) return ward.sideRoom(bedId);
  const sex = ward.sexFor(bedId);
  return sex === 'mixed' || sex === arrival.sex;
}

/**
 * Arrivals whose time has come, placed where a bed fits; those past hope cancelled. Returns the
 * resources to write and, for admissions, the stays to start (the evolver seeds their clinical record).
 */
export async function arrivalsDue(
  repo: FhirRepository,
  state: TrustState,
  ward: WardPlan,
  beds: WardBeds,
  nowMs: number,
): Promise<{ writes: Resource[]; admitted: Array<{ arrival: PendingArrival; bedId: string; encounter: Encounter }> }> {
  const pending = pendingOf(state, ward.id);
  const writes: Resource[] = [];
  const admitted: Array<{ arrival: PendingArrival; bedId: string; encounter: Encounter }> = [];
  const taken = new Set<string>();
  for (const arrival of [...pending]) {
    if (arrival.dueMs > nowMs) continue;
    const encounter = await read<Encounter>(repo, 'Encounter', arrival.encounterId);
    const stillComing =
      encounter !== undefined &&
      (arrival.kind === 'admission'
        ? ['planned', 'arrived'].includes(encounter.status)
        : encounter.status === 'in-progress');
    if (!stillComing) {
      // Discharged from the other ward meanwhile, or changed by a client over HTTP: no longer expected.
      pending.splice(pending.indexOf(arrival), 1);
      if (arrival.heldBedId !== null && !beds.occupied(arrival.heldBedId)) beds.setBed(arrival.heldBedId, 'U');
      continue;
    }
    const held = arrival.heldBedId;
    // Beds taken by arrivals earlier in this loop are not yet occupied in the ward's view.
    const open = (b: string) => !beds.occupied(b) && !taken.has(b);
    const bedId =
      held !== null && open(held) && beds.beds.has(held)
        ? held
        : beds.free().find((b) => open(b) && fits(arrival, b, beds));
    if (bedId === undefined) {
      if (nowMs - arrival.dueMs < CANCEL_AFTER_MS) continue;
      pending.splice(pending.indexOf(arrival), 1);
      if (held !== null) beds.setBed(held, 'U');
      if (arrival.kind === 'transfer') writes.push(withdrawn(encounter));
      else {
        // The booking is cancelled and, in a simulator that runs for days, forgotten with its patient
        // (and the patient's NHS number, free to be drawn again).
        await releaseNhsNumber(repo, state, arrival.patientId);
        for (const ref of [`Encounter/${arrival.encounterId}`, `Patient/${arrival.patientId}`, ...arrival.owned]) {
          const [type, id] = ref.split('/') as [string, string];
          await repo.deleteResource(type, id).catch(() => undefined);
        }
      }
      continue;
    }
    pending.splice(pending.indexOf(arrival), 1);
    taken.add(bedId);
    if (arrival.kind === 'admission') {
      admitted.push({ arrival, bedId, encounter });
      continue;
    }
    // A transfer: the old ward's entries complete, this ward's bed starts; the old bed is cleaned.
    const at = isoInstant(nowMs);
    const oldBed = currentBedId(encounter);
    const location: EncounterLocation[] = [
      ...(encounter.location ?? [])
        .filter((l) => l.status !== 'planned' && l.status !== 'reserved')
        .map((l) =>
          l.status === 'active' ? { ...l, status: 'completed' as const, period: { ...l.period, end: at } } : l,
        ),
      {
        location: { reference: `Location/${ward.id}` },
        status: 'active',
        physicalType: physicalType('wa'),
        period: { start: at },
      },
      {
        location: { reference: `Location/${bedId}` },
        status: 'active',
        physicalType: physicalType('bd'),
        period: { start: at },
      },
    ];
    const moved: Encounter = { ...encounter, location };
    writes.push(moved);
    admitted.push({ arrival, bedId, encounter: moved });
    if (oldBed !== undefined) {
      const bed = await read<Location>(repo, 'Location', oldBed);
      if (bed !== undefined) writes.push(withBedState(bed, 'H'));
    }
  }
  return { writes, admitted };
}

/** A transfer that will not happen: its planned and reserved entries withdrawn (the PAS deletes them). */
function withdrawn(encounter: Encounter): Encounter {
  return {
    ...encounter,
    location: (encounter.location ?? []).filter((l) => l.status !== 'planned' && l.status !== 'reserved'),
  };
}

/**
 * Now and then, a new patient expected on the ward: a booked admission, or a transfer from another
 * ward of the site with the same profile. Drawn from the ward's own stream for this step.
 */
export async function planArrival(
  repo: FhirRepository,
  state: TrustState,
  ward: WardPlan,
  beds: WardBeds,
  nowMs: number,
): Promise<Resource[]> {
  const pending = pendingOf(state, ward.id);
  if (pending.length >= MAX_PENDING) return [];
  const random = new SeededRandom(state.seed ^ hashOf(`arrivals:${ward.id}`), state.step);
  if (!random.chance(pending.length === 0 ? 0.5 : 0.15)) return [];
  const dueMs = nowMs + Math.round(random.between(0.75, 5) * 4) * 15 * 60_000;
  const shape = random.int(0, 5);
  const transferFrom = random.chance(0.35) ? await transferCandidate(repo, state, ward, random) : undefined;
  const isolation = transferFrom === undefined && random.chance(0.2);
  const sex: 'male' | 'female' =
    transferFrom?.sex ?? (ward.sex === 'mixed' ? (random.chance(0.5) ? 'male' : 'female') : ward.sex);
  const arrival: Omit<PendingArrival, 'heldBedId'> = {
    encounterId: transferFrom?.encounter.id ?? state.ids.next('encounter'),
    patientId: transferFrom?.patientId ?? state.ids.next('patient'),
    kind: transferFrom === undefined ? 'admission' : 'transfer',
    dueMs,
    sex,
    isolation,
    owned: [],
  };
  // Half the time a bed is held: marked reserved, named in a reserved location entry.
  const holdable = beds.free().filter((b) => fits({ ...arrival, heldBedId: null }, b, beds));
  const heldBedId = holdable.length > 0 && random.chance(0.5) ? random.pick(holdable) : null;
  if (heldBedId !== null) beds.setBed(heldBedId, 'reserved');
  const entries: EncounterLocation[] = [
    { location: { reference: `Location/${ward.id}` }, status: 'planned', physicalType: physicalType('wa') },
    ...(heldBedId === null
      ? []
      : [
          {
            location: { reference: `Location/${heldBedId}` },
            status: 'reserved' as const,
            physicalType: physicalType('bd'),
          },
        ]),
  ];
  // Some PAS feeds date a planned entry, others only the encounter.
  const dated = (e: EncounterLocation): EncounterLocation =>
    shape % 2 === 0 ? { ...e, period: { start: isoInstant(dueMs) } } : e;
  const writes: Resource[] = [];
  if (transferFrom !== undefined) {
    writes.push({
      ...transferFrom.encounter,
      location: [...(transferFrom.encounter.location ?? []), ...entries.map(dated)],
    });
  } else {
    const person = syntheticPerson(random, { sex, profile: ward.profile, nowMs }, state.nhsNumbers);
    writes.push(patientResource(arrival.patientId, person));
    const fromEd = shape < 3;
    writes.push({
      resourceType: 'Encounter',
      id: arrival.encounterId,
      // In ED and waiting for a bed, or booked (a GP or clinic referral).
      status: fromEd && shape === 0 ? 'arrived' : 'planned',
      class: {
        system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
        code: 'IMP',
        display: 'inpatient encounter',
      },
      subject: { reference: `Patient/${arrival.patientId}` },
      ...(shape === 1 || shape === 3
        ? { extension: [{ url: PLANNED_START_URL, valueDateTime: isoInstant(dueMs) }] }
        : shape === 5
          ? { period: { start: isoInstant(dueMs) } }
          : {}),
      hospitalization: fromEd
        ? shape === 2
          ? { origin: { display: 'Emergency Department' } }
          : {
              admitSource: {
                coding: [{ system: ADMIT_SOURCE, code: 'emd', display: 'From accident/emergency department' }],
              },
            }
        : { admitSource: { coding: [{ system: ADMIT_SOURCE, code: shape === 4 ? 'outp' : 'gp' }] } },
      location: entries.map(dated),
    });
    if (isolation) {
      // A C. diff alert with contact isolation, recorded in ED against the patient: only a side room fits.
      for (const [system, code, display] of [
        [INFECTION_SYSTEMS.alert, 'c-difficile', 'Clostridioides difficile'],
        [INFECTION_SYSTEMS.isolation, 'contact', 'Isolation: contact precautions'],
      ] as const) {
        const id = state.ids.next('flag');
        arrival.owned.push(`Flag/${id}`);
        writes.push({
          resourceType: 'Flag',
          id,
          status: 'active',
          code: { coding: [{ system, code, display }] },
          subject: { reference: `Patient/${arrival.patientId}` },
          period: { start: isoInstant(nowMs) },
        });
      }
    }
  }
  pending.push({ ...arrival, heldBedId });
  return writes;
}

/** A patient on another ward of the site with the same profile, in a bed and not already moving. */
async function transferCandidate(
  repo: FhirRepository,
  state: TrustState,
  ward: WardPlan,
  random: SeededRandom,
): Promise<{ encounter: Encounter; patientId: string; sex: 'male' | 'female' } | undefined> {
  const others = state.wards.filter((w) => w.id !== ward.id && w.siteId === ward.siteId && w.profile === ward.profile);
  if (others.length === 0) return undefined;
  const from = random.pick(others);
  const moving = new Set([...(state.arrivals?.values() ?? [])].flatMap((list) => list.map((a) => a.encounterId)));
  const encounters = (
    await repo.searchResources(
      parseSearchRequest<Encounter>('Encounter', { location: `Location/${from.id}`, status: 'in-progress' }),
    )
  ).filter((e) => e.id !== undefined && !moving.has(e.id) && currentBedId(e)?.startsWith(`${from.id}-`) === true);
  if (encounters.length === 0) return undefined;
  const encounter = random.pick(encounters);
  const patientId = encounter.subject?.reference?.split('/')[1] ?? '';
  const patient = await read<Patient>(repo, 'Patient', patientId);
  if (patient?.gender !== 'male' && patient?.gender !== 'female') return undefined;
  if (ward.sex !== 'mixed' && ward.sex !== patient.gender) return undefined;
  return { encounter, patientId, sex: patient.gender };
}

async function read<T extends Resource>(
  repo: FhirRepository,
  type: T['resourceType'],
  id: string,
): Promise<T | undefined> {
  try {
    return await repo.readResource<T>(type, id);
  } catch {
    return undefined;
  }
}
