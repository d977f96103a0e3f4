/**
 * Observation plans (docs/design.md section 7): how often a patient's NEWS2 observations are due by
 * their own plan, and sets recorded as not done. Mental-health wards plan physical observations per
 * patient (daily, weekly) and patients may refuse them; timing everyone on the national default
 * would fill those boards with "OVERDUE" that nobody acts on, and hide the one that matters.
 *
 * Where a plan comes from (the newest recorded wins):
 * - a CarePlan activity (`activity.detail.code` one of the plan codes, `scheduledTiming`);
 * - a ServiceRequest for the observations (`code`, `occurrenceTiming`);
 * - an Observation of the frequency (`code` one of the frequency codes, `valueQuantity` the interval
 *   in UCUM min, h or d).
 * `doNotPerform` on the activity or request means observations are stopped (end of life care); the
 * reason is its `reasonCode` text.
 *
 * A set not done is a NEWS2 total or vital-signs panel Observation with a `dataAbsentReason` and no
 * value (status final, or cancelled): asked-declined is "refused", not-performed, not-applicable and
 * not-permitted are "not appropriate" (asleep, distressed, off the ward). The next set is then due
 * one interval after it, as Open eObs does, never sooner than the score's interval says.
 *
 * Safety rule: a plan may make observations more frequent at any score, but less frequent than the
 * national NEWS2 interval only while the score is low (0-4, no single parameter 3). A plan written
 * for a stable patient must not let a deteriorating one go 24 hours unobserved.
 */
import type { CarePlan, Observation, ServiceRequest } from '@medplum/fhirtypes';
import type { News2Band, ObservationScheduleOnBoard } from '../ward.types.js';
import { news2FrequencyMinutes } from '../news2.js';
import { NEWS2_CODES } from './news2-from-fhir.js';
import { SYSTEMS } from './fhir-codes.js';
import {
  LOINC,
  arr,
  codeTokens,
  compareVersions,
  conceptText,
  isObject,
  num,
  observationTime,
  parseTime,
  str,
  withAdded,
  hasAnyCode,
} from './observation-rules.js';

export const OBSERVATION_PLAN_SYSTEM = 'https://fhir.wardflow.org/CodeSystem/observation-plan';
export const DATA_ABSENT_REASON = 'http://terminology.hl7.org/CodeSystem/data-absent-reason';
/** LOINC 85353-1 "Vital signs, weight, height, head circumference, oxygen saturation and BMI panel". */
export const VITAL_SIGNS_PANEL = '85353-1';

export interface ObservationPlanRules {
  /** Codes ("system|code") that name NEWS2 observations in a CarePlan activity or a ServiceRequest. */
  planCodes: readonly string[];
  /** Observation codes whose value is the planned interval between sets. */
  frequencyCodes: readonly string[];
}

export const DEFAULT_OBSERVATION_PLAN_RULES: ObservationPlanRules = Object.freeze({
  planCodes: Object.freeze([
    `${OBSERVATION_PLAN_SYSTEM}|news2-observations`,
    `${SYSTEMS.snomed}|${NEWS2_CODES.total}`,
    `${LOINC}|${VITAL_SIGNS_PANEL}`,
  ]),
  frequencyCodes: Object.freeze([`${OBSERVATION_PLAN_SYSTEM}|news2-frequency`]),
});

export function observationPlanRulesWith(extra: Partial<ObservationPlanRules>): ObservationPlanRules {
  return {
    planCodes: withAdded(DEFAULT_OBSERVATION_PLAN_RULES.planCodes, extra.planCodes),
    frequencyCodes: withAdded(DEFAULT_OBSERVATION_PLAN_RULES.frequencyCodes, extra.frequencyCodes),
  };
}

/** Plans more often than every 15 minutes or rarer than fortnightly are not plans a board can time. */
export const PLAN_MIN_MINUTES = 15;
export const PLAN_MAX_MINUTES = 14 * 24 * 60;
/** A set refused before any NEWS2 was recorded, with no plan: next due in 4 h (the RCP's 1-4 interval). */
export const UNSCORED_RETRY_MINUTES = 4 * 60;

export type PlanSource = 'care-plan' | 'service-request' | 'observation';

