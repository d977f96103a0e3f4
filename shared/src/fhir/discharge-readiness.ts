/**
 * Discharge readiness from FHIR (docs/design.md section 7). Neither R4 nor UK Core has an element for
 * it, so trusts record it as their EPR allows; this reads the shapes met in the field:
 *
 * - a readiness Observation (the daily "criteria to reside" review): `code` one of the readiness
 *   codes, `valueBoolean` (true = ready) or `valueCodeableConcept` (a ready or not-ready code), with
 *   optional `component`s for the ready date (`valueDateTime`), the pathway and reasons for delay;
 * - the same items as Observations of their own (a pathway Observation, a reason Observation);
 * - the discharge-ready date as an Encounter extension (the date NHS England's data sets carry);
 * - an open Task's `reasonCode` or `statusReason` coded with a reason for delay.
 *
 * Rules: the newest review decides ready or not ready. A ready patient's date is the recorded ready
 * date, else the Encounter's, else the day of the first "ready" review since they were last "not
 * ready". The pathway is the newest recorded in the stay. Reasons are those of the newest review (or
 * reason Observation) since the last "not ready", and of open Tasks; a patient who is not ready has
 * no reasons for delay. Anything recorded that cannot be read is returned as a problem for the card.
 */
import type { Encounter, Observation, Task } from '@medplum/fhirtypes';
import type { DischargeDelayReason, DischargePathway, DischargeReadinessOnBoard } from '../ward.types.js';
import { DISCHARGE_DELAY_REASONS } from '../ward.types.js';
import { londonDate } from '../london-time.js';
import { DISCHARGE_DELAY_REASON_TEXT } from '../discharge.js';
import {
  arr,
  codeTokens,
  conceptText,
  isObject,
  num,
  observationTime,
  parseTime,
  str,
  usableObservations,
  withAdded,
  hasAnyCode,
} from './observation-rules.js';
import { DELAY_KIND_SYSTEM } from './tasks-and-plans.js';

export const DISCHARGE_READINESS_SYSTEM = 'https://fhir.wardflow.org/CodeSystem/discharge-readiness';
export const DISCHARGE_PATHWAY_SYSTEM = 'https://fhir.wardflow.org/CodeSystem/discharge-pathway';
export const DISCHARGE_DELAY_REASON_SYSTEM = 'https://fhir.wardflow.org/CodeSystem/discharge-delay-reason';
export const DISCHARGE_READY_DATE_EXTENSION = 'https://fhir.wardflow.org/StructureDefinition/discharge-ready-date';

export interface DischargeReadinessRules {
  /** Observation (or component) codes whose value says ready or not ready. */
  readinessCodes: readonly string[];
  /** Value codes ("system|code") meaning no longer meets the criteria to reside (ready). */
  readyValues: readonly string[];
  /** Value codes meaning still meets the criteria to reside (not ready). */
  notReadyValues: readonly string[];
  /** Observation or component codes whose value is the discharge-ready date. */
  readyDateCodes: readonly string[];
  /** Observation or component codes whose value is the pathway. */
  pathwayCodes: readonly string[];
  /** Value codes of each pathway ("system|code" -> 0-3); integers 0-3 and "P1", "Pathway 1" are read as they are. */
  pathwayValues: ReadonlyMap<string, DischargePathway>;
  /** Observation or component codes whose value is a reason for delay. */
  delayReasonCodes: readonly string[];
  /** The trust's reason codes and the national reason each is ("system|code" -> reason). */
  delayReasons: ReadonlyMap<string, DischargeDelayReason>;
  /** Encounter extension URLs carrying the discharge-ready date, in order of preference. */
  readyDateExtensions: readonly string[];
}

const local = (code: string) => `${DISCHARGE_READINESS_SYSTEM}|${code}`;

export const DEFAULT_DISCHARGE_READINESS_RULES: DischargeReadinessRules = Object.freeze({
  readinessCodes: Object.freeze([local('discharge-readiness')]),
  readyValues: Object.freeze([local('ready')]),
  notReadyValues: Object.freeze([local('not-ready')]),
  readyDateCodes: Object.freeze([local('discharge-ready-date')]),
  pathwayCodes: Object.freeze([local('discharge-pathway')]),
  pathwayValues: new Map<string, DischargePathway>(
    ([0, 1, 2, 3] as const).map((p) => [`${DISCHARGE_PATHWAY_SYSTEM}|${p}`, p]),
  ),
  delayReasonCodes: Object.freeze([local('discharge-delay-reason')]),
  delayReasons: new Map<string, DischargeDelayReason>(
    DISCHARGE_DELAY_REASONS.map((r) => [`${DISCHARGE_DELAY_REASON_SYSTEM}|${r}`, r]),
  ),
  readyDateExtensions: Object.freeze([DISCHARGE_READY_DATE_EXTENSION]),
});

