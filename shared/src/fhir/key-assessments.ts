/**
 * Key assessments per patient (FHIR contract, "Key assessments"): when each configured assessment
 * was last done and when it is next due. A patient whose due time cannot be worked out is 'unknown',
 * never quietly fine, so the screen can show it as a data problem.
 */
import type { Observation } from '@medplum/fhirtypes';
import type { WardProfile } from '../ward.types.js';
import { SYSTEMS, WARD_CONTEXT } from './fhir-codes.js';
import { readDateTime } from './incidents.js';
import { arr, cmp, compareVersions, isObject, observationTime, str, type Rejection } from './observation-rules.js';
import type { KeyAssessmentStatus } from '../ward.types.js';

export interface KeyAssessmentRule {
  id: string;
  label: string;
  profiles: WardProfile[];
  /** "system|code", matched against Procedure.code and Observation.code. */
  codes: string[];
  /** Questionnaire canonical URLs (any "|version" on either side is ignored). */
  questionnaires: string[];
  firstDueHours: number;
  /** Null: once done, never due again. */
  repeatEveryHours: number | null;
}

export interface KeyAssessmentOptions {
  /** How far ahead of `now` a completion time may be (clock skew). Default 5 min. */
  futureSkewMs?: number;
  /** Due within this many hours counts as due soon. Default 24. */
  dueSoonHours?: number;
}

const HOUR_MS = 3_600_000;
const DEFAULT_SKEW_MS = 5 * 60_000;
const DEFAULT_DUE_SOON_HOURS = 24;
const WEEK_HOURS = 168;

/** The defaults the simulator publishes (FHIR contract). */
export const DEFAULT_KEY_ASSESSMENTS: readonly KeyAssessmentRule[] = Object.freeze([
  {
    id: 'risk-assessment',
    label: 'Risk assessment',
    profiles: ['mental-health'],
    codes: [`${SYSTEMS.snomed}|225338004`],
    questionnaires: [],
    firstDueHours: 24,
    repeatEveryHours: WEEK_HOURS,
  },
  {
    id: 'physical-health-check',
    label: 'Physical health check',
    profiles: ['mental-health'],
    codes: [`${WARD_CONTEXT.keyAssessmentSystem}|physical-health-check`],
    questionnaires: [],
    firstDueHours: 72,
    repeatEveryHours: WEEK_HOURS,
  },
  {
    id: 'falls-assessment',
    label: 'Falls risk assessment',
    profiles: ['acute'],
    codes: [`${WARD_CONTEXT.keyAssessmentSystem}|falls-risk-assessment`],
    questionnaires: [],
    firstDueHours: 6,
    repeatEveryHours: WEEK_HOURS,
  },
  {
    id: 'nutrition-screen',
    label: 'Nutrition screen (MUST)',
    profiles: ['acute'],
    codes: [],
    questionnaires: ['https://fhir.wardflow.org/Questionnaire/must'],
    firstDueHours: 24,
    repeatEveryHours: WEEK_HOURS,
  },
] satisfies KeyAssessmentRule[]);

/** The rules that apply to a ward of this profile, in configured order. */
export function rulesForProfile(rules: readonly KeyAssessmentRule[], profile: WardProfile): KeyAssessmentRule[] {
  return arr<KeyAssessmentRule>(rules).filter((r) => isObject(r) && arr<unknown>(r.profiles).includes(profile));
}

const PROCEDURE_DONE: ReadonlySet<string> = new Set(['completed']);
const RESPONSE_DONE: ReadonlySet<string> = new Set(['completed', 'amended']);
const OBSERVATION_DONE: ReadonlySet<string> = new Set(['final', 'amended', 'corrected']);

function withoutVersion(url: string): string {
  return url.split('|')[0] ?? '';
}

/** "system|code" pairs of a concept's codings. */
function codeKeys(concept: unknown): string[] {
  if (!isObject(concept)) return [];
  return arr<unknown>(concept.coding)
    .filter(isObject)
    .filter((c) => typeof c.system === 'string' && typeof c.code === 'string')
    .map((c) => `${c.system as string}|${c.code as string}`);
}

/** What a resource could count towards: its kind, status, match keys and completion time. */
interface Reading {
  statusOk: boolean;
  /** Codes ("system|code") or questionnaire URLs (without version) it matches on. */
  keys: string[];
  kind: 'code' | 'questionnaire';
  at: { at: number } | { problem: string };
}

function firstReadable(values: unknown[]): { at: number } | { problem: string } {
  let first: { problem: string } | null = null;
  for (const value of values) {
    if (value === undefined) continue;
    const read = readDateTime(value);
    if ('at' in read) return read;
    first ??= read;
  }
  return first ?? { problem: 'missing' };
}

