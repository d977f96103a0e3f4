/**
 * VTE risk assessment and prophylaxis (issue 15 item 3: M-BRACE's blood thinners). NICE NG89 asks
 * for every admitted patient's risk of venous thromboembolism to be assessed as soon as possible after
 * admission, and NHS England's VTE data collection counts it done within 14 hours; where the
 * assessment calls for it (the risk of VTE outweighs the risk of bleeding), pharmacological
 * prophylaxis is prescribed.
 *
 * Read from:
 * - the assessment: a `RiskAssessment`, `Procedure` or `Observation` whose code is a VTE assessment
 *   code, or a `QuestionnaireResponse` to a VTE questionnaire (done when completed, final or amended);
 * - its outcome: an outcome code (indicated, not indicated, contraindicated) on
 *   `RiskAssessment.prediction.outcome`, `Procedure.outcome`, `Observation.valueCodeableConcept` or a
 *   questionnaire answer; or `prediction.qualitativeRisk` (HL7 risk-probability: high or moderate =
 *   indicated, low or negligible = not indicated);
 * - prophylaxis: an active `MedicationRequest` whose medication is one of the configured codes, or
 *   names one of the configured medicines in its text or display (EPRs send dm+d codes, local codes
 *   and free text: the name is what they share).
 *
 * Times are elapsed time: 14 hours after an admission at 00:30 BST on the day the clocks go back is
 * 13:30 GMT on the wall clock. Pure.
 */
import type {
  MedicationRequest,
  Observation,
  Procedure,
  QuestionnaireResponse,
  RiskAssessment,
} from '@medplum/fhirtypes';
import type { VteOnBoard, WardProfile } from '../ward.types.js';
import {
  arr,
  conceptText,
  isObject,
  observationTime,
  parseTime,
  str,
  withAdded,
  hasAnyCode,
} from './observation-rules.js';

export const VTE_SYSTEM = 'https://fhir.wardflow.org/CodeSystem/vte';
const RISK_PROBABILITY = 'http://terminology.hl7.org/CodeSystem/risk-probability';

export interface VteRules {
  /** Codes ("system|code") of a VTE risk assessment (RiskAssessment, Procedure or Observation code). */
  assessmentCodes: readonly string[];
  /** Questionnaire canonical URLs of the trust's VTE risk assessment form. */
  assessmentQuestionnaires: readonly string[];
  /** Outcome codes: prophylaxis indicated, not indicated, or contraindicated (bleeding risk). */
  indicatedCodes: readonly string[];
  notIndicatedCodes: readonly string[];
  contraindicatedCodes: readonly string[];
  /** Medication codes of pharmacological prophylaxis (dm+d, SNOMED or local). */
  prophylaxisCodes: readonly string[];
  /** Medicine names matched as whole words in a MedicationRequest's text or display, case-insensitive. */
  prophylaxisNames: readonly string[];
  /** Hours after admission by which the assessment is due (14 by NHS England's measure). */
  withinHours: number;
  /** The ward profiles whose patients are assessed (acute by default; a trust adds mental health). */
  profiles: readonly WardProfile[];
}

const local = (code: string) => `${VTE_SYSTEM}|${code}`;

export const DEFAULT_VTE_RULES: VteRules = Object.freeze({
  assessmentCodes: Object.freeze([local('vte-risk-assessment')]),
  assessmentQuestionnaires: Object.freeze(['https://fhir.wardflow.org/Questionnaire/vte-risk-assessment']),
  indicatedCodes: Object.freeze([local('prophylaxis-indicated')]),
  notIndicatedCodes: Object.freeze([local('prophylaxis-not-indicated')]),
  contraindicatedCodes: Object.freeze([local('prophylaxis-contraindicated')]),
  prophylaxisCodes: Object.freeze([local('pharmacological-prophylaxis')]),
  // Low molecular weight heparins, unfractionated heparin, fondaparinux and the DOACs licensed for it.
  prophylaxisNames: Object.freeze([
    'enoxaparin',
    'dalteparin',
    'tinzaparin',
    'heparin',
    'fondaparinux',
    'apixaban',
    'rivaroxaban',
    'dabigatran',
  ]),
  withinHours: 14,
  profiles: Object.freeze(['acute'] as WardProfile[]),
});

