/**
 * Which Observations may be used at all (docs/design.md section 8, CS-7). FHIR feeds carry withdrawn,
 * provisional, superseded, future-dated and mis-united readings; each one refused here is counted by
 * reason so the data-quality view can show why, and nothing downstream ever scores from it.
 *
 * Every reader in this folder is written against untrusted JSON: a field typed as a string may be a
 * number or null at run time, so values are checked with the small guards below before use.
 */
import type { CodeableConcept, Observation, Quantity } from '@medplum/fhirtypes';

export const UCUM = 'http://unitsofmeasure.org';
export const LOINC = 'http://loinc.org';

/** Why an observation was not used: one entry per refused resource. */
export interface Rejection {
  id: string;
  reason: string;
}

export interface UsableObservations {
  accepted: Observation[];
  rejected: Rejection[];
}

export interface ObservationRuleOptions {
  /** How far ahead of `now` an effective time may be before it is refused (clock skew). Default 5 min. */
  futureSkewMs?: number;
  /**
   * Expected UCUM units by LOINC code (annotations such as `{Breaths}` are ignored, as UCUM says).
   * A quantity with one of these codes, at the top level or in a component, must carry a UCUM unit
   * from the list. Defaults to {@link DEFAULT_EXPECTED_UNITS}.
   */
  expectedUnits?: Readonly<Record<string, readonly string[]>>;
}

/** UCUM units accepted for the vital signs and glucose read by this folder, by LOINC code. */
export const DEFAULT_EXPECTED_UNITS: Readonly<Record<string, readonly string[]>> = {
  '9279-1': ['/min'],
  '8867-4': ['/min'],
  '59408-5': ['%'],
  '2708-6': ['%'],
  '8480-6': ['mm[Hg]'],
  '8310-5': ['Cel', '[degF]'],
  '15074-8': ['mmol/L', 'mg/dL'],
  '3150-0': ['%'],
  '3151-8': ['L/min'],
};

const USABLE_STATUSES: ReadonlySet<string> = new Set(['final', 'amended', 'corrected']);
const DEFAULT_SKEW_MS = 5 * 60_000;

