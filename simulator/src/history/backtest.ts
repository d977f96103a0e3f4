/**
 * Backtest of the prediction model on simulated history, next to the plain composite score: the
 * check that the model earns its place on the screen. Fits per profile on the earlier days and
 * scores the later ones, as a refit in production would (only outcomes already known at the cut
 * are used for training). The fitted model keeps each weight on its measure's side of 0, as in
 * production; the same fit without that constraint is scored beside it, so the cost (or gain) of
 * explanations that agree with the measures is visible in every run.
 */
import {
  auc,
  bandFor,
  brier,
  compositeScore,
  DEFAULT_MEASURES,
  calibrationTable,
  expertDefaultModel,
  featuresFromValues,
  fitLogistic,
  fitLogisticModel,
  outcomeLabel,
  OUTCOME_HORIZON_DAYS,
  predictionFeatureNames,
  probabilityOf,
  sigmoid,
  type CalibrationRow,
  type LogisticModel,
  type MeasureCell,
  type WardProfile,
} from '@wardflow/shared';
import { addDays } from '../util/dates.util.js';
import { generateWardHistory, type HistoryWard, type WardHistoryRow } from './ward-history.generator.js';

export interface BacktestOptions {
  seed: number;
  wards: readonly HistoryWard[];
  days: number;
  /** Share of the labelled days (by date) used for fitting; the rest are scored. */
  trainFraction: number;
  /** Last simulated day, London 'YYYY-MM-DD'. Default 2026-11-21. */
  endDate?: string;
  /** L2 penalty of the fitted models; default: chosen by forward-chaining validation on the training days, as production does. For trying others. */
  lambda?: number;
}

export interface BacktestScores {
  auc: number | null;
  brier: number | null;
  calibration: CalibrationRow[];
}

export interface BacktestProfileResult {
  profile: WardProfile;
  trainRows: number;
  trainPositives: number;
  testRows: number;
  testPositives: number;
  model: BacktestScores;
  /** The same fit without sign constraints (penalty chosen for it the same way): what the constraint costs. */
  unconstrained: BacktestScores;
  expertDefault: BacktestScores;
  composite: BacktestScores;
  /** Sign-constrained, as production fits; `fitted.heldAtZero` lists the features held at 0. */
  fitted: LogisticModel;
  unconstrainedFitted: LogisticModel;
  converged: boolean;
  iterations: number;
  /** Platt scaling of the composite: P = sigmoid(intercept + slope * (score - mean) / sd), fitted on the training rows. */
  platt: { intercept: number; slope: number; mean: number; sd: number };
}

export interface BacktestResult {
  seed: number;
  days: number;
  wards: number;
  trainFraction: number;
  firstTestDate: string;
  lastTrainDate: string;
  profiles: BacktestProfileResult[];
  /** Both profiles' test rows together (each scored by its own profile's model). */
  pooled: {
    testRows: number;
    testPositives: number;
    model: BacktestScores;
    unconstrained: BacktestScores;
    expertDefault: BacktestScores;
    composite: BacktestScores;
  };
  notes: string[];
}

// ---- Plain composite: the dashboard's own (shared compositeScore over the default catalogue's bands).

/** The composite the heat map shows for a day's measure values; null when more than half the weight has no data. */
export function compositeFromValues(
  values: Readonly<Record<string, number | null>>,
  profile: WardProfile,
): number | null {
  const definitions = DEFAULT_MEASURES[profile];
  const cells: MeasureCell[] = definitions.map((def) => {
    const value = values[def.id];
    return value === null || value === undefined || !Number.isFinite(value)
      ? { measureId: def.id, value: null, band: null, reason: 'no data in the history' }
      : { measureId: def.id, value, band: bandFor(value, def) };
  });
  return compositeScore(cells, definitions).value;
}

// ---- Backtest.

interface Example {
  profile: WardProfile;
  date: string;
  features: Record<string, number | null>;
  composite: number | null;
  label: boolean;
}

