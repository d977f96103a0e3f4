/**
 * VTE risk assessments and prophylaxis on acute wards, as trusts record them: a RiskAssessment with
 * the outcome coded on its prediction, or only a qualitative risk; a blood thinner prescribed as a
 * MedicationRequest named in its text (dm+d-style coding with a display), or coded only with the
 * trust's local code. Most patients are assessed within the 14 hours and those who need it are
 * prescribed prophylaxis; some slots are not, so every ward shows each state.
 *
 * Codes are literals here, not imported from @wardflow/shared: the simulator stands for a trust's
 * server, and the board must read what the server sends, not what it expects.
 */
import type { MedicationRequest, Resource, RiskAssessment } from '@medplum/fhirtypes';
import { hashOf } from './clinical-resource.factory.js';
import { SeededRandom } from '../util/seeded-random.util.js';
import type { WardProfile } from './news2.model.js';
import { isoInstant } from '../util/dates.util.js';
import { ownedId, type ClinicalCourse, type TrustState, type VteOutcome, type VteShape } from './trust.model.js';

const HOUR = 3_600_000;
const VTE = 'https://fhir.wardflow.org/CodeSystem/vte';
const RISK_PROBABILITY = 'http://terminology.hl7.org/CodeSystem/risk-probability';
/** A made-up dm+d-style system: the board must find the medicine by its name. */
const DMD = 'https://dmd.example.nhs.uk/CodeSystem/vmp';

/** What each slot shows on an acute ward (given enough beds): the gaps on fixed slots, the rest drawn. */
export function vteShape(state: TrustState, profile: WardProfile, slot: number, encounterId: string): VteShape | null {
  if (profile !== 'acute') return null;
  if (slot === 8) return { assessedAfterHours: null, outcome: 'indicated', as: 'coded', prescribed: false };
  if (slot === 5) return { assessedAfterHours: 3, outcome: 'indicated', as: 'coded', prescribed: false };
  if (slot === 10) return { assessedAfterHours: 20, outcome: 'indicated', as: 'qualitative', prescribed: true };
  // Own stream per stay, so adding VTE leaves every other seeded item exactly as it was.
  const random = new SeededRandom((state.seed ^ hashOf(`vte:${encounterId}`)) >>> 0, 0);
  return {
    assessedAfterHours: random.between(0.5, 12),
    outcome: random.weighted<VteOutcome>([
      ['indicated', 60],
      ['not-indicated', 35],
      ['contraindicated', 5],
    ]),
    as: random.chance(0.25) ? 'qualitative' : 'coded',
    prescribed: true,
  };
}

type Owner = Pick<ClinicalCourse, 'patientId' | 'encounterId'>;

function own(state: TrustState, owner: Owner, type: string): string {
  return ownedId(state, owner.encounterId, type, 'vte');
}

export function vteAssessment(
  state: TrustState,
  owner: Owner,
  atMs: number,
  outcome: VteOutcome,
  as: VteShape['as'],
): RiskAssessment {
  const qualitative = outcome === 'indicated' ? 'high' : 'low';
  return {
    resourceType: 'RiskAssessment',
    id: own(state, owner, 'RiskAssessment'),
    status: 'final',
    code: { coding: [{ system: VTE, code: 'vte-risk-assessment', display: 'VTE risk assessment' }] },
    subject: { reference: `Patient/${owner.patientId}` },
    encounter: { reference: `Encounter/${owner.encounterId}` },
    occurrenceDateTime: isoInstant(atMs),
    // A probability (percent) as well: Medplum's validator fails ras-2 on a prediction without one.
    prediction: [
      as === 'qualitative' && outcome !== 'contraindicated'
        ? {
            qualitativeRisk: { coding: [{ system: RISK_PROBABILITY, code: qualitative }] },
            probabilityDecimal: outcome === 'indicated' ? 5 : 0.5,
          }
        : {
            outcome: { coding: [{ system: VTE, code: `prophylaxis-${outcome}` }] },
            probabilityDecimal: outcome === 'indicated' ? 5 : 0.5,
          },
    ],
  };
}

export function prophylaxisOrder(state: TrustState, owner: Owner, atMs: number, kind: number): MedicationRequest {
  const medication =
    kind % 3 === 0
      ? { text: 'Enoxaparin 40 mg subcutaneous injection once daily' }
      : kind % 3 === 1
        ? { coding: [{ system: DMD, code: '4207211000001109', display: 'Dalteparin sodium 5,000 units/0.2ml' }] }
        : { coding: [{ system: VTE, code: 'pharmacological-prophylaxis' }] };
  return {
    resourceType: 'MedicationRequest',
    id: own(state, owner, 'MedicationRequest'),
    status: 'active',
    intent: 'order',
    medicationCodeableConcept: medication,
    subject: { reference: `Patient/${owner.patientId}` },
    encounter: { reference: `Encounter/${owner.encounterId}` },
    authoredOn: isoInstant(atMs),
  };
}

/**
 * The VTE assessment and prophylaxis of a stay at admission (or the simulator's start), and what is
 * left to do later (an assessment not yet due at `now`), which the evolver does in time.
 */
export function seedVte(
  state: TrustState,
  profile: WardProfile,
  slot: number,
  owner: Owner,
  admittedMs: number,
  nowMs: number,
): { resources: Resource[]; pending: VteShape | null } {
  const shape = vteShape(state, profile, slot, owner.encounterId);
  if (shape === null || shape.assessedAfterHours === null) return { resources: [], pending: null };
  const atMs = admittedMs + shape.assessedAfterHours * HOUR;
  if (atMs > nowMs) return { resources: [], pending: shape };
  return { resources: assessed(state, owner, atMs, shape, slot, nowMs), pending: null };
}

export function assessed(
  state: TrustState,
  owner: Owner,
  atMs: number,
  shape: VteShape,
  kind: number,
  nowMs: number,
): Resource[] {
  const resources: Resource[] = [vteAssessment(state, owner, atMs, shape.outcome, shape.as)];
  if (shape.outcome === 'indicated' && shape.prescribed)
    // Prescribed within the half hour, never after the simulator's clock.
    resources.push(prophylaxisOrder(state, owner, Math.max(atMs, Math.min(atMs + 0.5 * HOUR, nowMs)), kind));
  return resources;
}