/** The value if it is a string, else null (untrusted JSON). */
export function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** The value if it is a finite number, else null. */
export function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** The value if it is an array, else an empty one. */
export function arr<T>(value: T[] | undefined | null | unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

/** Epoch ms of a FHIR date/dateTime/instant string, or null when absent or unreadable. */
export function parseTime(value: unknown): number | null {
  const s = str(value);
  if (s === null) return null;
  const t = Date.parse(s);
  return Number.isFinite(t) ? t : null;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The codings of a concept with the given system (and code, when given). */
export function codingsOf(
  concept: CodeableConcept | undefined | unknown,
  system: string,
  code?: string,
): Array<{ code: string; display: string | null }> {
  if (!isObject(concept)) return [];
  return arr<unknown>(concept.coding)
    .filter(isObject)
    .filter((c) => c.system === system && typeof c.code === 'string' && (code === undefined || c.code === code))
    .map((c) => ({ code: c.code as string, display: str(c.display) }));
}

/** Every "system|code" a concept carries (codings without a string system or code are skipped). */
export function codeTokens(concept: CodeableConcept | undefined | unknown): Set<string> {
  if (!isObject(concept)) return new Set();
  return new Set(
    arr<unknown>(concept.coding)
      .filter(isObject)
      .filter((c) => typeof c.system === 'string' && typeof c.code === 'string')
      .map((c) => `${c.system as string}|${c.code as string}`),
  );
}

/**
 * The words of a concept, or of the first of several that has any: its text, else the first coding's
 * display. Null when none has words.
 */
export function conceptText(concepts: unknown): string | null {
  for (const concept of (Array.isArray(concepts) ? concepts : [concepts]).filter(isObject)) {
    const text = str(concept.text);
    if (text !== null && text.trim() !== '') return text.trim();
    const display = arr<unknown>(concept.coding)
      .filter(isObject)
      .map((c) => str(c.display))
      .find((d): d is string => d !== null && d.trim() !== '');
    if (display !== undefined) return display.trim();
  }
  return null;
}

/** A trust's codes after the defaults, each once, in that order (every configurable code list reads this way). */
export function withAdded(base: readonly string[], added: readonly string[] | undefined): string[] {
  return [...new Set([...base, ...(added ?? [])])];
}

/** Whether a concept carries any of the "system|code" tokens (a configured code list). */
export function hasAnyCode(concept: unknown, tokens: readonly string[]): boolean {
  const mine = codeTokens(concept);
  return tokens.some((t) => mine.has(t));
}

/** Whether a concept carries system|code. */
export function hasCode(concept: CodeableConcept | undefined | unknown, system: string, code: string): boolean {
  return codingsOf(concept, system, code).length > 0;
}

/** Effective time: effectiveDateTime, effectiveInstant, else effectivePeriod end, else its start. */
export function observationTime(obs: Observation): number | null {
  if (!isObject(obs)) return null;
  const period: unknown = obs.effectivePeriod;
  const periodTime = isObject(period) ? (parseTime(period.end) ?? parseTime(period.start)) : null;
  return parseTime(obs.effectiveDateTime) ?? parseTime(obs.effectiveInstant) ?? periodTime;
}

/** UCUM code with annotations removed: `{Breaths}/min` -> `/min`, `{score}` -> `1`. */
export function ucumCore(code: string): string {
  const stripped = code.replace(/\{[^}]*\}/g, '');
  return stripped === '' ? '1' : stripped;
}

/** The first LOINC code of a concept that has an expected unit, if any. */
function expectedUnitFor(
  concept: unknown,
  expected: Readonly<Record<string, readonly string[]>>,
): { code: string; units: readonly string[] } | null {
  for (const { code } of codingsOf(concept, LOINC)) {
    const units = expected[code];
    if (units !== undefined) return { code, units };
  }
  return null;
}

function unitProblem(
  concept: unknown,
  quantity: Quantity | undefined | unknown,
  expected: Readonly<Record<string, readonly string[]>>,
): string | null {
  if (!isObject(quantity)) return null;
  const want = expectedUnitFor(concept, expected);
  if (want === null) return null;
  const code = str(quantity.code);
  if (quantity.system !== UCUM || code === null) return `missing UCUM unit for ${want.code}`;
  if (!want.units.includes(ucumCore(code))) return `unexpected unit ${code} for ${want.code}`;
  return null;
}

/**
 * Deterministic order between two versions of (or readings at the same time as) an observation, so
 * the result never depends on the order the server returned them in. Later lastUpdated, then higher
 * versionId, then amended/corrected over others, then the serialised form.
 */
export function compareVersions(a: Observation, b: Observation): number {
  const updated = (parseTime(a.meta?.lastUpdated) ?? -Infinity) - (parseTime(b.meta?.lastUpdated) ?? -Infinity);
  if (updated !== 0 && !Number.isNaN(updated)) return updated;
  // A missing or non-numeric versionId sorts first, so the order stays total (never input-dependent).
  const version = (o: Observation): number => {
    const v = Number(str(o.meta?.versionId) ?? NaN);
    return Number.isFinite(v) ? v : -Infinity;
  };
  if (version(a) !== version(b)) return version(a) < version(b) ? -1 : 1;
  const rank = (o: Observation): number => (o.status === 'amended' || o.status === 'corrected' ? 1 : 0);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  // Different readings taken at one time (a set of vital signs) differ by id: cheap, and total.
  const byId = cmp(str(a.id) ?? '', str(b.id) ?? '');
  if (byId !== 0) return byId;
  return cmp(stableKey(a), stableKey(b));
}

/** Code-unit string order: total and locale-independent, unlike localeCompare. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** JSON form for tie-breaking; never throws (cyclic or BigInt values fall back to the id). */
export function stableKey(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return isObject(value) ? (str(value.id) ?? '') : '';
  }
}

/**
 * Splits observations into usable and refused. Versions sharing an id are resolved first, so an
 * amended, corrected or entered-in-error latest version replaces (or withdraws) what came before;
 * then the surviving version must have a usable status, a readable effective time not in the
 * future beyond the skew, and the expected UCUM unit on every quantity whose code has one.
 */