function reading(resource: Record<string, unknown>): Reading | null {
  const status = str(resource.status) ?? '';
  switch (resource.resourceType) {
    case 'Procedure': {
      const period: unknown = resource.performedPeriod;
      const p = isObject(period) ? period : {};
      return {
        statusOk: PROCEDURE_DONE.has(status),
        keys: codeKeys(resource.code),
        kind: 'code',
        at: firstReadable([resource.performedDateTime, p.end, p.start]),
      };
    }
    case 'QuestionnaireResponse': {
      const q = str(resource.questionnaire);
      return {
        statusOk: RESPONSE_DONE.has(status),
        keys: q === null ? [] : [withoutVersion(q)],
        kind: 'questionnaire',
        at: firstReadable([resource.authored]),
      };
    }
    case 'Observation': {
      // The contract says to read effective[x] as observation-rules does everywhere else.
      const t = observationTime(resource as unknown as Observation);
      return {
        statusOk: OBSERVATION_DONE.has(status),
        keys: codeKeys(resource.code),
        kind: 'code',
        at: t === null ? { problem: 'missing' } : { at: t },
      };
    }
    default:
      return null;
  }
}

function matches(rule: KeyAssessmentRule, r: Reading): boolean {
  const wanted =
    r.kind === 'code'
      ? arr<unknown>(rule.codes)
      : arr<unknown>(rule.questionnaires).map((q) => (typeof q === 'string' ? withoutVersion(q) : q));
  return r.keys.some((k) => wanted.includes(k));
}

function iso(t: number): string | null {
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/**
 * Status of each rule for one encounter's Procedures, QuestionnaireResponses and Observations, in
 * rule order. Versions sharing a type and id are resolved first (later meta.lastUpdated wins), so a
 * completed procedure later marked entered-in-error no longer counts. Resources of another status
 * (not-done, in-progress, entered-in-error, preliminary) are ignored as not done; a matching done
 * resource with no readable time, or a time in the future beyond the skew, is rejected with a reason.
 * Rejection ids are "Type/id" since three resource types share the list.
 */
export function keyAssessmentsFor(
  rules: readonly KeyAssessmentRule[],
  resources: readonly unknown[],
  admittedAt: string | null,
  now: number,
  opts: KeyAssessmentOptions = {},
): { assessments: KeyAssessmentStatus[]; rejected: Rejection[] } {
  const skew = opts.futureSkewMs ?? DEFAULT_SKEW_MS;
  const dueSoonMs = (opts.dueSoonHours ?? DEFAULT_DUE_SOON_HOURS) * HOUR_MS;
  const ruleList = arr<KeyAssessmentRule>(rules).filter(isObject);
  const rejected: Rejection[] = [];

  const latest = new Map<string, Record<string, unknown>>();
  const withoutId: Array<Record<string, unknown>> = [];
  for (const resource of arr<unknown>(resources)) {
    if (!isObject(resource)) {
      rejected.push({ id: '(none)', reason: 'not a resource' });
      continue;
    }
    const id = str(resource.id);
    if (id === null || id === '') {
      withoutId.push(resource);
      continue;
    }
    const key = `${str(resource.resourceType) ?? '?'}/${id}`;
    const previous = latest.get(key);
    // compareVersions reads only meta and status, which these resources share in shape with Observation.
    if (
      previous === undefined ||
      compareVersions(resource as unknown as Observation, previous as unknown as Observation) > 0
    )
      latest.set(key, resource);
  }

  const doneAt = new Map<KeyAssessmentRule, number>();
  for (const resource of [...latest.values(), ...withoutId]) {
    const r = reading(resource);
    if (r === null || !r.statusOk) continue;
    const hits = ruleList.filter((rule) => matches(rule, r));
    if (hits.length === 0) continue;
    const id = `${str(resource.resourceType) ?? '?'}/${str(resource.id) ?? '(none)'}`;
    if ('problem' in r.at) {
      rejected.push({ id, reason: `completion time ${r.at.problem}` });
      continue;
    }
    if (r.at.at > now + skew) {
      rejected.push({ id, reason: 'completion time in the future' });
      continue;
    }
    for (const rule of hits) doneAt.set(rule, Math.max(doneAt.get(rule) ?? -Infinity, r.at.at));
  }

  // Read strictly: an admission time without a zone offset would otherwise be read in the server's zone.
  const admission = readDateTime(admittedAt);
  const admitted = 'at' in admission ? admission.at : null;
  const assessments = ruleList.map((rule): KeyAssessmentStatus => {
    const last = doneAt.get(rule) ?? null;
    const base = { id: str(rule.id) ?? '', label: str(rule.label) ?? '', lastDoneAt: last === null ? null : iso(last) };
    let due: number;
    if (last !== null) {
      if (rule.repeatEveryHours === null) return { ...base, dueAt: null, state: 'in-time' };
      due = last + rule.repeatEveryHours * HOUR_MS;
    } else {
      // Never done and no admission time: no way to know when it was due, so say so.
      if (admitted === null) return { ...base, dueAt: null, state: 'unknown' };
      due = admitted + rule.firstDueHours * HOUR_MS;
    }
    // A rule or admission time so far out that the due time is not a date at all is a data problem.
    const dueAt = iso(due);
    if (dueAt === null) return { ...base, dueAt: null, state: 'unknown' };
    const left = due - now;
    return { ...base, dueAt, state: left <= 0 ? 'overdue' : left <= dueSoonMs ? 'due-soon' : 'in-time' };
  });
  rejected.sort((a, b) => cmp(a.id, b.id) || cmp(a.reason, b.reason));
  return { assessments, rejected };
}