/** One plan as read: an interval, or stopped; or a reason it could not be read. */
export type ObservationPlan =
  | {
      ok: true;
      source: PlanSource;
      recordedAt: number | null;
      everyMinutes: number | null;
      stopped: boolean;
      reason: string | null;
    }
  | { ok: false; source: PlanSource; recordedAt: number | null; problem: string };

export interface NotDoneSet {
  at: number;
  reason: 'refused' | 'not-appropriate';
  /** The Observation's note or dataAbsentReason text, when recorded. */
  note: string | null;
}

const UNIT_MINUTES: Readonly<Record<string, number>> = {
  s: 1 / 60,
  min: 1,
  h: 60,
  d: 24 * 60,
  wk: 7 * 24 * 60,
};

/** HL7 v3 GTSAbbreviation codes trusts' prescribing systems put in Timing.code. */
const TIMING_CODES: Readonly<Record<string, number>> = {
  QD: 24 * 60,
  BID: 12 * 60,
  TID: 8 * 60,
  QID: 6 * 60,
  Q1H: 60,
  Q2H: 120,
  Q3H: 180,
  Q4H: 240,
  Q6H: 360,
  Q8H: 480,
  Q12H: 720,
  QOD: 48 * 60,
  WK: 7 * 24 * 60,
};

/** Minutes between sets from a FHIR Timing, or a problem. `repeat` wins over `code` when both are sent. */
export function timingInterval(timing: unknown): { minutes: number } | { problem: string } {
  if (!isObject(timing)) return { problem: 'no timing' };
  const repeat = timing.repeat;
  if (isObject(repeat) && (repeat.period !== undefined || repeat.periodUnit !== undefined)) {
    const period = num(repeat.period);
    const unit = UNIT_MINUTES[str(repeat.periodUnit) ?? ''];
    const frequency = repeat.frequency === undefined ? 1 : num(repeat.frequency);
    if (period === null || period <= 0 || unit === undefined || frequency === null || frequency <= 0)
      return { problem: 'timing repeat unreadable' };
    return bounded((period * unit) / frequency);
  }
  const codes = isObject(timing.code)
    ? arr<unknown>(timing.code.coding)
        .filter(isObject)
        .map((c) => TIMING_CODES[str(c.code) ?? ''])
        .filter((m): m is number => m !== undefined)
    : [];
  if (codes.length > 0) return bounded(codes[0] as number);
  return { problem: 'timing has no repeat period' };
}

function bounded(minutes: number): { minutes: number } | { problem: string } {
  if (!Number.isFinite(minutes) || minutes < PLAN_MIN_MINUTES || minutes > PLAN_MAX_MINUTES)
    return { problem: `interval of ${Math.round(minutes)} min is outside 15 min to 14 days` };
  return { minutes: Math.round(minutes) };
}

function planFrom(
  source: PlanSource,
  recordedAt: number | null,
  doNotPerform: unknown,
  timing: unknown,
  reasons: unknown,
): ObservationPlan {
  if (doNotPerform === true)
    return { ok: true, source, recordedAt, everyMinutes: null, stopped: true, reason: conceptText(reasons) };
  const interval = timingInterval(timing);
  if ('problem' in interval) return { ok: false, source, recordedAt, problem: interval.problem };
  return { ok: true, source, recordedAt, everyMinutes: interval.minutes, stopped: false, reason: null };
}

const inForce = (period: unknown, now: number): boolean => {
  if (!isObject(period)) return true;
  const start = parseTime(period.start);
  const end = parseTime(period.end);
  if (period.start !== undefined && start === null) return false;
  if (period.end !== undefined && end === null) return false;
  return (start === null || start <= now) && (end === null || end > now);
};

const CLOSED_ACTIVITY = new Set(['cancelled', 'stopped', 'completed', 'entered-in-error']);

/** Plans from active care plans' activities for NEWS2 observations. */
function carePlanPlans(plans: readonly CarePlan[], rules: ObservationPlanRules, now: number): ObservationPlan[] {
  const found: ObservationPlan[] = [];
  for (const plan of arr<CarePlan>(plans).filter(isObject)) {
    if (plan.status !== 'active' || !inForce(plan.period, now)) continue;
    const recordedAt = parseTime(plan.created) ?? parseTime(isObject(plan.period) ? plan.period.start : undefined);
    for (const activity of arr<unknown>(plan.activity).filter(isObject)) {
      const detail = activity.detail;
      if (!isObject(detail) || !hasAnyCode(detail.code, rules.planCodes)) continue;
      if (CLOSED_ACTIVITY.has(str(detail.status) ?? '')) continue;
      found.push(planFrom('care-plan', recordedAt, detail.doNotPerform, detail.scheduledTiming, detail.reasonCode));
    }
  }
  return found;
}

