/**
 * L2-penalised logistic regression fitted by IRLS (Newton's method), one model per ward profile.
 * The model is plain data (numbers and strings) so it can be stored as JSON and read back by the
 * server and shown by the client without any class.
 */
import { Matrix, solve } from 'ml-matrix';
import type { WardProfile } from '../ward.types.js';
import { featureVector, fitStandardisation, standardise, type FeatureValues } from './features.js';

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
}

export interface LogisticFitOptions {
  /** L2 penalty on the weights (not the intercept): objective = log-likelihood - lambda/2 * |w|^2. Default 1. */
  lambda?: number;
  /** Default 50. */
  maxIterations?: number;
  /** Stop when no coefficient moves more than this. Default 1e-8. */
  tolerance?: number;
}

export interface LogisticFit {
  weights: number[];
  intercept: number;
  iterations: number;
  converged: boolean;
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

function objective(x: ReadonlyArray<ReadonlyArray<number>>, y: readonly boolean[], beta: readonly number[], lambda: number): number {
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

/**
 * Fits on already standardised rows. Both outcomes must occur: with one class the unpenalised
 * intercept has no finite optimum. Newton steps are halved when they would lower the penalised
 * likelihood, so a poor start cannot make it diverge.
 */
export function fitLogistic(x: ReadonlyArray<ReadonlyArray<number>>, y: readonly boolean[], options: LogisticFitOptions = {}): LogisticFit {
  const lambda = options.lambda ?? DEFAULT_LAMBDA;
  const maxIterations = options.maxIterations ?? DEFAULT_MAX_ITERATIONS;
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  if (x.length !== y.length) throw new Error(`fitLogistic: ${x.length} rows but ${y.length} labels`);
  const positives = y.filter(Boolean).length;
  if (positives === 0 || positives === y.length) throw new Error('fitLogistic: needs both outcomes in the training rows');
  if (!(lambda >= 0)) throw new Error(`fitLogistic: lambda must be >= 0, got ${lambda}`);
  const p = (x[0] ?? []).length;
  const k = p + 1;
  for (const row of x) if (row.length !== p) throw new Error('fitLogistic: rows of different lengths');

  // Start at the base rate: the intercept-only optimum, so the first step is already small.
  const rate = positives / y.length;
  let beta = [Math.log(rate / (1 - rate)), ...new Array<number>(p).fill(0)];
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
    const hessian = new Matrix(k, k);
    for (let a = 0; a < k; a++) {
      for (let b = a; b < k; b++) {
        hessian.set(a, b, h[a * k + b] as number);
        hessian.set(b, a, h[a * k + b] as number);
      }
    }
    const step = solve(hessian, Matrix.columnVector(Array.from(g))).to1DArray();
    if (step.some((s) => !Number.isFinite(s))) break;

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
  return { intercept: beta[0] as number, weights: beta.slice(1), iterations, converged };
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
 * the cautious default.
 */
export function chooseLambda(x: ReadonlyArray<ReadonlyArray<number>>, y: readonly boolean[], dates: readonly string[]): number {
  const order = x.map((_, i) => i).sort((a, b) => ((dates[a] ?? '') < (dates[b] ?? '') ? -1 : (dates[a] ?? '') > (dates[b] ?? '') ? 1 : a - b));
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
        { lambda },
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
export function fitLogisticModel(input: FitModelInput): { model: LogisticModel; iterations: number; converged: boolean } {
  const names = [...input.featureNames];
  const raw = input.rows.map((r) => featureVector(names, r));
  const s = fitStandardisation(raw, names.length);
  const x = raw.map((r) => standardise(r, s));
  const lambda = input.lambda ?? (input.dates === undefined ? DEFAULT_LAMBDA : chooseLambda(x, input.labels, input.dates));
  const fit = fitLogistic(x, input.labels, { lambda });
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