/** What a trust may add in WARDS_CONFIG `dischargeReadiness`: its codes beside the defaults. */
export interface DischargeReadinessConfig {
  readinessCodes?: readonly string[];
  readyValues?: readonly string[];
  notReadyValues?: readonly string[];
  readyDateCodes?: readonly string[];
  pathwayCodes?: readonly string[];
  pathwayValues?: Readonly<Record<string, DischargePathway>>;
  delayReasonCodes?: readonly string[];
  delayReasons?: Readonly<Record<string, DischargeDelayReason>>;
  readyDateExtensions?: readonly string[];
}

export function dischargeReadinessRulesWith(extra: DischargeReadinessConfig): DischargeReadinessRules {
  const d = DEFAULT_DISCHARGE_READINESS_RULES;
  return {
    readinessCodes: withAdded(d.readinessCodes, extra.readinessCodes),
    readyValues: withAdded(d.readyValues, extra.readyValues),
    notReadyValues: withAdded(d.notReadyValues, extra.notReadyValues),
    readyDateCodes: withAdded(d.readyDateCodes, extra.readyDateCodes),
    pathwayCodes: withAdded(d.pathwayCodes, extra.pathwayCodes),
    pathwayValues: new Map([...d.pathwayValues, ...Object.entries(extra.pathwayValues ?? {})]),
    delayReasonCodes: withAdded(d.delayReasonCodes, extra.delayReasonCodes),
    delayReasons: new Map([...d.delayReasons, ...Object.entries(extra.delayReasons ?? {})]),
    readyDateExtensions: withAdded(d.readyDateExtensions, extra.readyDateExtensions),
  };
}

/** Every Observation code the readiness is read from: the fetch keeps these beyond its 24 h look-back. */
export function dischargeObservationCodes(rules: DischargeReadinessRules): string[] {
  return [
    ...new Set([...rules.readinessCodes, ...rules.readyDateCodes, ...rules.pathwayCodes, ...rules.delayReasonCodes]),
  ];
}

/** One thing an Observation or one of its components says, at the Observation's time. */
type Fact =
  | { kind: 'status'; at: number; ready: boolean; readyDate: string | null }
  | { kind: 'date'; at: number; date: string }
  | { kind: 'pathway'; at: number; pathway: DischargePathway }
  | { kind: 'reason'; at: number; reason: DischargeDelayReason | null; text: string };

/** A date or date-time value as a London calendar day; null when unreadable. */
function dayOf(value: unknown): string | null {
  const s = str(value);
  if (s === null) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return parseTime(s) === null ? null : s;
  const t = parseTime(s);
  return t === null || !/^\d{4}-\d{2}-\d{2}T/.test(s) ? null : londonDate(t);
}

/** "1", "P1", "Pathway 1", "pathway-1": the ways a pathway is written where nobody coded it. */
function pathwayFromWords(value: string | null): DischargePathway | null {
  const match = value === null ? null : /^\s*(?:p(?:athway)?[\s-]*)?([0-3])\s*$/i.exec(value);
  return match === null ? null : (Number(match[1]) as DischargePathway);
}

interface ValueHolder {
  valueBoolean?: unknown;
  valueCodeableConcept?: unknown;
  valueDateTime?: unknown;
  valueDate?: unknown;
  valueInteger?: unknown;
  valueString?: unknown;
}

