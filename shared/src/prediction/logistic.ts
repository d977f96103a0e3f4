/**
 * L2-penalised logistic regression fitted by IRLS (Newton's method), one model per ward profile.
 * The model is plain data (numbers and strings) so it can be stored as JSON and read back by the
 * server and shown by the client without any class.
 */
import { Matrix, solve } from 'ml-matrix';
import type { WardProfile } from '../ward.types.js';
import { featureVector, fitStandardisation, standardise, type FeatureValues } from './features.js';
import { expectedSigns, heldAtZeroReason, type FeatureSign, type HeldAtZero } from './sign-constraints.js';

export interface LogisticModel {
  profile: WardProfile;
  featureNames: string[];
  /** Standardisation of each feature (training means and sds; sd 0 stored as 1). */
  means: number[];
  sds: number[];
  /** Per standardised feature, same order as featureNames. */
  weights: number[];
  intercept: number;
  /** UTC ISO instant the model was fitted (or the expert defaults were written). */
  fittedAt: string;
  trainingRows: number;
  positives: number;
  /** The L2 penalty it was fitted with (null for the expert defaults, which were not fitted). */
  lambda: number | null;
  source: 'fitted' | 'expert-default';
  /**
   * Features the sign-constrained fit held at weight 0, and why (empty when none was). Optional so
   * models stored before sign constraints (jsonb in PostgreSQL) still load: absent means the model
   * was not fitted with them (or is the expert defaults, which were not fitted).
   */
  heldAtZero?: HeldAtZero[];
}

export interface LogisticFitOptions {
  /** L2 penalty on the weights (not the intercept): objective = log-likelihood - lambda/2 * |w|^2. Default 1. */
  lambda?: number;
  /** Default 50. */
  maxIterations?: number;
  /** Stop when no coefficient moves more than this. Default 1e-8. */
  tolerance?: number;
  /**
   * Per weight: 1 keeps it >= 0, -1 keeps it <= 0, null or 0 leaves it free. Empty or absent: no
   * constraints. See `expectedSigns` for the measures' directions.
   */
  signs?: ReadonlyArray<FeatureSign | 0 | null>;
}

export interface LogisticFit {
  weights: number[];
  intercept: number;
  /** Newton iterations over every subproblem. */
  iterations: number;
  /** The last IRLS converged and, with signs, no held weight wants to move to its allowed side. */
  converged: boolean;
  /** Indices of the weights held at exactly 0 by their sign bound, in order (empty without signs). */
  heldAtZero: number[];
}

export const DEFAULT_LAMBDA = 1;
const DEFAULT_MAX_ITERATIONS = 50;
const DEFAULT_TOLERANCE = 1e-8;

/** Logistic function without overflow for large |x|. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** log(1 + e^x) without overflow. */
function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

function objective(
  x: ReadonlyArray<ReadonlyArray<number>>,
  y: readonly boolean[],
  beta: readonly number[],
  lambda: number,
): number {
  let ll = 0;
  for (let i = 0; i < x.length; i++) {
    const eta = linear(x[i] as readonly number[], beta);
    ll += (y[i] ? eta : 0) - softplus(eta);
  }
  let pen = 0;
  for (let j = 1; j < beta.length; j++) pen += (beta[j] as number) ** 2;
  return ll - (lambda / 2) * pen;
}

/** beta[0] is the intercept. */
function linear(row: readonly number[], beta: readonly number[]): number {
  let eta = beta[0] as number;
  for (let j = 0; j < row.length; j++) eta += (beta[j + 1] as number) * (row[j] as number);
  return eta;
}

/** Gradient of the log-likelihood (no penalty) for each weight, at beta. */
function likelihoodGradient(
  x: ReadonlyArray<ReadonlyArray<number>>,
  y: readonly boolean[],
  beta: readonly number[],
): number[] {
  const p = beta.length - 1;
  const g = new Array<number>(p).fill(0);
  for (let i = 0; i < x.length; i++) {
    const row = x[i] as readonly number[];
    const r = (y[i] ? 1 : 0) - sigmoid(linear(row, beta));
    for (let j = 0; j < p; j++) g[j] = (g[j] as number) + (row[j] as number) * r;
  }
  return g;
}

interface NewtonResult {
  beta: number[];
  iterations: number;
  converged: boolean;
}

/**
 * Penalised IRLS from `start`, with the weights marked in `fixed` held where they are (their row
 * and column of the Hessian become the identity and their gradient 0, so their step is exactly 0).
 * Newton steps are halved when they would lower the penalised likelihood, so a poor start cannot
 * make it diverge.
 */