function examples(rows: readonly WardHistoryRow[], profileOf: ReadonlyMap<string, WardProfile>): Example[] {
  const byWard = new Map<string, WardHistoryRow[]>();
  for (const row of rows) byWard.set(row.wardId, [...(byWard.get(row.wardId) ?? []), row]);
  const out: Example[] = [];
  for (const [wardId, days] of byWard) {
    const profile = profileOf.get(wardId) as WardProfile;
    days.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    days.forEach((day, t) => {
      const label = outcomeLabel(profile, days.slice(t + 1, t + 1 + OUTCOME_HORIZON_DAYS));
      if (label === null) return;
      const weekAgo = days[t - 7];
      // Only a row exactly 7 calendar days back is "7 days earlier".
      const before = weekAgo !== undefined && weekAgo.date === addDays(day.date, -7) ? weekAgo.values : null;
      out.push({
        profile,
        date: day.date,
        features: featuresFromValues(profile, day.values, before),
        composite: compositeFromValues(day.values, profile),
        label,
      });
    });
  }
  return out;
}

function scores(
  probabilities: readonly number[],
  rankScores: readonly number[],
  labels: readonly boolean[],
): BacktestScores {
  return {
    auc: auc(rankScores, labels),
    brier: brier(probabilities, labels),
    calibration: calibrationTable(probabilities, labels, 10),
  };
}

