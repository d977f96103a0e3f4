/**
 * Discharge readiness as trusts record it (Wardflow reads each shape): a daily "criteria to reside"
 * review Observation with the pathway and reasons for delay as components; the same items as
 * Observations of their own, with a pathway written as text and a reason in the trust's own code that
 * nobody has mapped; and the discharge-ready date on the Encounter with the reason on an open Task.
 *
 * Codes are literals here, not imported from @wardflow/shared: the simulator stands for a trust's
 * server, and the board must read what the server sends, not what it expects.
 */
import type { Encounter, Observation, Resource, Task } from '@medplum/fhirtypes';
import { hashOf } from './clinical-resource.factory.js';
import type { WardProfile } from './news2.model.js';
import { addDays, isoInstant, londonDate } from '../util/dates.util.js';
import { ownedId, type TrustState } from './trust.model.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const READINESS = 'https://fhir.wardflow.org/CodeSystem/discharge-readiness';
const PATHWAY = 'https://fhir.wardflow.org/CodeSystem/discharge-pathway';
const DELAY_REASON = 'https://fhir.wardflow.org/CodeSystem/discharge-delay-reason';
const DELAY_KIND = 'https://fhir.wardflow.org/CodeSystem/delay-kind';
const READY_DATE_EXTENSION = 'https://fhir.wardflow.org/StructureDefinition/discharge-ready-date';
/** A trust's own delay code, deliberately not mapped in the demo's configuration. */
const LOCAL_DELAY = 'https://pas.example.nhs.uk/CodeSystem/delay-reason';

type Owner = { patientId: string; encounterId: string };

export interface ReadinessShape {
  /** How the trust records it. */
  as: 'review' | 'separate' | 'encounter';
  /** Whole days since ready (0 today), or null for a patient still meeting the criteria to reside. */
  readyDaysAgo: number | null;
  pathway: 0 | 1 | 2 | 3 | null;
  reasons: string[];
}

/** What each slot shows, so every ward of a profile has each shape at least once (given enough beds). */
export function readinessShape(profile: WardProfile, slot: number): ReadinessShape | null {
  if (profile === 'mental-health') {
    if (slot === 4) return { as: 'review', readyDaysAgo: 9, pathway: null, reasons: ['housing'] };
    if (slot === 10) return { as: 'review', readyDaysAgo: 3, pathway: 2, reasons: ['specialist-placement', 'funding'] };
    if (slot === 7) return { as: 'review', readyDaysAgo: null, pathway: null, reasons: [] };
    return null;
  }
  if (slot === 0) return { as: 'review', readyDaysAgo: 2, pathway: 1, reasons: ['care-package'] };
  if (slot === 3) return { as: 'review', readyDaysAgo: 0, pathway: 0, reasons: [] };
  if (slot === 7) return { as: 'separate', readyDaysAgo: 4, pathway: 3, reasons: ['NH-WAIT'] };
  if (slot === 11) return { as: 'encounter', readyDaysAgo: 1, pathway: null, reasons: ['transport'] };
  if (slot === 2) return { as: 'review', readyDaysAgo: null, pathway: 1, reasons: [] };
  return null;
}

function own(state: TrustState, owner: Owner, type: string): string {
  return ownedId(state, owner.encounterId, type, 'discharge');
}

const coding = (system: string, code: string, display?: string) => ({
  coding: [{ system, code, ...(display === undefined ? {} : { display }) }],
});

function observation(id: string, owner: Owner, atMs: number, extra: Partial<Observation>): Observation {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'survey' }] }],
    code: coding(READINESS, 'discharge-readiness', 'Discharge readiness'),
    subject: { reference: `Patient/${owner.patientId}` },
    encounter: { reference: `Encounter/${owner.encounterId}` },
    effectiveDateTime: isoInstant(atMs),
    ...extra,
  };
}

const reasonConcept = (reason: string) =>
  reason === 'NH-WAIT'
    ? { ...coding(LOCAL_DELAY, 'NH-WAIT', 'Awaiting nursing home bed'), text: 'Awaiting nursing home bed' }
    : coding(DELAY_REASON, reason);

/**
 * The readiness records of a stay at admission (or at the simulator's start), and the Encounter with
 * the discharge-ready date where the trust records it there. Reviews are a day apart (the daily board
 * round), never before the admission nor in the future.
 */