function newton(
  x: ReadonlyArray<ReadonlyArray<number>>,
  y: readonly boolean[],
  start: readonly number[],
  fixed: readonly boolean[],
  lambda: number,
  maxIterations: number,
  tolerance: number,
): NewtonResult {
  const p = start.length - 1;
  const k = p + 1;
  let beta = [...start];
  let current = objective(x, y, beta, lambda);
  let converged = false;
  let iterations = 0;
  const h = new Float64Array(k * k);
  const g = new Float64Array(k);
  const z = new Float64Array(k);
  z[0] = 1;

  while (iterations < maxIterations) {
    iterations++;
    h.fill(0);
    g.fill(0);
    for (let i = 0; i < x.length; i++) {
      const row = x[i] as readonly number[];
      for (let j = 0; j < p; j++) z[j + 1] = row[j] as number;
      const mu = sigmoid(linear(row, beta));
      const r = (y[i] ? 1 : 0) - mu;
      const w = Math.max(mu * (1 - mu), 1e-12);
      for (let a = 0; a < k; a++) {
        const za = z[a] as number;
        g[a] = (g[a] as number) + za * r;
        const wa = w * za;
        // Upper triangle only; mirrored below.
        for (let b = a; b < k; b++) h[a * k + b] = (h[a * k + b] as number) + wa * (z[b] as number);
      }
    }
    for (let j = 1; j < k; j++) {
      g[j] = (g[j] as number) - lambda * (beta[j] as number);
      h[j * k + j] = (h[j * k + j] as number) + lambda;
    }
    for (let j = 1; j < k; j++) {
      if (fixed[j - 1] !== true) continue;
      for (let a = 0; a < k; a++) {
        h[Math.min(a, j) * k + Math.max(a, j)] = 0;
      }
      h[j * k + j] = 1;
      g[j] = 0;
    }
    const hessian = new Matrix(k, k);
    for (let a = 0; a < k; a++) {
      for (let b = a; b < k; b++) {
        hessian.set(a, b, h[a * k + b] as number);
        hessian.set(b, a, h[a * k + b] as number);
      }
    }
    const step = solve(hessian, Matrix.columnVector(Array.from(g))).to1DArray();
    if (step.some((s) => !Number.isFinite(s))) break;
    // Exactly 0, whatever rounding the solver did: a held weight must not drift.
    for (let j = 1; j < k; j++) if (fixed[j - 1] === true) step[j] = 0;

    let scale = 1;
    let next = beta.map((b, j) => b + (step[j] as number));
    let value = objective(x, y, next, lambda);
    while (value < current - 1e-12 && scale > 1e-4) {
      scale /= 2;
      next = beta.map((b, j) => b + scale * (step[j] as number));
      value = objective(x, y, next, lambda);
    }
    const moved = Math.max(...step.map((s) => Math.abs(s * scale)));
    beta = next;
    current = value;
    if (moved < tolerance) {
      converged = true;
      break;
    }
  }
  return { beta, iterations, converged };
}

/**
 * Fits on already standardised rows. Both outcomes must occur: with one class the unpenalised
 * intercept has no finite optimum.
 *
 * With `signs`, each weight keeps to its side of 0 (the penalised likelihood's maximum under those
 * bounds, unique when lambda > 0 as the ridge penalty makes it strictly concave). Active set in the
 * Lawson-Hanson form rather than "fix the worst weight and refit": that simpler loop never lets a
 * weight back in, and under collinearity the weight that looks worst first is not always the one
 * that belongs at 0. Here, from a feasible point, each subproblem (held weights at 0, the rest free)
 * is solved by IRLS; if its solution breaks a bound, the fit moves towards it only as far as the
 * first weight reaching 0 (along that segment the objective only rises, being concave with its top
 * at the end), holds that weight, and solves again; once a solution is feasible, a held weight
 * whose gradient points to its allowed side is released. It ends when no held weight wants out:
 * the Karush-Kuhn-Tucker conditions, so the result is the constrained optimum.
 */