/** The facts one coded value holder (an Observation or a component) gives, or a problem saying why none. */
function factsOf(
  holder: ValueHolder & { code?: unknown },
  at: number,
  rules: DischargeReadinessRules,
  problems: string[],
): Fact[] {
  const facts: Fact[] = [];
  if (hasAnyCode(holder.code, rules.readinessCodes)) {
    const concept = holder.valueCodeableConcept;
    const ready =
      typeof holder.valueBoolean === 'boolean'
        ? holder.valueBoolean
        : hasAnyCode(concept, rules.readyValues)
          ? true
          : hasAnyCode(concept, rules.notReadyValues)
            ? false
            : null;
    if (ready === null) problems.push(`discharge readiness value not recognised (${describe(concept)})`);
    else facts.push({ kind: 'status', at, ready, readyDate: null });
  }
  if (hasAnyCode(holder.code, rules.readyDateCodes)) {
    const date = dayOf(holder.valueDateTime ?? holder.valueDate);
    if (date === null) problems.push('discharge-ready date unreadable');
    else facts.push({ kind: 'date', at, date });
  }
  if (hasAnyCode(holder.code, rules.pathwayCodes)) {
    const integer = num(holder.valueInteger);
    const tokens = [...codeTokens(holder.valueCodeableConcept)];
    const pathway =
      tokens.map((t) => rules.pathwayValues.get(t)).find((p) => p !== undefined) ??
      (integer !== null && [0, 1, 2, 3].includes(integer) ? (integer as DischargePathway) : null) ??
      pathwayFromWords(str(holder.valueString)) ??
      pathwayFromWords(conceptText(holder.valueCodeableConcept));
    if (pathway === null) problems.push(`discharge pathway not recognised (${describe(holder.valueCodeableConcept)})`);
    else facts.push({ kind: 'pathway', at, pathway });
  }
  if (hasAnyCode(holder.code, rules.delayReasonCodes)) {
    const reason = reasonOf(holder.valueCodeableConcept, rules) ?? reasonFromText(str(holder.valueString));
    if (reason === null) problems.push('reason for delay unreadable');
    else facts.push({ kind: 'reason', at, ...reason });
  }
  return facts;
}

/** A coded reason: the national one its code is mapped to, else its words as recorded (a local code). */
function reasonOf(
  concept: unknown,
  rules: DischargeReadinessRules,
): { reason: DischargeDelayReason | null; text: string } | null {
  if (!isObject(concept)) return null;
  const mapped = [...codeTokens(concept)].map((t) => rules.delayReasons.get(t)).find((r) => r !== undefined);
  if (mapped !== undefined)
    return { reason: mapped, text: conceptText(concept) ?? DISCHARGE_DELAY_REASON_TEXT[mapped].label };
  const words = conceptText(concept);
  return words === null ? null : { reason: null, text: words };
}

const reasonFromText = (text: string | null) =>
  text === null || text.trim() === '' ? null : { reason: null, text: text.trim() };

