/**
 * NEWS2 from FHIR (docs/design.md section 7, CS-6, CS-7): read a reported total with its sub-scores, or
 * compute it from vital signs with the Royal College of Physicians 2017 chart, but only from one
 * complete set taken together. A partial or implausible set gives a reason, never a score.
 */
import type { Observation, Reference } from '@medplum/fhirtypes';
import { SYSTEMS } from './fhir-codes.js';
import {
  LOINC,
  arr,
  codingsOf,
  compareVersions,
  hasCode,
  num,
  observationTime,
  str,
  ucumCore,
  usableObservations,
  type ObservationRuleOptions,
} from './observation-rules.js';

/** SNOMED CT codes of the NEWS2 total, its sub-scores (as in the UK Core NEWS2 bundle) and ACVPU. */
export const NEWS2_CODES = {
  total: '1104051000000101',
  respirationRate: '1104301000000104',
  spo2Scale1: '1104311000000102',
  /** Not in the UK Core example (which uses scale 1); the next code of the same SNOMED series. */
  spo2Scale2: '1104321000000109',
  airOrOxygen: '1104331000000105',
  systolicBp: '1104341000000101',
  pulse: '1104351000000103',
  consciousness: '1104361000000100',
  temperature: '1104371000000107',
  acvpu: '1104441000000107',
} as const;

/** The seven NEWS2 parameters. */
export type News2Parameter =
  'respirationRate' | 'spo2' | 'airOrOxygen' | 'systolicBp' | 'pulse' | 'consciousness' | 'temperature';

export const NEWS2_PARAMETERS: readonly News2Parameter[] = [
  'respirationRate',
  'spo2',
  'airOrOxygen',
  'systolicBp',
  'pulse',
  'consciousness',
  'temperature',
];

const SUB_SCORE_CODES: ReadonlyArray<[string, News2Parameter, 1 | 2 | null]> = [
  [NEWS2_CODES.respirationRate, 'respirationRate', null],
  [NEWS2_CODES.spo2Scale1, 'spo2', 1],
  [NEWS2_CODES.spo2Scale2, 'spo2', 2],
  [NEWS2_CODES.airOrOxygen, 'airOrOxygen', null],
  [NEWS2_CODES.systolicBp, 'systolicBp', null],
  [NEWS2_CODES.pulse, 'pulse', null],
  [NEWS2_CODES.consciousness, 'consciousness', null],
  [NEWS2_CODES.temperature, 'temperature', null],
];

/** A NEWS2 score as the board needs it. */
export interface News2Reading {
  score: number;
  /** Sub-scores that were reported (read) or all seven (computed). */
  subScores: Partial<Record<News2Parameter, number>>;
  /** Which SpO2 scale the SpO2 sub-score used, when known. */
  spo2Scale: 1 | 2 | null;
  /** Any single parameter scored 3 (raises a low total to low-medium). False when no sub-scores were sent. */
  anySingleParameterScored3: boolean;
  /** Effective time of the set, UTC ISO. */
  observedAt: string;
}

export type News2Result = { ok: true; reading: News2Reading } | { ok: false; reason: string };

function isSnomed(concept: unknown, code: string): boolean {
  return hasCode(concept, SYSTEMS.snomed, code);
}

function integerScore(value: unknown, max: number): number | null {
  const n = num(value);
  return n !== null && Number.isInteger(n) && n >= 0 && n <= max ? n : null;
}

function scoreValue(holder: { valueQuantity?: unknown; valueInteger?: unknown }, max: number): number | null {
  const q = holder.valueQuantity;
  const fromQuantity = typeof q === 'object' && q !== null ? (q as { value?: unknown }).value : undefined;
  return integerScore(fromQuantity ?? holder.valueInteger, max);
}

function referencedId(ref: Reference | unknown): string | null {
  const r = typeof ref === 'object' && ref !== null ? str((ref as Reference).reference) : null;
  if (r === null) return null;
  const parts = r.split('/');
  return parts.length >= 2 && parts[parts.length - 2] === 'Observation' ? (parts[parts.length - 1] ?? null) : null;
}