export function fitLogistic(
  x: ReadonlyArray<ReadonlyArray<number>>,
  y: readonly boolean[],
  options: LogisticFitOptions = {},
): LogisticFit {
  const lambda = options.lambda ?? DEFAULT_LAMBDA;
  const maxIterations = options.maxIterations ?? DEFAULT_MAX_ITERATIONS;
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  if (x.length !== y.length) throw new Error(`fitLogistic: ${x.length} rows but ${y.length} labels`);
  const positives = y.filter(Boolean).length;
  if (positives === 0 || positives === y.length)
    throw new Error('fitLogistic: needs both outcomes in the training rows');
  if (!(lambda >= 0)) throw new Error(`fitLogistic: lambda must be >= 0, got ${lambda}`);
  const p = (x[0] ?? []).length;
  for (const row of x) if (row.length !== p) throw new Error('fitLogistic: rows of different lengths');
  const signs = options.signs ?? [];
  if (signs.length !== 0 && signs.length !== p) throw new Error(`fitLogistic: ${signs.length} signs for ${p} weights`);
  const sign = (j: number): number => signs[j] ?? 0;

  // Start at the base rate with every weight 0: the intercept-only optimum, so the first step is
  // already small, and a point that keeps every sign bound.
  const rate = positives / y.length;
  let beta = [Math.log(rate / (1 - rate)), ...new Array<number>(p).fill(0)];
  const held = new Array<boolean>(p).fill(false);
  let iterations = 0;
  let newtonConverged = true;
  // Each round adds or releases a held weight; a cap guards against rounding making it cycle.
  const maxRounds = 4 * p + 10;
  let rounds = 0;
  let optimal = false;
  // A held weight is released only when its gradient (a sum over rows) clearly points to its allowed side.
  const releaseTolerance = 1e-7 * Math.max(1, x.length);

  while (rounds < maxRounds) {
    rounds++;
    const sub = newton(x, y, beta, held, lambda, maxIterations, tolerance);
    iterations += sub.iterations;
    newtonConverged = sub.converged;
    const target = sub.beta;
    const breaking: number[] = [];
    for (let j = 0; j < p; j++) if (!held[j] && sign(j) * (target[j + 1] as number) < 0) breaking.push(j);

    if (breaking.length > 0) {
      // Step from the feasible beta towards target until the first bound is reached (t in [0, 1)).
      const reach = (j: number): number => {
        const from = beta[j + 1] as number;
        return from / (from - (target[j + 1] as number));
      };
      const t = Math.max(0, Math.min(...breaking.map(reach)));
      beta = beta.map((b, j) => b + t * ((target[j] as number) - b));
      for (const j of breaking) {
        if (reach(j) <= t + 1e-12) {
          held[j] = true;
          beta[j + 1] = 0;
        }
      }
      // Rounding must not leave a free weight a hair past its bound: hold it at 0 too.
      for (let j = 0; j < p; j++) {
        if (!held[j] && sign(j) * (beta[j + 1] as number) < 0) {
          held[j] = true;
          beta[j + 1] = 0;
        }
      }
      continue;
    }

    beta = target;
    const gradient = likelihoodGradient(x, y, beta);
    let release = -1;
    let strongest = releaseTolerance;
    for (let j = 0; j < p; j++) {
      const pull = sign(j) * (gradient[j] as number);
      if (held[j] && pull > strongest) {
        strongest = pull;
        release = j;
      }
    }
    if (release < 0) {
      optimal = true;
      break;
    }
    held[release] = false;
  }

  const heldAtZero = held.flatMap((h, j) => (h ? [j] : []));
  return {
    intercept: beta[0] as number,
    weights: beta.slice(1),
    iterations,
    converged: newtonConverged && optimal,
    heldAtZero,
  };
}

export interface FitModelInput {
  profile: WardProfile;
  featureNames: readonly string[];
  /** Raw feature values per row (standardised here with these rows' means and sds). */
  rows: readonly FeatureValues[];
  labels: readonly boolean[];
  /** UTC ISO instant to record; passed in so fitting stays pure. */
  fittedAt: string;
  /** L2 penalty; when absent it is chosen from LAMBDA_GRID by forward-chaining validation on `dates`. */
  lambda?: number;
  /** London date of each row: the order validation folds follow, so no fold learns from its future. */
  dates?: readonly string[];
  /**
   * Keep each weight on its measure's side of 0 (`expectedSign`). Default true, as in production;
   * false only to compare with the unconstrained fit (the backtest does).
   */
  signConstrained?: boolean;
}

/** Penalties tried when none is given: from light to heavy. */
export const LAMBDA_GRID: readonly number[] = [1, 3, 10, 30, 100];
const VALIDATION_FOLDS = 4;

function logLoss(p: number, y: boolean): number {
  const q = Math.min(1 - 1e-9, Math.max(1e-9, p));
  return y ? -Math.log(q) : -Math.log(1 - q);
}