export function usableObservations(
  observations: readonly Observation[],
  now: number,
  opts: ObservationRuleOptions = {},
): UsableObservations {
  // Every reader of a patient's board row asks about the same list at the same time: answer once.
  const defaults = opts.futureSkewMs === undefined && opts.expectedUnits === undefined && Array.isArray(observations);
  const memo = defaults ? usableMemo.get(observations) : undefined;
  if (memo !== undefined && memo.now === now) return memo.result;
  const result = sortUsable(observations, now, opts);
  // Shared between readers, so frozen: a reader that tried to sort or push in place would throw, not corrupt another's answer.
  Object.freeze(result.accepted);
  Object.freeze(result.rejected);
  if (defaults) usableMemo.set(observations, { now, result });
  return result;
}

/** Results by input list (the caller's array, never mutated here), valid for one `now`. */
const usableMemo = new WeakMap<readonly Observation[], { now: number; result: UsableObservations }>();

function sortUsable(
  observations: readonly Observation[],
  now: number,
  opts: ObservationRuleOptions,
): UsableObservations {
  const skew = opts.futureSkewMs ?? DEFAULT_SKEW_MS;
  const expected = opts.expectedUnits ?? DEFAULT_EXPECTED_UNITS;
  const rejected: Rejection[] = [];
  const latestById = new Map<string, Observation>();
  const withoutId: Observation[] = [];
  for (const obs of arr<Observation>(observations)) {
    if (!isObject(obs)) {
      rejected.push({ id: '(none)', reason: 'not a resource' });
      continue;
    }
    const id = str(obs.id);
    if (id === null) {
      withoutId.push(obs);
      continue;
    }
    const previous = latestById.get(id);
    if (previous === undefined) latestById.set(id, obs);
    else if (compareVersions(obs, previous) > 0) {
      latestById.set(id, obs);
      rejected.push({ id, reason: 'superseded by a later version' });
    } else rejected.push({ id, reason: 'superseded by a later version' });
  }

  const accepted: Observation[] = [];
  for (const obs of [...latestById.values(), ...withoutId]) {
    const id = str(obs.id) ?? '(none)';
    const reason = refusal(obs, now, skew, expected);
    if (reason === null) accepted.push(obs);
    else rejected.push({ id, reason });
  }
  accepted.sort((a, b) => (observationTime(a) ?? 0) - (observationTime(b) ?? 0) || compareVersions(a, b));
  rejected.sort((a, b) => cmp(a.id, b.id) || cmp(a.reason, b.reason));
  return { accepted, rejected };
}

function refusal(
  obs: Observation,
  now: number,
  skew: number,
  expected: Readonly<Record<string, readonly string[]>>,
): string | null {
  const status = str(obs.status);
  if (status === null || !USABLE_STATUSES.has(status)) return `status ${status ?? 'missing'}`;
  const time = observationTime(obs);
  if (time === null) return 'no readable effective time';
  if (time > now + skew) return 'effective time in the future';
  const top = unitProblem(obs.code, obs.valueQuantity, expected);
  if (top !== null) return top;
  for (const component of arr<unknown>(obs.component)) {
    if (!isObject(component)) continue;
    const problem = unitProblem(component.code, component.valueQuantity, expected);
    if (problem !== null) return problem;
  }
  return null;
}

/**
 * The latest observation per key (e.g. per code or per encounter), by effective time; ties are
 * broken by {@link compareVersions} so the answer does not depend on input order. Observations the
 * key function maps to null, or without a readable time, are skipped.
 */
export function latestBy(
  observations: readonly Observation[],
  key: (obs: Observation) => string | null,
): Map<string, Observation> {
  const latest = new Map<string, Observation>();
  for (const obs of observations) {
    const k = key(obs);
    const time = observationTime(obs);
    if (k === null || time === null) continue;
    const previous = latest.get(k);
    const previousTime = previous === undefined ? null : observationTime(previous);
    if (
      previous === undefined ||
      previousTime === null ||
      time > previousTime ||
      (time === previousTime && compareVersions(obs, previous) > 0)
    ) {
      latest.set(k, obs);
    }
  }
  return latest;
}
