/**
 * The model a profile uses until its own history is enough to fit one: hand-set weights in the
 * direction the measure catalogue already says is worse, on typical ward values, so a new trust
 * gets a sensible ranking from day one and the fitted model replaces it when the data allow.
 */
import type { WardProfile } from '../ward.types.js';
import { PREDICTION_MEASURE_IDS, predictionFeatureNames } from './features.js';
import type { LogisticModel } from './logistic.js';

export const MIN_HISTORY_DAYS = 56;
export const MIN_OUTCOMES_EACH = 30;

/** When these defaults were written: a fixed instant so the default model is the same everywhere. */
export const EXPERT_DEFAULT_WRITTEN_AT = '2026-11-22T00:00:00.000Z';

/** Prevalence the defaults assume (the outcome rates were set for about a quarter of ward-weeks). */
const ASSUMED_PREVALENCE = 0.25;

/**
 * Typical value and spread of each measure on a ward, used in place of training means and sds:
 * centred near the amber threshold so a value "at amber" adds nothing and a value a spread above it
 * adds one weight. A 7-day change is centred on 0 with half the spread.
 */
const TYPICAL: Readonly<Record<string, { centre: number; spread: number; weight: number }>> = {
  occupancy: { centre: 90, spread: 6, weight: 0.35 },
  'bank-agency': { centre: 15, spread: 8, weight: 0.35 },
  sickness: { centre: 4.5, spread: 2, weight: 0.35 },
  'fill-rate': { centre: 95, spread: 5, weight: -0.25 },
  turbulence: { centre: 8, spread: 4, weight: 0.25 },
  'enhanced-observations': { centre: 2, spread: 1.5, weight: 0.25 },
  'violence-aggression': { centre: 20, spread: 15, weight: 0.25 },
  'restrictive-practice': { centre: 15, spread: 12, weight: 0.25 },
  awol: { centre: 0.5, spread: 0.8, weight: 0.2 },
  'self-harm': { centre: 10, spread: 10, weight: 0.25 },
  deteriorating: { centre: 2, spread: 1.5, weight: 0.25 },
  falls: { centre: 7, spread: 6, weight: 0.25 },
  hypoglycaemia: { centre: 1.5, spread: 1.5, weight: 0.2 },
  'delayed-discharges': { centre: 2, spread: 2, weight: 0.2 },
  'overdue-observations': { centre: 1, spread: 1.5, weight: 0.2 },
};

const CHANGE_WEIGHT_SHARE = 0.5;

export function expertDefaultModel(profile: WardProfile): LogisticModel {
  const means: number[] = [];
  const sds: number[] = [];
  const weights: number[] = [];
  for (const id of PREDICTION_MEASURE_IDS[profile]) {
    const t = TYPICAL[id];
    if (t === undefined) throw new Error(`expertDefaultModel: no typical values for measure ${id}`);
    means.push(t.centre, 0);
    sds.push(t.spread, t.spread / 2);
    weights.push(t.weight, t.weight * CHANGE_WEIGHT_SHARE);
  }
  return {
    profile,
    featureNames: predictionFeatureNames(profile),
    means,
    sds,
    weights,
    intercept: Math.log(ASSUMED_PREVALENCE / (1 - ASSUMED_PREVALENCE)),
    fittedAt: EXPERT_DEFAULT_WRITTEN_AT,
    trainingRows: 0,
    positives: 0,
    lambda: null,
    source: 'expert-default',
  };
}

/** A labelled ward-day of one profile; rows whose outcome is not known yet are left out by the caller. */
export interface HistoryRow {
  date: string;
  label: boolean;
}

/** Enough to fit: at least 56 distinct days and 30 positive and 30 negative outcomes. */
export function hasEnoughHistory(rows: readonly HistoryRow[]): boolean {
  const days = new Set(rows.map((r) => r.date)).size;
  const positives = rows.filter((r) => r.label).length;
  return days >= MIN_HISTORY_DAYS && positives >= MIN_OUTCOMES_EACH && rows.length - positives >= MIN_OUTCOMES_EACH;
}
