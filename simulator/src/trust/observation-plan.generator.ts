/**
 * Observation plans as trusts record them (Wardflow reads all three shapes): a NEWS2 frequency
 * recorded as an Observation on admission, a ServiceRequest with a timing, observations stopped by
 * a ServiceRequest that says do not perform (end of life care); and sets recorded as not done, with
 * a data-absent reason (refused, or not appropriate while the patient sleeps).
 *
 * Codes are literals here, not imported from @wardflow/shared: the simulator stands for a trust's
 * server, and the board must read what the server sends, not what it expects.
 */
import type { Observation, Resource, ServiceRequest } from '@medplum/fhirtypes';
import { hashOf } from './clinical-resource.factory.js';
import type { WardProfile } from './news2.model.js';
import { isoInstant } from '../util/dates.util.js';
import { ownedId, type TrustState } from './trust.model.js';

const HOUR = 3_600_000;
const PLAN_SYSTEM = 'https://fhir.wardflow.org/CodeSystem/observation-plan';
const DATA_ABSENT = 'http://terminology.hl7.org/CodeSystem/data-absent-reason';
const UCUM = 'http://unitsofmeasure.org';
const NEWS2_TOTAL = { system: 'http://snomed.info/sct', code: '1104051000000101', display: 'NEWS2 total score' };
const PLAN_CODE = { system: PLAN_SYSTEM, code: 'news2-observations', display: 'NEWS2 observations' };

type Owner = { patientId: string; encounterId: string };

/** What each slot shows, so every ward of a profile has each shape at least once (given enough beds). */
export function planShape(
  profile: WardProfile,
  slot: number,
): 'daily-observation' | 'daily-request' | 'two-hourly' | 'stopped' | null {
  if (profile === 'mental-health') {
    if (slot % 3 === 0) return 'daily-observation';
    if (slot % 3 === 1) return 'daily-request';
    return null;
  }
  if (slot === 9) return 'stopped';
  if (slot === 6) return 'two-hourly';
  return null;
}

/** Which slots record a set as not done after the latest reading: refused (mental health), asleep (acute). */
export function notDoneShape(profile: WardProfile, slot: number): 'refused' | 'not-appropriate' | null {
  if (profile === 'mental-health' && (slot === 2 || slot === 11)) return 'refused';
  if (profile === 'acute' && slot === 8) return 'not-appropriate';
  return null;
}

function own(state: TrustState, owner: Owner, type: string): string {
  return ownedId(state, owner.encounterId, type, 'obsplan');
}

function request(id: string, owner: Owner, authoredMs: number, extra: Partial<ServiceRequest>): ServiceRequest {
  return {
    resourceType: 'ServiceRequest',
    id,
    status: 'active',
    intent: 'order',
    category: [{ coding: [{ system: 'http://snomed.info/sct', code: '386053000', display: 'Evaluation procedure' }] }],
    code: { coding: [{ ...PLAN_CODE }] },
    subject: { reference: `Patient/${owner.patientId}` },
    encounter: { reference: `Encounter/${owner.encounterId}` },
    authoredOn: isoInstant(authoredMs),
    ...extra,
  };
}

/** A set recorded as not done: a NEWS2 total with no value and the reason it is absent. */
export function notDoneSet(id: string, owner: Owner, atMs: number, reason: 'refused' | 'not-appropriate'): Observation {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    category: [
      {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }],
      },
    ],
    code: { coding: [{ ...NEWS2_TOTAL }] },
    subject: { reference: `Patient/${owner.patientId}` },
    encounter: { reference: `Encounter/${owner.encounterId}` },
    effectiveDateTime: isoInstant(atMs),
    dataAbsentReason:
      reason === 'refused'
        ? { coding: [{ system: DATA_ABSENT, code: 'asked-declined', display: 'Asked But Declined' }] }
        : { coding: [{ system: DATA_ABSENT, code: 'not-performed', display: 'Not Performed' }], text: 'Asleep' },
  };
}

/**
 * The plan and any set not done for a stay at admission (or at the simulator's start). The NEWS2
 * course is updated so the evolver takes no readings after a stop, and times the next one from a
 * refusal.
 */
export function seedObservationPlan(
  state: TrustState,
  profile: WardProfile,
  slot: number,
  owner: Owner,
  admittedMs: number,
  nowMs: number,
): Resource[] {
  const resources: Resource[] = [];
  const shape = planShape(profile, slot);
  const course = state.news2.get(owner.encounterId);
  if (shape === 'daily-observation') {
    resources.push({
      resourceType: 'Observation',
      id: own(state, owner, 'Observation'),
      status: 'final',
      code: { coding: [{ system: PLAN_SYSTEM, code: 'news2-frequency', display: 'NEWS2 observation frequency' }] },
      subject: { reference: `Patient/${owner.patientId}` },
      encounter: { reference: `Encounter/${owner.encounterId}` },
      // Recorded on admission: often days before the observation look-back.
      effectiveDateTime: isoInstant(admittedMs + 0.5 * HOUR < nowMs ? admittedMs + 0.5 * HOUR : admittedMs),
      valueQuantity: { value: 24, unit: 'h', system: UCUM, code: 'h' },
    } satisfies Observation);
  } else if (shape === 'daily-request' || shape === 'two-hourly') {
    resources.push(
      request(own(state, owner, 'ServiceRequest'), owner, admittedMs, {
        occurrenceTiming: {
          repeat:
            shape === 'daily-request'
              ? { frequency: 1, period: 1, periodUnit: 'd' }
              : { frequency: 1, period: 2, periodUnit: 'h' },
        },
      }),
    );
  } else if (shape === 'stopped') {
    // Stopped after the last set was taken.
    const stoppedMs = Math.min(nowMs, Math.max(admittedMs, (course?.lastAtMs ?? nowMs) + 0.25 * HOUR));
    resources.push(
      request(own(state, owner, 'ServiceRequest'), owner, stoppedMs, {
        doNotPerform: true,
        reasonCode: [{ text: 'End of life care' }],
      }),
    );
    if (course !== undefined) course.stopped = true;
  }
  const notDone = notDoneShape(profile, slot);
  if (notDone !== null && course !== undefined && !course.stopped) {
    const atMs = Math.max(course.lastAtMs + 0.25 * HOUR, nowMs - (0.5 + (hashOf(owner.encounterId) % 3) * 0.5) * HOUR);
    if (atMs < nowMs) {
      // Kept with the stay's readings, so the same retention drops it.
      const id = state.ids.next('obsplan');
      state.news2Ids.get(owner.encounterId)?.push(id);
      resources.push(notDoneSet(id, owner, atMs, notDone));
      course.lastAtMs = atMs;
    }
  }
  return resources;
}
