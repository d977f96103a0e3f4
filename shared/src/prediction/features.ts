/**
 * Prediction features (docs/design.md section 6, the ten safety measures): for each of the ten measure slots, today's
 * value and its change over 7 days. Standardised with the training rows' means and sds so the L2
 * penalty treats every feature alike and a weight reads as "per typical spread".
 */
import type { WardProfile } from '../ward.types.js';

/**
 * Measure ids in slot order 1..10, as in the contract's catalogue. Kept here, not read from the
 * measures module, so a model's feature names never change when display labels or thresholds do.
 */
export const PREDICTION_MEASURE_IDS: Readonly<Record<WardProfile, readonly string[]>> = Object.freeze({
  'mental-health': Object.freeze([
    'occupancy',
    'bank-agency',
    'sickness',
    'fill-rate',
    'turbulence',
    'enhanced-observations',
    'violence-aggression',
    'restrictive-practice',
    'awol',
    'self-harm',
  ]),
  acute: Object.freeze([
    'occupancy',
    'bank-agency',
    'sickness',
    'fill-rate',
    'turbulence',
    'deteriorating',
    'falls',
    'hypoglycaemia',
    'delayed-discharges',
    'overdue-observations',
  ]),
});

/** What a person reads for a driver. */
export const PREDICTION_MEASURE_LABELS: Readonly<Record<string, string>> = Object.freeze({
  occupancy: 'Bed occupancy',
  'bank-agency': 'Bank and agency usage',
  sickness: 'Staff sickness',
  'fill-rate': 'Shift fill rate',
  turbulence: 'Patient movements',
  'enhanced-observations': 'Patients on enhanced observations',
  'violence-aggression': 'Violence and aggression',
  'restrictive-practice': 'Restrictive practice',
  awol: 'Patients absent without leave',
  'self-harm': 'Self-harm',
  deteriorating: 'Deteriorating patients (NEWS2 5+)',
  falls: 'Falls',
  hypoglycaemia: 'Hypoglycaemia',
  'delayed-discharges': 'Delayed discharges',
  'overdue-observations': 'Overdue observations',
});

export const CHANGE_SUFFIX = ':7d-change';

/** A day's measure values by measure id; null or absent is "no data". */
export type MeasureValues = Readonly<Record<string, number | null | undefined>>;

/** Raw (unstandardised) features by feature name; null is "no data". */
export type FeatureValues = Readonly<Record<string, number | null | undefined>>;

/** `${id}` and `${id}:7d-change` for each slot, in slot order. */
export function predictionFeatureNames(profile: WardProfile): string[] {
  return PREDICTION_MEASURE_IDS[profile].flatMap((id) => [id, `${id}${CHANGE_SUFFIX}`]);
}

/** The measure a feature name belongs to. */
export function measureIdOf(feature: string): string {
  return feature.endsWith(CHANGE_SUFFIX) ? feature.slice(0, -CHANGE_SUFFIX.length) : feature;
}

/** "Bank and agency usage" / "Bank and agency usage: 7-day change". */
export function featureLabel(feature: string): string {
  const id = measureIdOf(feature);
  const base = PREDICTION_MEASURE_LABELS[id] ?? id;
  return feature === id ? base : `${base}: 7-day change`;
}

function finite(v: number | null | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/**
 * Features for one ward-day from today's values and those of 7 days earlier (null when that day is
 * not known). A change needs both values; otherwise it is no data, not zero.
 */
export function featuresFromValues(
  profile: WardProfile,
  today: MeasureValues,
  weekAgo: MeasureValues | null,
): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const id of PREDICTION_MEASURE_IDS[profile]) {
    const now = finite(today[id]);
    const before = weekAgo === null ? null : finite(weekAgo[id]);
    out[id] = now;
    out[`${id}${CHANGE_SUFFIX}`] = now === null || before === null ? null : now - before;
  }
  return out;
}

/** Features in the given name order (absent names are no data). */
export function featureVector(names: readonly string[], features: FeatureValues): Array<number | null> {
  return names.map((n) => finite(features[n]));
}

export interface Standardisation {
  means: number[];
  sds: number[];
}

/**
 * Means and (population) sds per column over the values that are present. A constant column gets
 * sd 1, so it standardises to 0 instead of dividing by zero; a column with no data at all gets mean 0.
 */
export function fitStandardisation(rows: ReadonlyArray<ReadonlyArray<number | null>>, width: number): Standardisation {
  const means: number[] = [];
  const sds: number[] = [];
  for (let j = 0; j < width; j++) {
    let n = 0;
    let sum = 0;
    for (const row of rows) {
      const v = finite(row[j]);
      if (v === null) continue;
      n++;
      sum += v;
    }
    const mean = n === 0 ? 0 : sum / n;
    let ss = 0;
    for (const row of rows) {
      const v = finite(row[j]);
      if (v !== null) ss += (v - mean) ** 2;
    }
    const sd = n === 0 ? 0 : Math.sqrt(ss / n);
    means.push(mean);
    sds.push(sd > 1e-12 ? sd : 1);
  }
  return { means, sds };
}

/** z-scores; no data becomes 0 (the training mean), so a missing measure neither raises nor lowers risk. */
export function standardise(row: ReadonlyArray<number | null>, s: Standardisation): number[] {
  return s.means.map((mean, j) => {
    const v = finite(row[j]);
    return v === null ? 0 : (v - mean) / (s.sds[j] ?? 1);
  });
}