export function runBacktest(options: BacktestOptions): BacktestResult {
  const { seed, wards, days, trainFraction } = options;
  if (!(trainFraction > 0 && trainFraction < 1))
    throw new Error(`runBacktest: trainFraction must be between 0 and 1, got ${trainFraction}`);
  const rows = generateWardHistory({ seed, wards, days, endDate: options.endDate ?? '2026-11-21' });
  const all = examples(rows, new Map(wards.map((w) => [w.id, w.profile])));
  const dates = [...new Set(all.map((e) => e.date))].sort();
  const firstTestDate = dates[Math.floor(dates.length * trainFraction)];
  if (firstTestDate === undefined) throw new Error('runBacktest: no labelled days to split');
  // A training row's outcome window (the 7 days after it) must have ended before the first test day.
  const lastTrainDate = addDays(firstTestDate, -(OUTCOME_HORIZON_DAYS + 1));

  const pooled = {
    probs: [] as number[],
    unconstrained: [] as number[],
    expert: [] as number[],
    composite: [] as number[],
    compositeRank: [] as number[],
    labels: [] as boolean[],
  };
  const profiles: BacktestProfileResult[] = [];
  for (const profile of ['mental-health', 'acute'] as const) {
    const train = all.filter((e) => e.profile === profile && e.date <= lastTrainDate);
    const test = all.filter((e) => e.profile === profile && e.date >= firstTestDate);
    if (train.length === 0 || test.length === 0) continue;
    const trainLabels = train.map((e) => e.label);
    const testLabels = test.map((e) => e.label);

    const fitInput = {
      profile,
      featureNames: predictionFeatureNames(profile),
      rows: train.map((e) => e.features),
      labels: trainLabels,
      fittedAt: `${lastTrainDate}T23:59:59.000Z`,
      // Without a given penalty, the fit chooses one by forward-chaining validation on the training dates, as the weekly refit does.
      ...(options.lambda === undefined ? { dates: train.map((e) => e.date) } : { lambda: options.lambda }),
    };
    const { model, iterations, converged } = fitLogisticModel(fitInput);
    const unconstrainedModel = fitLogisticModel({ ...fitInput, signConstrained: false }).model;
    const expert = expertDefaultModel(profile);
    const modelProbs = test.map((e) => probabilityOf(model, e.features));
    const unconstrainedProbs = test.map((e) => probabilityOf(unconstrainedModel, e.features));
    const expertProbs = test.map((e) => probabilityOf(expert, e.features));

    // Composite with no data counts as the training rows' mean score, as the model reads a missing feature as its mean.
    const known = train.map((e) => e.composite).filter((c): c is number => c !== null);
    const mean = known.length === 0 ? 0 : known.reduce((a, b) => a + b, 0) / known.length;
    const sd = Math.sqrt(known.reduce((a, c) => a + (c - mean) ** 2, 0) / Math.max(1, known.length)) || 1;
    const zc = (e: Example): number => ((e.composite ?? mean) - mean) / sd;
    const platt = fitLogistic(
      train.map((e) => [zc(e)]),
      trainLabels,
      { lambda: 0 },
    );
    const compositeProbs = test.map((e) => sigmoid(platt.intercept + (platt.weights[0] as number) * zc(e)));
    const compositeRank = test.map((e) => e.composite ?? mean);

    profiles.push({
      profile,
      trainRows: train.length,
      trainPositives: trainLabels.filter(Boolean).length,
      testRows: test.length,
      testPositives: testLabels.filter(Boolean).length,
      model: scores(modelProbs, modelProbs, testLabels),
      unconstrained: scores(unconstrainedProbs, unconstrainedProbs, testLabels),
      expertDefault: scores(expertProbs, expertProbs, testLabels),
      composite: scores(compositeProbs, compositeRank, testLabels),
      fitted: model,
      unconstrainedFitted: unconstrainedModel,
      converged,
      iterations,
      platt: { intercept: platt.intercept, slope: platt.weights[0] as number, mean, sd },
    });
    pooled.probs.push(...modelProbs);
    pooled.unconstrained.push(...unconstrainedProbs);
    pooled.expert.push(...expertProbs);
    pooled.composite.push(...compositeProbs);
    // Pooled AUC of the composite ranks by its calibrated probability: raw scores of two profiles are not on one scale of risk.
    pooled.compositeRank.push(...compositeProbs);
    pooled.labels.push(...testLabels);
  }

  return {
    seed,
    days,
    wards: wards.length,
    trainFraction,
    firstTestDate,
    lastTrainDate,
    profiles,
    pooled: {
      testRows: pooled.labels.length,
      testPositives: pooled.labels.filter(Boolean).length,
      model: scores(pooled.probs, pooled.probs, pooled.labels),
      unconstrained: scores(pooled.unconstrained, pooled.unconstrained, pooled.labels),
      expertDefault: scores(pooled.expert, pooled.expert, pooled.labels),
      composite: scores(pooled.composite, pooled.compositeRank, pooled.labels),
    },
    notes: [
      `Training rows: dates up to ${lastTrainDate}, whose 7-day outcome was known before the first test day ${firstTestDate}; the ${OUTCOME_HORIZON_DAYS} days between are left out.`,
      'Composite AUC ranks by the raw 0-100 score; its Brier and calibration use a probability from Platt scaling (one-feature logistic regression on the score) fitted on the training rows.',
      'A composite with no data (more than half the weight missing) is read as the training mean score.',
      'Expert default: the hand-set model a profile uses before it has enough history, scored on the same test rows.',
      "Model: weights kept on their measure's side of 0 (higher is worse: >= 0, lower is worse: <= 0, the 7-day change as its level), as production fits; unconstrained: the same fit without that, for comparison only.",
    ],
  };
}

/** A trust of `count` wards, alternately mental-health (16-22 beds) and acute (24-32 beds). */
export function backtestWards(count: number): HistoryWard[] {
  return Array.from({ length: count }, (_, i): HistoryWard => {
    const mh = i % 2 === 0;
    const n = Math.floor(i / 2);
    return mh
      ? { id: `mh-${n + 1}`, profile: 'mental-health', beds: 16 + ((n * 3) % 7) }
      : { id: `acute-${n + 1}`, profile: 'acute', beds: 24 + ((n * 5) % 9) };
  });
}