export interface VteConfig {
  assessmentCodes?: readonly string[];
  assessmentQuestionnaires?: readonly string[];
  indicatedCodes?: readonly string[];
  notIndicatedCodes?: readonly string[];
  contraindicatedCodes?: readonly string[];
  prophylaxisCodes?: readonly string[];
  prophylaxisNames?: readonly string[];
  withinHours?: number;
  profiles?: readonly WardProfile[];
}

export function vteRulesWith(extra: VteConfig): VteRules {
  const d = DEFAULT_VTE_RULES;
  return {
    assessmentCodes: withAdded(d.assessmentCodes, extra.assessmentCodes),
    assessmentQuestionnaires: withAdded(d.assessmentQuestionnaires, extra.assessmentQuestionnaires),
    indicatedCodes: withAdded(d.indicatedCodes, extra.indicatedCodes),
    notIndicatedCodes: withAdded(d.notIndicatedCodes, extra.notIndicatedCodes),
    contraindicatedCodes: withAdded(d.contraindicatedCodes, extra.contraindicatedCodes),
    prophylaxisCodes: withAdded(d.prophylaxisCodes, extra.prophylaxisCodes),
    prophylaxisNames: withAdded(
      d.prophylaxisNames,
      (extra.prophylaxisNames ?? []).map((n) => n.toLowerCase()),
    ),
    withinHours: extra.withinHours ?? d.withinHours,
    profiles: extra.profiles ?? d.profiles,
  };
}

const HOUR_MS = 3_600_000;
const SKEW_MS = 5 * 60_000;
const DONE = new Set(['final', 'amended', 'corrected', 'completed']);

type Outcome = VteOnBoard['outcome'];

/** One assessment done: when, and what it concluded (null when it does not say). */
interface Done {
  at: number;
  outcome: Outcome;
}

function outcomeOf(concepts: unknown[], rules: VteRules): Outcome {
  for (const concept of concepts) {
    if (hasAnyCode(concept, rules.contraindicatedCodes)) return 'contraindicated';
    if (hasAnyCode(concept, rules.indicatedCodes)) return 'indicated';
    if (hasAnyCode(concept, rules.notIndicatedCodes)) return 'not-indicated';
  }
  return null;
}

function qualitativeOutcome(prediction: Record<string, unknown>): Outcome {
  const risk = arr<unknown>(isObject(prediction.qualitativeRisk) ? prediction.qualitativeRisk.coding : [])
    .filter(isObject)
    .filter((c) => c.system === RISK_PROBABILITY)
    .map((c) => str(c.code))[0];
  if (risk === 'high' || risk === 'moderate' || risk === 'certain') return 'indicated';
  if (risk === 'low' || risk === 'negligible') return 'not-indicated';
  return null;
}

/** The assessment a resource records, or null when it is not a done VTE assessment. */
function assessmentOf(
  resource: RiskAssessment | Procedure | Observation | QuestionnaireResponse,
  rules: VteRules,
): { at: number | null; outcome: Outcome } | null {
  if (!isObject(resource) || !DONE.has(str(resource.status) ?? '')) return null;
  switch (resource.resourceType) {
    case 'RiskAssessment': {
      if (!hasAnyCode(resource.code, rules.assessmentCodes)) return null;
      const predictions = arr<unknown>(resource.prediction).filter(isObject);
      const outcome =
        outcomeOf(
          predictions.map((p) => p.outcome),
          rules,
        ) ??
        predictions.map(qualitativeOutcome).find((o) => o !== null) ??
        null;
      const period: unknown = resource.occurrencePeriod;
      return {
        at: parseTime(resource.occurrenceDateTime) ?? (isObject(period) ? parseTime(period.end ?? period.start) : null),
        outcome,
      };
    }
    case 'Procedure': {
      if (!hasAnyCode(resource.code, rules.assessmentCodes)) return null;
      const period: unknown = resource.performedPeriod;
      return {
        at: parseTime(resource.performedDateTime) ?? (isObject(period) ? parseTime(period.end ?? period.start) : null),
        outcome: outcomeOf([resource.outcome, ...arr<unknown>(resource.followUp)], rules),
      };
    }
    case 'Observation': {
      if (!hasAnyCode(resource.code, rules.assessmentCodes)) return null;
      return { at: observationTime(resource), outcome: outcomeOf([resource.valueCodeableConcept], rules) };
    }
    case 'QuestionnaireResponse': {
      const q = str(resource.questionnaire)?.split('|')[0] ?? null;
      if (q === null || !rules.assessmentQuestionnaires.includes(q)) return null;
      // The form's outcome is an answer coded with an outcome code, at any depth.
      const answers: unknown[] = [];
      const walk = (items: unknown) => {
        for (const item of arr<unknown>(items).filter(isObject)) {
          for (const answer of arr<unknown>(item.answer).filter(isObject)) {
            answers.push(answer.valueCoding === undefined ? undefined : { coding: [answer.valueCoding] });
            walk(answer.item);
          }
          walk(item.item);
        }
      };
      walk(resource.item);
      return { at: parseTime(resource.authored), outcome: outcomeOf(answers, rules) };
    }
    default:
      return null;
  }
}