export function seedDischargeReadiness(
  state: TrustState,
  profile: WardProfile,
  slot: number,
  owner: Owner,
  encounter: Encounter,
  admittedMs: number,
  nowMs: number,
): { encounter: Encounter; resources: Resource[] } {
  const shape = readinessShape(profile, slot);
  if (shape === null) return { encounter, resources: [] };
  const resources: Resource[] = [];
  const today = londonDate(nowMs);
  // A review in the morning of a day `daysAgo` before today; inside the stay and not in the future.
  // Minutes, not hours, before the day's mark: a review "today" stays today unless it is just past midnight.
  const reviewAt = (daysAgo: number) =>
    Math.min(
      nowMs - 60_000,
      Math.max(admittedMs + 0.25 * HOUR, nowMs - daysAgo * DAY - (1 + (hashOf(owner.encounterId) % 4)) * 0.25 * HOUR),
    );
  // A short stay cannot have been ready for longer than it has lasted.
  const stayDays = Math.max(0, Math.floor((nowMs - admittedMs) / DAY));
  const readyDaysAgo = shape.readyDaysAgo === null ? null : Math.min(shape.readyDaysAgo, stayDays);
  const readyDate = readyDaysAgo === null ? null : addDays(today, -readyDaysAgo);

  if (shape.as === 'review') {
    // Not ready the day before they became ready (when the stay allows), then ready every day since.
    const days = readyDaysAgo === null ? [0] : [...(readyDaysAgo < stayDays ? [readyDaysAgo + 1] : []), readyDaysAgo];
    const reviews =
      readyDaysAgo === null ? days : [...days, ...Array.from({ length: readyDaysAgo }, (_, k) => readyDaysAgo - 1 - k)];
    const last = reviews.length - 1;
    reviews.forEach((daysAgo, i) => {
      const ready = readyDaysAgo !== null && daysAgo <= readyDaysAgo;
      resources.push(
        observation(own(state, owner, 'Observation'), owner, reviewAt(daysAgo), {
          valueCodeableConcept: ready
            ? coding(READINESS, 'ready', 'No longer meets the criteria to reside')
            : coding(READINESS, 'not-ready', 'Meets the criteria to reside'),
          // The latest review carries the pathway and what holds the patient.
          component:
            i !== last
              ? []
              : [
                  ...(shape.pathway === null
                    ? []
                    : [
                        {
                          code: coding(READINESS, 'discharge-pathway'),
                          valueCodeableConcept: coding(PATHWAY, String(shape.pathway), `Pathway ${shape.pathway}`),
                        },
                      ]),
                  ...(ready ? shape.reasons : []).map((r) => ({
                    code: coding(READINESS, 'discharge-delay-reason'),
                    valueCodeableConcept: reasonConcept(r),
                  })),
                ],
        }),
      );
    });
  } else if (shape.as === 'separate' && readyDaysAgo !== null) {
    // A yes/no answer each day, the pathway as text and the reason as the trust's own code.
    for (let daysAgo = readyDaysAgo; daysAgo >= 0; daysAgo--)
      resources.push(observation(own(state, owner, 'Observation'), owner, reviewAt(daysAgo), { valueBoolean: true }));
    if (shape.pathway !== null)
      resources.push(
        observation(own(state, owner, 'Observation'), owner, reviewAt(0), {
          code: coding(READINESS, 'discharge-pathway', 'Discharge pathway'),
          valueString: `P${shape.pathway}`,
        }),
      );
    for (const reason of shape.reasons)
      resources.push(
        observation(own(state, owner, 'Observation'), owner, reviewAt(0), {
          code: coding(READINESS, 'discharge-delay-reason', 'Reason for delay'),
          valueCodeableConcept: reasonConcept(reason),
        }),
      );
  } else if (shape.as === 'encounter' && readyDate !== null) {
    encounter = {
      ...encounter,
      extension: [...(encounter.extension ?? []), { url: READY_DATE_EXTENSION, valueDate: readyDate }],
    };
    for (const reason of shape.reasons) {
      const task: Task = {
        resourceType: 'Task',
        id: own(state, owner, 'Task'),
        status: 'in-progress',
        intent: 'order',
        code: coding(DELAY_KIND, 'discharge', 'Discharge delay'),
        description: 'Transport home booked',
        businessStatus: { text: 'Transport home booked' },
        statusReason: reasonConcept(reason),
        for: { reference: `Patient/${owner.patientId}` },
        encounter: { reference: `Encounter/${owner.encounterId}` },
        authoredOn: isoInstant(reviewAt(readyDaysAgo ?? 0)),
        restriction: { period: { end: isoInstant(nowMs + 6 * HOUR) } },
      };
      resources.push(task);
    }
  }
  return { encounter, resources };
}
