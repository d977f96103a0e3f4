/**
 * Key assessments of each current stay, in the contract's default shapes: on mental-health wards a
 * risk assessment (SNOMED 225338004) and a physical health check, on acute wards a falls risk
 * assessment (Procedures) and a MUST nutrition screen (QuestionnaireResponse).
 *
 * Seeded so that across a ward most are up to date, some fall due within 24 h and some are overdue
 * (a few never done past their first due time); each evolve step completes the odd one. The latest
 * two per kind are kept, and all are owned by the stay so they go when the stay is dropped.
 *
 * Codes are literals here, not imported from @wardflow/shared: the simulator stands for a trust's
 * server, so a typo in the reader's constants must not be agreed with by construction.
 */
import type { Procedure, QuestionnaireResponse, Resource } from '@medplum/fhirtypes';
import { hashOf } from './clinical-resource.factory.js';
import { isoInstant } from '../util/dates.util.js';
import type { WardProfile } from './news2.model.js';
import { SeededRandom } from '../util/seeded-random.util.js';
import type { KeyAssessmentCourse, TrustState } from './trust.model.js';

export const KEY_ASSESSMENT_SYSTEM = 'https://fhir.wardflow.org/CodeSystem/key-assessment';
export const MUST_QUESTIONNAIRE = 'https://fhir.wardflow.org/Questionnaire/must';
const SNOMED = 'http://snomed.info/sct';

const HOUR = 3_600_000;
/** Latest completions kept per kind per stay. */
export const KEY_ASSESSMENTS_KEPT = 2;

export interface KeyAssessmentSpec {
  key: string;
  display: string;
  firstDueHours: number;
  everyHours: number;
  /** A Procedure with this coding, or (when undefined) a QuestionnaireResponse of the MUST questionnaire. */
  procedure?: { system: string; code: string };
}

export const KEY_ASSESSMENTS: Record<WardProfile, readonly KeyAssessmentSpec[]> = {
  'mental-health': [
    {
      key: 'risk-assessment',
      display: 'Risk assessment',
      firstDueHours: 24,
      everyHours: 168,
      procedure: { system: SNOMED, code: '225338004' },
    },
    {
      key: 'physical-health-check',
      display: 'Physical health check',
      firstDueHours: 72,
      everyHours: 168,
      procedure: { system: KEY_ASSESSMENT_SYSTEM, code: 'physical-health-check' },
    },
  ],
  acute: [
    {
      key: 'falls-assessment',
      display: 'Falls risk assessment',
      firstDueHours: 6,
      everyHours: 168,
      procedure: { system: KEY_ASSESSMENT_SYSTEM, code: 'falls-risk-assessment' },
    },
    { key: 'nutrition-screen', display: 'Nutrition screen (MUST)', firstDueHours: 24, everyHours: 168 },
  ],
};

/** The part of a stay's clinical course these need (ClinicalCourse has it). */
export interface AssessedStay {
  patientId: string;
  encounterId: string;
  profile: WardProfile;
  owned: Set<string>;
  keyAssessments?: KeyAssessmentCourse;
}

type Target = 'up-to-date' | 'due-soon' | 'overdue';

/** Own stream per stay, so adding these leaves every other seeded item exactly as it was. */
function rngFor(state: TrustState, encounterId: string, stream: number): SeededRandom {
  return new SeededRandom((state.seed ^ hashOf(`key-assessment:${encounterId}`)) >>> 0, stream);
}

/**
 * Seeds completions for a stay. `slot` 5 and 6 on every ward are pushed to overdue (never done) and
 * due within 24 h where their stay allows, so each ward shows all three states.
 */
export function seedKeyAssessments(
  state: TrustState,
  stay: AssessedStay,
  slot: number,
  admittedMs: number,
  nowMs: number,
): Resource[] {
  const random = rngFor(state, stay.encounterId, 0);
  const course: KeyAssessmentCourse = { ids: {}, lastMs: {}, neglected: new Set() };
  stay.keyAssessments = course;
  const resources: Resource[] = [];
  KEY_ASSESSMENTS[stay.profile].forEach((spec, k) => {
    course.ids[spec.key] = [];
    course.lastMs[spec.key] = null;
    const forced: Target | undefined = slot === 5 && k === 0 ? 'overdue' : slot === 6 ? 'due-soon' : undefined;
    const target =
      forced ??
      random.weighted<Target>([
        ['up-to-date', 68],
        ['due-soon', 14],
        ['overdue', 18],
      ]);
    const times = seededTimes(random, spec, target, admittedMs, nowMs);
    if (times.length === 0 && target === 'overdue' && nowMs > admittedMs + spec.firstDueHours * HOUR)
      course.neglected.add(spec.key);
    for (const atMs of times) resources.push(complete(state, stay, spec, atMs, random));
  });
  return resources;
}