function serviceRequestPlans(
  requests: readonly ServiceRequest[],
  rules: ObservationPlanRules,
  now: number,
): ObservationPlan[] {
  return arr<ServiceRequest>(requests)
    .filter(isObject)
    .filter((r) => r.status === 'active' && hasAnyCode(r.code, rules.planCodes))
    .filter((r) => inForce(r.occurrencePeriod, now))
    .map((r) => planFrom('service-request', parseTime(r.authoredOn), r.doNotPerform, r.occurrenceTiming, r.reasonCode));
}

const FINAL = new Set(['final', 'amended', 'corrected']);

function frequencyObservationPlans(
  observations: readonly Observation[],
  rules: ObservationPlanRules,
  now: number,
): ObservationPlan[] {
  return latestVersions(observations)
    .filter((o) => FINAL.has(str(o.status) ?? '') && hasAnyCode(o.code, rules.frequencyCodes))
    .map((o): ObservationPlan => {
      const recordedAt = observationTime(o);
      if (recordedAt === null || recordedAt > now)
        return { ok: false, source: 'observation', recordedAt: null, problem: 'no readable time' };
      const q = o.valueQuantity;
      const value = isObject(q) ? num(q.value) : null;
      const unit = isObject(q) ? UNIT_MINUTES[str(q.code) ?? str(q.unit) ?? ''] : undefined;
      if (value === null || unit === undefined || value <= 0)
        return { ok: false, source: 'observation', recordedAt, problem: 'frequency not a quantity in min, h or d' };
      const interval = bounded(value * unit);
      return 'problem' in interval
        ? { ok: false, source: 'observation', recordedAt, problem: interval.problem }
        : { ok: true, source: 'observation', recordedAt, everyMinutes: interval.minutes, stopped: false, reason: null };
    });
}

/** The latest version of each observation (by id), dropping entered-in-error. */
function latestVersions(observations: readonly Observation[]): Observation[] {
  const byId = new Map<string, Observation>();
  const withoutId: Observation[] = [];
  for (const o of arr<Observation>(observations).filter(isObject)) {
    const id = str(o.id);
    if (id === null) withoutId.push(o);
    else {
      const previous = byId.get(id);
      if (previous === undefined || compareVersions(o, previous) > 0) byId.set(id, o);
    }
  }
  return [...byId.values(), ...withoutId].filter((o) => o.status !== 'entered-in-error');
}

/**
 * The plan in force: the newest recorded among every source (a plan with no recorded time counts
 * as oldest). Returns the unreadable newest plan too, so the screen can say the plan could not be read.
 */
export function currentObservationPlan(
  records: {
    carePlans: readonly CarePlan[];
    serviceRequests: readonly ServiceRequest[];
    observations: readonly Observation[];
  },
  rules: ObservationPlanRules,
  now: number,
): ObservationPlan | null {
  const all = [
    ...carePlanPlans(records.carePlans, rules, now),
    ...serviceRequestPlans(records.serviceRequests, rules, now),
    ...frequencyObservationPlans(records.observations, rules, now),
  ];
  const rank = (p: ObservationPlan) => p.recordedAt ?? -Infinity;
  // A stopped plan wins a tie: stopping observations is the deliberate act.
  const stoppedFirst = (p: ObservationPlan) => (p.ok && p.stopped ? 1 : 0);
  return all.sort((a, b) => rank(b) - rank(a) || stoppedFirst(b) - stoppedFirst(a))[0] ?? null;
}

const REFUSED = new Set(['asked-declined']);
const NOT_APPROPRIATE = new Set(['not-performed', 'not-applicable', 'not-permitted']);

/** Whether an observation is a NEWS2 set (total or vital-signs panel) recorded as not done. */
export function isNotDoneSet(o: Observation): boolean {
  return notDoneReason(o) !== null;
}

