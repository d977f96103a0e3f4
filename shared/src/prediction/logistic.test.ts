import { expertDefaultModel, fitLogistic, fitLogisticModel, predictionFeatureNames, probabilityOf, sigmoid, type LogisticModel } from './index.js';

/** mulberry32: a seeded sample so the test is the same every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(next: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
}

describe('fitLogistic', () => {
  it('should recover known coefficients from a large synthetic logistic sample', () => {
    const next = rng(42);
    const truth = { intercept: -0.8, weights: [1.2, -0.7, 0.4, 0] };
    const x: number[][] = [];
    const y: boolean[] = [];
    for (let i = 0; i < 20_000; i++) {
      const row = truth.weights.map(() => normal(next));
      x.push(row);
      y.push(next() < sigmoid(truth.intercept + row.reduce((s, v, j) => s + v * (truth.weights[j] as number), 0)));
    }
    const fit = fitLogistic(x, y);
    expect(fit.converged).toBe(true);
    expect(fit.iterations).toBeLessThan(15);
    expect(fit.intercept).toBeCloseTo(truth.intercept, 1);
    fit.weights.forEach((w, j) => expect(Math.abs(w - (truth.weights[j] as number))).toBeLessThan(0.07));
  });

  it('should shrink the weights, not the intercept, as lambda grows', () => {
    const x = [[-2], [-1], [0], [1], [2], [0.5], [-0.5], [1.5]];
    const y = [false, false, true, true, true, false, true, true];
    const loose = fitLogistic(x, y, { lambda: 0.01 });
    const tight = fitLogistic(x, y, { lambda: 1e6 });
    expect(Math.abs(tight.weights[0] as number)).toBeLessThan(1e-4);
    expect(Math.abs(loose.weights[0] as number)).toBeGreaterThan(0.5);
    // With the weight gone the unpenalised intercept is the base rate's log-odds (5 of 8).
    expect(tight.intercept).toBeCloseTo(Math.log(5 / 3), 3);
  });

  it('should stay finite on separable data thanks to the penalty', () => {
    const fit = fitLogistic([[-2], [-1], [1], [2]], [false, false, true, true]);
    expect(fit.converged).toBe(true);
    expect(Number.isFinite(fit.weights[0])).toBe(true);
  });

  it('should stop at the iteration cap', () => {
    expect(fitLogistic([[-2], [-1], [1], [0]], [false, true, true, false], { maxIterations: 1 }).iterations).toBe(1);
  });

  it('should refuse one-class labels and mismatched rows', () => {
    expect(() => fitLogistic([[1], [2]], [true, true])).toThrow(/both outcomes/);
    expect(() => fitLogistic([[1]], [true, false])).toThrow(/1 rows but 2 labels/);
  });
});

describe('fitLogisticModel', () => {
  const names = ['a', 'b'];
  const rows = [
    { a: 1, b: 5 },
    { a: 2, b: 5 },
    { a: 3, b: null },
    { a: 4, b: 5 },
    { a: 5, b: 5 },
    { a: 6, b: 5 },
  ];
  const labels = [false, false, true, false, true, true];
  const { model } = fitLogisticModel({ profile: 'acute', featureNames: names, rows, labels, fittedAt: '2026-11-22T02:00:00.000Z' });

  it('should record how it was fitted', () => {
    expect(model).toMatchObject({ profile: 'acute', featureNames: names, fittedAt: '2026-11-22T02:00:00.000Z', trainingRows: 6, positives: 3, source: 'fitted' });
    expect(model.means).toEqual([3.5, 5]);
    // b never varies: sd 1 and a weight of exactly 0 (its z is always 0).
    expect(model.sds[1]).toBe(1);
    expect(model.weights[1]).toBe(0);
    expect(model.weights[0]).toBeGreaterThan(0);
  });

  it('should survive a JSON round trip and predict the same', () => {
    const back = JSON.parse(JSON.stringify(model)) as LogisticModel;
    expect(back).toEqual(model);
    expect(probabilityOf(back, { a: 4.2, b: null })).toBe(probabilityOf(model, { a: 4.2, b: null }));
    const expert = expertDefaultModel('mental-health');
    expect(JSON.parse(JSON.stringify(expert))).toEqual(expert);
  });
});

describe('expertDefaultModel', () => {
  it.each(['mental-health', 'acute'] as const)('should weigh every %s measure in the catalogue direction', (profile) => {
    const m = expertDefaultModel(profile);
    expect(m.featureNames).toEqual(predictionFeatureNames(profile));
    expect(m.source).toBe('expert-default');
    m.featureNames.forEach((name, j) => {
      const w = m.weights[j] as number;
      if (name.startsWith('fill-rate')) expect(w).toBeLessThan(0);
      else expect(w).toBeGreaterThan(0);
    });
    expect(sigmoid(m.intercept)).toBeCloseTo(0.25, 6);
  });
});