/**
 * Reads a reported NEWS2 total (SNOMED 1104051000000101) and its sub-scores. The UK Core bundle
 * carries sub-scores as components of the total; separate sub-score Observations linked by
 * `hasMember` or `derivedFrom` are read from `related` too. A total outside 0-20, a sub-score
 * outside 0-3, or seven sub-scores that do not add up to the total are refused (CS-7).
 */
export function readNews2Total(total: Observation, related: readonly Observation[] = []): News2Result {
  if (typeof total !== 'object' || total === null || !isSnomed(total.code, NEWS2_CODES.total))
    return { ok: false, reason: 'not a NEWS2 total score' };
  const score = scoreValue(total, 20);
  if (score === null) return { ok: false, reason: 'NEWS2 total missing or not an integer 0-20' };
  const time = observationTime(total);
  if (time === null) return { ok: false, reason: 'NEWS2 total has no effective time' };

  const byId = new Map<string, Observation>();
  for (const r of arr<Observation>(related)) {
    const id = typeof r === 'object' && r !== null ? str(r.id) : null;
    if (id !== null && (!byId.has(id) || compareVersions(r, byId.get(id) as Observation) > 0)) byId.set(id, r);
  }
  const linked = [...arr<Reference>(total.hasMember), ...arr<Reference>(total.derivedFrom)]
    .map(referencedId)
    .filter((id): id is string => id !== null)
    .sort()
    .map((id) => byId.get(id))
    .filter(
      (o): o is Observation =>
        o !== undefined && (o.status === 'final' || o.status === 'amended' || o.status === 'corrected'),
    );
  const holders: Array<{ code?: unknown; valueQuantity?: unknown; valueInteger?: unknown }> = [
    ...arr<object>(total.component).filter((c) => typeof c === 'object' && c !== null),
    ...linked,
  ];

  const subScores: Partial<Record<News2Parameter, number>> = {};
  let spo2Scale: 1 | 2 | null = null;
  for (const holder of holders) {
    for (const [code, parameter, scale] of SUB_SCORE_CODES) {
      if (!isSnomed(holder.code, code)) continue;
      const value = scoreValue(holder, 3);
      if (value === null) return { ok: false, reason: `NEWS2 ${parameter} sub-score not an integer 0-3` };
      const previous = subScores[parameter];
      if (previous !== undefined && previous !== value)
        return { ok: false, reason: `conflicting NEWS2 ${parameter} sub-scores` };
      subScores[parameter] = value;
      if (scale !== null) spo2Scale = scale;
    }
  }
  const values = Object.values(subScores);
  if (values.length === NEWS2_PARAMETERS.length && values.reduce((s, v) => s + v, 0) !== score) {
    return { ok: false, reason: 'NEWS2 sub-scores do not add up to the total' };
  }
  return {
    ok: true,
    reading: {
      score,
      subScores,
      spo2Scale,
      anySingleParameterScored3: values.some((v) => v === 3),
      observedAt: new Date(time).toISOString(),
    },
  };
}

/** ACVPU: alert, new confusion, voice, pain, unresponsive. */
export type Acvpu = 'A' | 'C' | 'V' | 'P' | 'U';

/** SNOMED answers of the UK Core ACVPU value set. */
export const ACVPU_CODES: Readonly<Record<string, Acvpu>> = {
  '248234008': 'A',
  '130987000': 'C',
  '300202002': 'V',
  '450847001': 'P',
  '422768004': 'U',
};

/** One complete set of vital signs, in chart units (breaths/min, %, mmHg, beats/min, degrees C). */
export interface VitalSigns {
  respirationRate: number;
  spo2: number;
  onOxygen: boolean;
  systolicBp: number;
  pulse: number;
  consciousness: Acvpu;
  temperature: number;
}

/**
 * The RCP 2017 NEWS2 chart. Whole-number parameters are rounded to the nearest integer and
 * temperature to one decimal place first, as charted; so 20.4 breaths/min scores as 20.
 * SpO2 scale 2 (hypercapnic respiratory failure, on clinical instruction only) scores 88-92% as 0
 * and penalises high saturations only when on oxygen.
 */