function notDoneReason(o: Observation): NotDoneSet['reason'] | null {
  if (!isObject(o)) return null;
  const codes = codeTokens(o.code);
  if (!codes.has(`${SYSTEMS.snomed}|${NEWS2_CODES.total}`) && !codes.has(`${LOINC}|${VITAL_SIGNS_PANEL}`)) return null;
  if (o.valueQuantity !== undefined || o.valueInteger !== undefined) return null;
  const absent = arr<unknown>(isObject(o.dataAbsentReason) ? o.dataAbsentReason.coding : [])
    .filter(isObject)
    .filter((c) => c.system === DATA_ABSENT_REASON)
    .map((c) => str(c.code) ?? '');
  if (absent.some((c) => REFUSED.has(c))) return 'refused';
  if (absent.some((c) => NOT_APPROPRIATE.has(c))) return 'not-appropriate';
  return null;
}

/** The newest set recorded as not done (final or cancelled, at a readable time not in the future). */
export function latestNotDoneSet(observations: readonly Observation[], now: number): NotDoneSet | null {
  let latest: NotDoneSet | null = null;
  for (const o of latestVersions(observations)) {
    if (!FINAL.has(str(o.status) ?? '') && o.status !== 'cancelled') continue;
    const reason = notDoneReason(o);
    const at = observationTime(o);
    if (reason === null || at === null || at > now) continue;
    if (latest !== null && latest.at >= at) continue;
    const note =
      arr<unknown>(o.note)
        .filter(isObject)
        .map((n) => str(n.text))
        .find((t): t is string => t !== null && t.trim() !== '') ??
      (isObject(o.dataAbsentReason) ? str(o.dataAbsentReason.text) : null);
    latest = { at, reason, note: note ?? null };
  }
  return latest;
}

/**
 * When the next set is due, from the latest score (if any), the plan and the latest set not done.
 * `dueAt` is null when observations are stopped, or when there is no score, no plan and no set
 * recorded as not done (the board says "No NEWS2 recorded").
 */
export function observationSchedule(
  score: { score: number; band: News2Band; observedAt: string } | null,
  plan: ObservationPlan | null,
  notDone: NotDoneSet | null,
): ObservationScheduleOnBoard {
  const readable = plan !== null && plan.ok ? plan : null;
  const planOnBoard: ObservationScheduleOnBoard['plan'] =
    plan === null
      ? null
      : {
          source: plan.source,
          recordedAt: plan.recordedAt === null ? null : new Date(plan.recordedAt).toISOString(),
          everyMinutes: plan.ok ? plan.everyMinutes : null,
          stopped: plan.ok && plan.stopped,
          reason: plan.ok ? plan.reason : null,
          ...(plan.ok ? {} : { problem: plan.problem }),
        };
  const observedAt = score === null ? null : Date.parse(score.observedAt);
  // Only a set not done since the last full set moves the clock.
  const pending = notDone !== null && (observedAt === null || notDone.at > observedAt) ? notDone : null;
  const notDoneOnBoard =
    pending === null ? null : { at: new Date(pending.at).toISOString(), reason: pending.reason, note: pending.note };
  if (readable?.stopped === true)
    return { basis: 'stopped', everyMinutes: null, dueAt: null, plan: planOnBoard, notDone: notDoneOnBoard };

  const national = score === null ? null : news2FrequencyMinutes(score.score, score.band);
  const planned = readable?.everyMinutes ?? null;
  let everyMinutes: number | null;
  let basis: ObservationScheduleOnBoard['basis'];
  if (planned === null) {
    everyMinutes = national;
    basis = 'national';
  } else if (national === null || planned <= national || score?.band === 'low') {
    everyMinutes = planned;
    basis = 'plan';
  } else {
    everyMinutes = national;
    basis = 'national-over-plan';
  }
  if (everyMinutes === null && pending !== null) {
    everyMinutes = UNSCORED_RETRY_MINUTES;
    basis = 'national';
  }
  const from = Math.max(observedAt ?? -Infinity, pending?.at ?? -Infinity);
  const dueAt =
    everyMinutes === null || !Number.isFinite(from) ? null : new Date(from + everyMinutes * 60_000).toISOString();
  return { basis, everyMinutes, dueAt, plan: planOnBoard, notDone: notDoneOnBoard };
}