function describe(concept: unknown): string {
  const token = [...codeTokens(concept)][0];
  const text = token ?? conceptText(concept) ?? 'no code';
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * Reasons for delay on open Tasks (requested, accepted, in progress, on hold): a reason code mapped to
 * the national list on any Task, and any coded reason, mapped or not, on a Task coded as a discharge delay.
 */
function taskReasons(
  tasks: readonly Task[],
  rules: DischargeReadinessRules,
): Array<{ reason: DischargeDelayReason | null; text: string }> {
  const open = new Set(['requested', 'accepted', 'in-progress', 'on-hold']);
  return arr<Task>(tasks)
    .filter((t) => isObject(t) && open.has(str(t.status) ?? ''))
    .flatMap((t) => {
      const dischargeDelay = hasAnyCode(t.code, [`${DELAY_KIND_SYSTEM}|discharge`]);
      return [t.reasonCode, t.statusReason]
        .filter((c) => isObject(c) && (dischargeDelay || [...codeTokens(c)].some((k) => rules.delayReasons.has(k))))
        .map((c) => reasonOf(c, rules))
        .filter((r): r is NonNullable<typeof r> => r !== null);
    });
}

/** The Encounter's discharge-ready date, from the first configured extension that has a readable one. */
function encounterReadyDate(encounter: Encounter, rules: DischargeReadinessRules, problems: string[]): string | null {
  const extensions = arr<unknown>(isObject(encounter) ? encounter.extension : []).filter(isObject);
  for (const url of rules.readyDateExtensions) {
    const ext = extensions.find((e) => e.url === url);
    if (ext === undefined) continue;
    const date = dayOf(ext.valueDate ?? ext.valueDateTime);
    if (date !== null) return date;
    problems.push('discharge-ready date on the encounter unreadable');
  }
  return null;
}

/** What a patient's records say about discharge readiness at `now`, and what could not be read. */
export function dischargeReadiness(
  records: { encounter: Encounter; observations: readonly Observation[]; tasks: readonly Task[] },
  rules: DischargeReadinessRules,
  now: number,
): { readiness: DischargeReadinessOnBoard | null; problems: string[] } {
  const problems: string[] = [];
  const facts: Fact[] = [];
  // Most of a patient's observations are readings: one look at each code, against every code read here.
  const readHere = new Set(dischargeObservationCodes(rules));
  const relevant = (concept: unknown) => [...codeTokens(concept)].some((token) => readHere.has(token));
  for (const o of usableObservations(records.observations, now).accepted) {
    const at = observationTime(o);
    if (at === null || !relevant(o.code)) continue;
    const own = factsOf(o, at, rules, problems);
    // The items of one review travel as its components; a date in a component belongs to its status.
    const parts = arr<unknown>(o.component)
      .filter(isObject)
      .flatMap((c) => factsOf(c as ValueHolder & { code?: unknown }, at, rules, problems));
    const status = own.find((f) => f.kind === 'status');
    const date = parts.find((f) => f.kind === 'date');
    if (status !== undefined && status.kind === 'status' && status.ready && date !== undefined && date.kind === 'date')
      status.readyDate = date.date;
    facts.push(...own, ...parts);
  }
  const byTime = <T extends Fact>(list: T[]) => [...list].sort((a, b) => a.at - b.at);
  const statuses = byTime(facts.filter((f): f is Fact & { kind: 'status' } => f.kind === 'status'));
  const latest = statuses.at(-1) ?? null;
  const lastNotReady = [...statuses].reverse().find((s) => !s.ready)?.at ?? -Infinity;
  const fromEncounter = encounterReadyDate(records.encounter, rules, problems);

  let status: DischargeReadinessOnBoard['status'] = latest === null ? null : latest.ready ? 'ready' : 'not-ready';
  let readyDate: string | null = null;
  if (latest?.ready === true) {
    const datedLater = byTime(
      facts.filter((f): f is Fact & { kind: 'date' } => f.kind === 'date' && f.at > lastNotReady),
    );
    const firstReady = statuses.find((s) => s.ready && s.at > lastNotReady) ?? latest;
    const notBefore = lastNotReady === -Infinity ? null : londonDate(lastNotReady);
    readyDate =
      latest.readyDate ??
      datedLater.at(-1)?.date ??
      (fromEncounter !== null && (notBefore === null || fromEncounter >= notBefore) ? fromEncounter : null) ??
      londonDate(firstReady.at);
  } else if (latest === null && fromEncounter !== null) {
    // Only the Encounter records it: ready from that date.
    status = 'ready';
    readyDate = fromEncounter;
  }

  const pathways = byTime(facts.filter((f): f is Fact & { kind: 'pathway' } => f.kind === 'pathway'));
  const pathway = pathways.at(-1)?.pathway ?? null;

  const reasons: Array<{ reason: DischargeDelayReason | null; text: string }> = [];
  if (status === 'ready') {
    const recorded = facts.filter((f): f is Fact & { kind: 'reason' } => f.kind === 'reason' && f.at > lastNotReady);
    const newest = Math.max(...recorded.map((r) => r.at));
    reasons.push(...recorded.filter((r) => r.at === newest), ...taskReasons(records.tasks, rules));
  }
  const delayReasons = dedupeReasons(reasons);

  if (status === null && pathway === null && delayReasons.length === 0) return { readiness: null, problems };
  return {
    readiness: {
      status,
      readyDate,
      reviewedAt: latest === null ? null : new Date(latest.at).toISOString(),
      pathway,
      delayReasons,
    },
    problems: [...new Set(problems)],
  };
}

/** Each reason once (national ones by code, local ones by their words), national ones first in list order. */
function dedupeReasons(
  reasons: ReadonlyArray<{ reason: DischargeDelayReason | null; text: string }>,
): Array<{ reason: DischargeDelayReason | null; text: string }> {
  const seen = new Map<string, { reason: DischargeDelayReason | null; text: string }>();
  for (const r of reasons) {
    const key = r.reason ?? `local:${r.text.toLowerCase()}`;
    if (!seen.has(key)) seen.set(key, { reason: r.reason, text: r.text });
  }
  const order = (r: { reason: DischargeDelayReason | null }) =>
    r.reason === null ? DISCHARGE_DELAY_REASONS.length : DISCHARGE_DELAY_REASONS.indexOf(r.reason);
  return [...seen.values()].sort((a, b) => order(a) - order(b) || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
}
