/**
 * The smaller items on a patient's board row (docs/design.md section 6): latest glucose with a low flag,
 * observation level, falls risk and absent without leave.
 */
import type { Flag, Observation, RiskAssessment } from '@medplum/fhirtypes';
import { SYSTEMS } from './fhir-codes.js';
import {
  LOINC,
  arr,
  codingsOf,
  hasCode,
  latestBy,
  num,
  observationTime,
  parseTime,
  stableKey,
  str,
  ucumCore,
  usableObservations,
  type ObservationRuleOptions,
} from './observation-rules.js';
import type { FallsRisk, FallsRiskLevel, GlucoseReading, ObservationLevel } from '../ward.types.js';

export const LOCAL_SYSTEMS = {
  observationLevel: 'https://fhir.wardflow.org/CodeSystem/observation-level',
  wardFlag: 'https://fhir.wardflow.org/CodeSystem/ward-flag',
  riskProbability: 'http://terminology.hl7.org/CodeSystem/risk-probability',
} as const;

/** LOINC 15074-8 glucose; mg/dL converts to mmol/L by dividing by 18.016 (glucose molar mass / 10). */
export const GLUCOSE_LOINC = '15074-8';
export const GLUCOSE_MG_PER_DL_PER_MMOL_PER_L = 18.016;
/** Below this many mmol/L the board flags low glucose (docs/design.md section 6). */
export const LOW_GLUCOSE_MMOL_PER_L = 4.0;
/** SNOMED 129839007 "At risk for falls". */
export const FALLS_RISK_SNOMED = '129839007';

/** The latest usable glucose reading (units checked by {@link usableObservations}), or null. */
export function latestGlucose(
  observations: readonly Observation[],
  now: number,
  opts: ObservationRuleOptions = {},
): GlucoseReading | null {
  const { accepted } = usableObservations(observations, now, opts);
  const readable = accepted.filter(
    (o) =>
      hasCode(o.code, LOINC, GLUCOSE_LOINC) &&
      num(o.valueQuantity?.value) !== null &&
      str(o.valueQuantity?.code) !== null,
  );
  const latest = latestBy(readable, () => 'glucose').get('glucose');
  if (latest === undefined) return null;
  const value = latest.valueQuantity?.value as number;
  const unit = ucumCore(latest.valueQuantity?.code as string);
  const mmolPerL = unit === 'mg/dL' ? value / GLUCOSE_MG_PER_DL_PER_MMOL_PER_L : value;
  if (mmolPerL < 0) return null;
  return {
    mmolPerL,
    low: mmolPerL < LOW_GLUCOSE_MMOL_PER_L,
    observedAt: new Date(observationTime(latest) as number).toISOString(),
  };
}

const LEVELS: readonly ObservationLevel[] = ['general', 'intermittent', 'within-eyesight', 'arms-length'];

function levelOf(obs: Observation): ObservationLevel | null {
  // The value carries the level; a coded `code` alone is accepted too, as some systems post it that way.
  const codes = [
    ...codingsOf(obs.valueCodeableConcept, LOCAL_SYSTEMS.observationLevel),
    ...codingsOf(obs.code, LOCAL_SYSTEMS.observationLevel),
  ];
  for (const { code } of codes) {
    const level = LEVELS.find((l) => l === code);
    if (level !== undefined) return level;
  }
  return null;
}

/** The current observation level: the latest usable Observation coded with the local level system. */
export function observationLevel(
  observations: readonly Observation[],
  now: number,
  opts: ObservationRuleOptions = {},
): { level: ObservationLevel; since: string } | null {
  const { accepted } = usableObservations(observations, now, opts);
  const latest = latestBy(
    accepted.filter((o) => levelOf(o) !== null),
    () => 'level',
  ).get('level');
  if (latest === undefined) return null;
  return {
    level: levelOf(latest) as ObservationLevel,
    since: new Date(observationTime(latest) as number).toISOString(),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether a Flag is active and its period (if any) covers `now`. An unreadable bound is not trusted. */
export function flagInForce(flag: Flag, now: number): boolean {
  if (!isObject(flag) || flag.status !== 'active') return false;
  const period: unknown = flag.period;
  if (period === undefined) return true;
  if (!isObject(period)) return false;
  const start = period.start === undefined ? null : parseTime(period.start);
  const end = period.end === undefined ? null : parseTime(period.end);
  if ((period.start !== undefined && start === null) || (period.end !== undefined && end === null)) return false;
  return (start === null || start <= now) && (end === null || end > now);
}

/**
 * Falls risk from RiskAssessments (the caller passes falls-risk assessments; qualitativeRisk from
 * risk-probability: negligible counts as low, certain as high) and Flags coded SNOMED 129839007.
 */
export function fallsRisk(resources: ReadonlyArray<RiskAssessment | Flag>, now: number): FallsRisk | null {
  let best: { level: FallsRiskLevel; at: number; key: string } | null = null;
  let flagged = false;
  for (const r of arr<RiskAssessment | Flag>(resources)) {
    if (!isObject(r)) continue;
    if (r.resourceType === 'Flag') {
      if (hasCode(r.code, SYSTEMS.snomed, FALLS_RISK_SNOMED) && flagInForce(r, now)) flagged = true;
      continue;
    }
    if (r.resourceType !== 'RiskAssessment' || !['final', 'amended', 'corrected'].includes(str(r.status) ?? ''))
      continue;
    const at =
      parseTime(r.occurrenceDateTime) ??
      (isObject(r.occurrencePeriod)
        ? (parseTime(r.occurrencePeriod.end) ?? parseTime(r.occurrencePeriod.start))
        : null);
    if (at === null || at > now + 5 * 60_000) continue;
    const level = arr<unknown>(r.prediction)
      .filter(isObject)
      .flatMap((p) => codingsOf(p.qualitativeRisk, LOCAL_SYSTEMS.riskProbability))
      .map((c) => riskLevel(c.code))
      .filter((l): l is FallsRiskLevel => l !== null)
      .sort((a, b) => RANK[b] - RANK[a])[0];
    if (level === undefined) continue;
    const key = stableKey(r);
    if (
      best === null ||
      at > best.at ||
      (at === best.at && (RANK[level] > RANK[best.level] || (RANK[level] === RANK[best.level] && key > best.key)))
    ) {
      best = { level, at, key };
    }
  }
  if (best === null && !flagged) return null;
  return { level: best?.level ?? null, assessedAt: best === null ? null : new Date(best.at).toISOString(), flagged };
}

const RANK: Readonly<Record<FallsRiskLevel, number>> = { low: 0, moderate: 1, high: 2 };

function riskLevel(code: string): FallsRiskLevel | null {
  if (code === 'negligible' || code === 'low') return 'low';
  if (code === 'moderate') return 'moderate';
  if (code === 'high' || code === 'certain') return 'high';
  return null;
}

/**
 * Absent without leave now: an active Flag coded ward-flag|awol whose period covers `now` (a flag with
 * no period counts, being active). Returns the earliest start among those in force, or null.
 */
export function awolStatus(flags: readonly Flag[], now: number): { since: string | null } | null {
  const inForce = arr<Flag>(flags).filter(
    (f) => isObject(f) && hasCode(f.code, LOCAL_SYSTEMS.wardFlag, 'awol') && flagInForce(f, now),
  );
  if (inForce.length === 0) return null;
  const starts = inForce.map((f) => parseTime(f.period?.start)).filter((t): t is number => t !== null);
  return { since: starts.length === 0 ? null : new Date(starts.reduce((min, t) => Math.min(min, t))).toISOString() };
}