const wordsOf = (concept: unknown): string[] => {
  if (!isObject(concept)) return [];
  const displays = arr<unknown>(concept.coding)
    .filter(isObject)
    .map((c) => str(c.display))
    .filter((d): d is string => d !== null);
  return [...(str(concept.text) === null ? [] : [str(concept.text) as string]), ...displays];
};

/** The medicine a prophylaxis order is for (its words), or null when it is not one. */
function prophylaxisOf(request: MedicationRequest, rules: VteRules): string | null {
  if (!isObject(request) || request.status !== 'active' || request.doNotPerform === true) return null;
  const concept: unknown = request.medicationCodeableConcept;
  const reference: unknown = request.medicationReference;
  const words = [
    ...wordsOf(concept),
    ...(isObject(reference) && str(reference.display) !== null ? [str(reference.display) as string] : []),
  ];
  const named = rules.prophylaxisNames.find((name) =>
    words.some((w) => new RegExp(`\\b${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i').test(w)),
  );
  if (!hasAnyCode(concept, rules.prophylaxisCodes) && named === undefined) return null;
  return conceptText(concept) ?? (named === undefined ? 'prophylaxis' : named[0]?.toUpperCase() + named.slice(1));
}

/**
 * A patient's VTE status at `now`: the assessment (due 14 hours after admission, done in time, late,
 * or not yet), its outcome, and prophylaxis prescribed. Null when there is no admission time and no
 * assessment recorded (nothing can be said), never "fine".
 */
export function vteStatus(
  records: {
    admittedAt: string | null;
    assessments: ReadonlyArray<RiskAssessment | Procedure | Observation | QuestionnaireResponse>;
    /** Null when the server's MedicationRequests are not read: prophylaxis is then unknown, not absent. */
    medicationRequests: readonly MedicationRequest[] | null;
  },
  rules: VteRules,
  now: number,
): VteOnBoard {
  const admitted = parseTime(records.admittedAt);
  const dueAt = admitted === null ? null : admitted + rules.withinHours * HOUR_MS;
  const done: Done[] = [];
  let unreadable = 0;
  for (const resource of arr<RiskAssessment | Procedure | Observation | QuestionnaireResponse>(records.assessments)) {
    const found = assessmentOf(resource, rules);
    if (found === null) continue;
    if (found.at === null || found.at > now + SKEW_MS) unreadable++;
    else done.push({ at: found.at, outcome: found.outcome });
  }
  done.sort((a, b) => a.at - b.at);
  // The first assessment of the stay decides "in time"; the newest one's outcome is the one in force.
  const first = done[0] ?? null;
  const newest = done.at(-1) ?? null;
  const state: VteOnBoard['assessment']['state'] =
    first !== null
      ? dueAt === null || first.at <= dueAt
        ? 'done'
        : 'done-late'
      : dueAt === null
        ? 'unknown'
        : now > dueAt
          ? 'overdue'
          : 'due';
  const medicines = arr<MedicationRequest>(records.medicationRequests ?? [])
    .map((r) => ({ medication: prophylaxisOf(r, rules), at: isObject(r) ? parseTime(r.authoredOn) : null }))
    .filter((p): p is { medication: string; at: number | null } => p.medication !== null)
    .sort((a, b) => (b.at ?? -Infinity) - (a.at ?? -Infinity));
  const prescribed = medicines[0] ?? null;
  return {
    assessment: {
      dueAt: dueAt === null ? null : new Date(dueAt).toISOString(),
      doneAt: first === null ? null : new Date(first.at).toISOString(),
      state,
    },
    outcome: newest?.outcome ?? null,
    prophylaxis:
      prescribed === null
        ? null
        : {
            medication: prescribed.medication,
            prescribedAt: prescribed.at === null ? null : new Date(prescribed.at).toISOString(),
          },
    ...(records.medicationRequests === null ? { prophylaxisNotRead: true } : {}),
    ...(unreadable > 0 ? { unreadable } : {}),
  };
}