/**
 * The penalty that predicts best on later data: rows are ordered by date and cut into folds; each
 * penalty is fitted on the folds before each fold and scored (log-loss) on that fold. With little
 * history every penalty may fail to fit a fold (one outcome only): the heaviest is then chosen, as
 * the cautious default. `signs` are those of the final fit, so the penalty is chosen for the model
 * that will actually be used.
 */
export function chooseLambda(
  x: ReadonlyArray<ReadonlyArray<number>>,
  y: readonly boolean[],
  dates: readonly string[],
  signs: ReadonlyArray<FeatureSign | 0 | null> = [],
): number {
  const order = x
    .map((_, i) => i)
    .sort((a, b) => ((dates[a] ?? '') < (dates[b] ?? '') ? -1 : (dates[a] ?? '') > (dates[b] ?? '') ? 1 : a - b));
  const foldSize = Math.floor(order.length / (VALIDATION_FOLDS + 1));
  let best = { lambda: LAMBDA_GRID[LAMBDA_GRID.length - 1] as number, loss: Infinity };
  if (foldSize < 10) return best.lambda;
  for (const lambda of LAMBDA_GRID) {
    let loss = 0;
    let n = 0;
    for (let k = 1; k <= VALIDATION_FOLDS; k++) {
      const trainIdx = order.slice(0, k * foldSize);
      const testIdx = order.slice(k * foldSize, (k + 1) * foldSize);
      const labels = trainIdx.map((i) => y[i] as boolean);
      if (labels.every(Boolean) || !labels.some(Boolean)) continue;
      const fit = fitLogistic(
        trainIdx.map((i) => x[i] as number[]),
        labels,
        { lambda, signs },
      );
      for (const i of testIdx) {
        const row = x[i] as number[];
        const p = sigmoid(fit.intercept + row.reduce((sum, v, j) => sum + v * (fit.weights[j] ?? 0), 0));
        loss += logLoss(p, y[i] as boolean);
        n++;
      }
    }
    if (n > 0 && loss / n < best.loss) best = { lambda, loss: loss / n };
  }
  return best.lambda;
}

/** Standardises on the training rows and fits: the whole model as JSON-ready data. */
export function fitLogisticModel(input: FitModelInput): {
  model: LogisticModel;
  iterations: number;
  converged: boolean;
} {
  const names = [...input.featureNames];
  const raw = input.rows.map((r) => featureVector(names, r));
  const s = fitStandardisation(raw, names.length);
  const x = raw.map((r) => standardise(r, s));
  const constrained = input.signConstrained ?? true;
  const signs = constrained ? expectedSigns(input.profile, names) : [];
  const lambda =
    input.lambda ?? (input.dates === undefined ? DEFAULT_LAMBDA : chooseLambda(x, input.labels, input.dates, signs));
  const fit = fitLogistic(x, input.labels, { lambda, signs });
  // For the record only: what the same penalty gives without bounds, so the reason can show how far
  // against the measure the data pulled. One more fit, and only when something was held.
  const free = fit.heldAtZero.length === 0 ? null : fitLogistic(x, input.labels, { lambda });
  const heldAtZero = fit.heldAtZero.map((j): HeldAtZero => {
    const feature = names[j] as string;
    const expectedSign = signs[j] as FeatureSign;
    const unconstrainedWeight = free === null ? null : (free.weights[j] as number);
    return {
      feature,
      expectedSign,
      unconstrainedWeight,
      reason: heldAtZeroReason(feature, expectedSign, unconstrainedWeight),
    };
  });
  const model: LogisticModel = {
    profile: input.profile,
    featureNames: names,
    means: s.means,
    sds: s.sds,
    weights: fit.weights,
    intercept: fit.intercept,
    fittedAt: input.fittedAt,
    trainingRows: input.rows.length,
    positives: input.labels.filter(Boolean).length,
    lambda,
    source: 'fitted',
    ...(constrained ? { heldAtZero } : {}),
  };
  return { model, iterations: fit.iterations, converged: fit.converged };
}

/** Standardised contributions w_i * z_i in the model's feature order. */
export function contributions(model: LogisticModel, features: FeatureValues): number[] {
  const z = standardise(featureVector(model.featureNames, features), { means: model.means, sds: model.sds });
  return z.map((v, j) => (model.weights[j] ?? 0) * v);
}

/** Probability of the outcome for one row of raw features. */
export function probabilityOf(model: LogisticModel, features: FeatureValues): number {
  return sigmoid(model.intercept + contributions(model, features).reduce((a, b) => a + b, 0));
}