export function scoreVitalSigns(v: VitalSigns, spo2Scale: 1 | 2 = 1): Omit<News2Reading, 'observedAt'> {
  const rr = Math.round(v.respirationRate);
  const sat = Math.round(v.spo2);
  const sbp = Math.round(v.systolicBp);
  const hr = Math.round(v.pulse);
  const t10 = Math.round(v.temperature * 10);
  const subScores: Record<News2Parameter, number> = {
    respirationRate: rr <= 8 ? 3 : rr <= 11 ? 1 : rr <= 20 ? 0 : rr <= 24 ? 2 : 3,
    spo2: spo2Scale === 1 ? (sat <= 91 ? 3 : sat <= 93 ? 2 : sat <= 95 ? 1 : 0) : spo2Scale2Score(sat, v.onOxygen),
    airOrOxygen: v.onOxygen ? 2 : 0,
    systolicBp: sbp <= 90 ? 3 : sbp <= 100 ? 2 : sbp <= 110 ? 1 : sbp <= 219 ? 0 : 3,
    pulse: hr <= 40 ? 3 : hr <= 50 ? 1 : hr <= 90 ? 0 : hr <= 110 ? 1 : hr <= 130 ? 2 : 3,
    consciousness: v.consciousness === 'A' ? 0 : 3,
    temperature: t10 <= 350 ? 3 : t10 <= 360 ? 1 : t10 <= 380 ? 0 : t10 <= 390 ? 1 : 2,
  };
  const values = Object.values(subScores);
  return {
    score: values.reduce((s, x) => s + x, 0),
    subScores,
    spo2Scale,
    anySingleParameterScored3: values.some((x) => x === 3),
  };
}

function spo2Scale2Score(sat: number, onOxygen: boolean): number {
  if (sat <= 83) return 3;
  if (sat <= 85) return 2;
  if (sat <= 87) return 1;
  if (sat <= 92 || !onOxygen) return 0;
  if (sat <= 94) return 1;
  if (sat <= 96) return 2;
  return 3;
}

export interface ComputeNews2Options extends ObservationRuleOptions {
  /** Readings belong to one set when within this long of the newest reading. Default 15 min. */
  setWindowMs?: number;
  /** Use SpO2 scale 2 (only when a clinician has said so for this patient). Default scale 1. */
  spo2Scale?: 1 | 2;
}

const PLAUSIBLE: Readonly<Record<Exclude<News2Parameter, 'airOrOxygen' | 'consciousness'>, [number, number]>> = {
  respirationRate: [0, 80],
  spo2: [0, 100],
  systolicBp: [0, 350],
  pulse: [0, 350],
  temperature: [20, 45],
};

const LABELS: Readonly<Record<News2Parameter, string>> = {
  respirationRate: 'respiration rate',
  spo2: 'SpO2',
  airOrOxygen: 'air or oxygen',
  systolicBp: 'systolic blood pressure',
  pulse: 'pulse',
  consciousness: 'consciousness (ACVPU)',
  temperature: 'temperature',
};

type Reading = { parameter: News2Parameter; time: number; value: number | boolean | Acvpu; obs: Observation };

function quantityValue(q: unknown): { value: number; unit: string | null } | null {
  if (typeof q !== 'object' || q === null) return null;
  const value = num((q as { value?: unknown }).value);
  return value === null ? null : { value, unit: str((q as { code?: unknown }).code) };
}

/** The NEWS2 parameters one observation gives (a BP panel gives systolic from its component). */
function readingsOf(obs: Observation, time: number): Reading[] {
  const out: Reading[] = [];
  const loinc = (code: string): boolean => hasCode(obs.code, LOINC, code);
  const q = quantityValue(obs.valueQuantity);
  const push = (parameter: News2Parameter, value: number | boolean | Acvpu): void => {
    out.push({ parameter, time, value, obs });
  };
  if (q !== null && loinc('9279-1')) push('respirationRate', q.value);
  if (q !== null && (loinc('59408-5') || loinc('2708-6'))) push('spo2', q.value);
  if (q !== null && loinc('8867-4')) push('pulse', q.value);
  if (q !== null && loinc('8310-5'))
    push('temperature', q.unit !== null && ucumCore(q.unit) === '[degF]' ? ((q.value - 32) * 5) / 9 : q.value);
  if (q !== null && loinc('8480-6')) push('systolicBp', q.value);
  for (const component of arr<unknown>(obs.component)) {
    if (typeof component !== 'object' || component === null) continue;
    const c = component as { code?: unknown; valueQuantity?: unknown };
    const cq = quantityValue(c.valueQuantity);
    if (cq !== null && hasCode(c.code, LOINC, '8480-6')) push('systolicBp', cq.value);
  }
  // Air or oxygen: "breathing room air" (as in the UK Core bundle), or inspired O2 concentration / flow.
  if (isSnomed(obs.code, '722742002')) push('airOrOxygen', false);
  if (q !== null && loinc('3150-0')) push('airOrOxygen', q.value > 21);
  if (q !== null && loinc('3151-8')) push('airOrOxygen', q.value > 0);
  if (isSnomed(obs.code, NEWS2_CODES.acvpu)) {
    const answer = codingsOf(obs.valueCodeableConcept, SYSTEMS.snomed)
      .map((c) => ACVPU_CODES[c.code])
      .find((a) => a !== undefined);
    if (answer !== undefined) push('consciousness', answer);
  }
  return out;
}