/** Completion times (oldest first) that give the target state now, or the nearest the stay allows. */
function seededTimes(
  random: SeededRandom,
  spec: KeyAssessmentSpec,
  target: Target,
  admittedMs: number,
  nowMs: number,
): number[] {
  const firstDueMs = admittedMs + spec.firstDueHours * HOUR;
  const every = spec.everyHours * HOUR;
  const day = 24 * HOUR;
  const within = (from: number, to: number): number | null => {
    const lo = Math.max(from, admittedMs);
    const hi = Math.min(to, nowMs);
    return lo <= hi ? random.between(lo, hi) : null;
  };
  let latest: number | null = null;
  if (target === 'overdue') {
    // Never done past the first due time, or the last one more than a cycle ago.
    if (firstDueMs < nowMs && (random.chance(0.5) || nowMs - admittedMs < every)) return [];
    latest = within(nowMs - every - 3 * day, nowMs - every - HOUR);
  } else if (target === 'due-soon') {
    if (firstDueMs >= nowMs && firstDueMs <= nowMs + day) return [];
    latest = within(nowMs - every + HOUR, nowMs - every + day - HOUR);
  }
  if (latest === null) {
    // Up to date: not yet due for the first time, or done within the last cycle less a day.
    if (firstDueMs > nowMs + day && random.chance(0.5)) return [];
    latest = within(nowMs - every + day, nowMs) ?? nowMs;
  }
  const earlier = latest - random.between(0.85, 1) * every;
  // Only some earlier ones: every resource costs seeding time on a 200-ward trust.
  return earlier >= admittedMs && random.chance(0.3) ? [earlier, latest] : [latest];
}

/**
 * One step for a stay: an assessment due within 12 h or overdue is likely done now; a neglected one
 * rarely; one not yet due only now and then (a reassessment after a change). Older ones are trimmed.
 */
export async function evolveKeyAssessments(
  state: TrustState,
  stay: AssessedStay,
  onLeave: boolean,
  admittedMs: number,
  nowMs: number,
  remove: (resourceType: string, id: string) => Promise<void>,
): Promise<Resource[]> {
  const course = stay.keyAssessments;
  if (course === undefined || onLeave) return [];
  const random = rngFor(state, stay.encounterId, 1000 + state.step);
  const writes: Resource[] = [];
  for (const spec of KEY_ASSESSMENTS[stay.profile]) {
    const last = course.lastMs[spec.key] ?? null;
    const dueMs = last === null ? admittedMs + spec.firstDueHours * HOUR : last + spec.everyHours * HOUR;
    const chance = course.neglected.has(spec.key)
      ? 0.004
      : nowMs >= dueMs
        ? 0.06
        : nowMs >= dueMs - 12 * HOUR
          ? 0.04
          : 0.002;
    if (!random.chance(chance)) continue;
    course.neglected.delete(spec.key);
    writes.push(complete(state, stay, spec, nowMs, random));
    const ids = course.ids[spec.key] ?? [];
    while (ids.length > KEY_ASSESSMENTS_KEPT) {
      const id = ids.shift() as string;
      const type = spec.procedure === undefined ? 'QuestionnaireResponse' : 'Procedure';
      stay.owned.delete(`${type}/${id}`);
      await remove(type, id);
    }
  }
  return writes;
}

function complete(
  state: TrustState,
  stay: AssessedStay,
  spec: KeyAssessmentSpec,
  atMs: number,
  random: SeededRandom,
): Resource {
  const course = stay.keyAssessments as KeyAssessmentCourse;
  const type = spec.procedure === undefined ? 'QuestionnaireResponse' : 'Procedure';
  const id = state.ids.next(spec.procedure === undefined ? 'questionnaire' : 'procedure');
  stay.owned.add(`${type}/${id}`);
  (course.ids[spec.key] ??= []).push(id);
  course.lastMs[spec.key] = atMs;
  const at = isoInstant(atMs);
  return spec.procedure === undefined
    ? mustResponse(
        id,
        stay,
        at,
        random.weighted<number>([
          [0, 70],
          [1, 18],
          [2, 9],
          [3, 3],
        ]),
      )
    : procedure(id, stay, spec, spec.procedure, at);
}

function procedure(
  id: string,
  stay: AssessedStay,
  spec: KeyAssessmentSpec,
  coding: { system: string; code: string },
  at: string,
): Procedure {
  return {
    resourceType: 'Procedure',
    id,
    status: 'completed',
    code: { coding: [{ ...coding, display: spec.display }], text: spec.display },
    subject: { reference: `Patient/${stay.patientId}` },
    encounter: { reference: `Encounter/${stay.encounterId}` },
    performedDateTime: at,
  };
}

function mustResponse(id: string, stay: AssessedStay, at: string, score: number): QuestionnaireResponse {
  return {
    resourceType: 'QuestionnaireResponse',
    id,
    questionnaire: MUST_QUESTIONNAIRE,
    status: 'completed',
    subject: { reference: `Patient/${stay.patientId}` },
    encounter: { reference: `Encounter/${stay.encounterId}` },
    authored: at,
    item: [{ linkId: 'must-score', text: 'MUST total score', answer: [{ valueInteger: score }] }],
  };
}