/**
 * Computes NEWS2 from one patient's vital-sign Observations. The set is anchored on the newest
 * usable vital-sign reading: every parameter must have a reading within `setWindowMs` before it,
 * otherwise the result is `incomplete vital signs: missing ...` (CS-7). Deliberately no fallback to
 * an older complete set: a newer partial set means the older score may no longer be true.
 */
export function computeNews2(
  observations: readonly Observation[],
  now: number,
  opts: ComputeNews2Options = {},
): News2Result {
  const window = opts.setWindowMs ?? 15 * 60_000;
  const { accepted } = usableObservations(observations, now, opts);
  const readings = accepted.flatMap((obs) => readingsOf(obs, observationTime(obs) ?? 0));
  if (readings.length === 0)
    return {
      ok: false,
      reason: `incomplete vital signs: missing ${NEWS2_PARAMETERS.map((p) => LABELS[p]).join(', ')}`,
    };
  const anchor = readings.reduce((max, r) => Math.max(max, r.time), -Infinity);

  const chosen = new Map<News2Parameter, Reading>();
  for (const r of readings) {
    if (r.time < anchor - window) continue;
    const previous = chosen.get(r.parameter);
    if (
      previous === undefined ||
      r.time > previous.time ||
      (r.time === previous.time && compareVersions(r.obs, previous.obs) > 0)
    )
      chosen.set(r.parameter, r);
  }
  const missing = NEWS2_PARAMETERS.filter((p) => !chosen.has(p));
  if (missing.length > 0)
    return { ok: false, reason: `incomplete vital signs: missing ${missing.map((p) => LABELS[p]).join(', ')}` };

  const value = (p: News2Parameter): number | boolean | Acvpu => (chosen.get(p) as Reading).value;
  for (const [parameter, [low, high]] of Object.entries(PLAUSIBLE) as Array<[News2Parameter, [number, number]]>) {
    const v = value(parameter) as number;
    if (v < low || v > high) return { ok: false, reason: `implausible ${LABELS[parameter]}: ${v}` };
  }
  const vitals: VitalSigns = {
    respirationRate: value('respirationRate') as number,
    spo2: value('spo2') as number,
    onOxygen: value('airOrOxygen') as boolean,
    systolicBp: value('systolicBp') as number,
    pulse: value('pulse') as number,
    consciousness: value('consciousness') as Acvpu,
    temperature: value('temperature') as number,
  };
  return {
    ok: true,
    reading: { ...scoreVitalSigns(vitals, opts.spo2Scale ?? 1), observedAt: new Date(anchor).toISOString() },
  };
}

/**
 * The newest usable reported NEWS2 total among one patient's observations (sub-score observations
 * linked from it may be in the same list). When the newest total is invalid the reason is returned
 * rather than an older score, so a bad reading is seen, not hidden behind an older one (CS-7).
 */
export function latestReportedNews2(
  observations: readonly Observation[],
  now: number,
  opts: ObservationRuleOptions = {},
): News2Result {
  const { accepted } = usableObservations(observations, now, opts);
  // accepted is sorted oldest first with a deterministic tie-break, so the last total is the newest.
  const newest = accepted.filter((o) => isSnomed(o.code, NEWS2_CODES.total)).at(-1);
  if (newest === undefined) return { ok: false, reason: 'no NEWS2 total' };
  return readNews2Total(newest, accepted);
}
