import fc from 'fast-check';
import {
  expectedSign,
  expectedSigns,
  expertDefaultModel,
  fitLogistic,
  fitLogisticModel,
  predictionFeatureNames,
  probabilityOf,
  sigmoid,
  type LogisticModel,
} from './index.js';

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
  const { model } = fitLogisticModel({
    profile: 'acute',
    featureNames: names,
    rows,
    labels,
    fittedAt: '2026-11-22T02:00:00.000Z',
  });

  it('should record how it was fitted', () => {
    expect(model).toMatchObject({
      profile: 'acute',
      featureNames: names,
      fittedAt: '2026-11-22T02:00:00.000Z',
      trainingRows: 6,
      positives: 3,
      source: 'fitted',
    });
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
  it.each(['mental-health', 'acute'] as const)(
    'should weigh every %s measure in the catalogue direction',
    (profile) => {
      const m = expertDefaultModel(profile);
      expect(m.featureNames).toEqual(predictionFeatureNames(profile));
      expect(m.source).toBe('expert-default');
      // Strictly on the measure's side (none is 0), by the catalogue's directions rather than a hand list.
      m.featureNames.forEach((name, j) => {
        expect({ name, signed: Math.sign(m.weights[j] as number) }).toEqual({
          name,
          signed: expectedSign(profile, name),
        });
      });
      expect(expectedSign(profile, 'fill-rate')).toBe(-1);
      expect(sigmoid(m.intercept)).toBeCloseTo(0.25, 6);
    },
  );
});

/** Penalised log-likelihood, written out again here so the tests do not trust the code they check. */
function penalisedLikelihood(
  x: number[][],
  y: boolean[],
  intercept: number,
  weights: readonly number[],
  lambda: number,
): number {
  let ll = 0;
  x.forEach((row, i) => {
    const eta = intercept + row.reduce((a, v, j) => a + v * (weights[j] as number), 0);
    ll += (y[i] ? eta : 0) - Math.log1p(Math.exp(-Math.abs(eta))) - Math.max(eta, 0);
  });
  return ll - (lambda / 2) * weights.reduce((a, w) => a + w * w, 0);
}

/**
 * Suppression, as on the simulated wards: harm follows `other` only; bank and agency use is made of
 * sickness plus `other`. Given bank use, more sickness means less of `other`, so the unconstrained
 * fit gives sickness a clearly negative weight though sickness itself does no harm.
 */
function suppressedSample(seed: number, n: number): { x: number[][]; y: boolean[] } {
  const next = rng(seed);
  const x: number[][] = [];
  const y: boolean[] = [];
  for (let i = 0; i < n; i++) {
    const sickness = normal(next);
    const other = normal(next);
    x.push([sickness, sickness + other + 0.3 * normal(next)]);
    y.push(next() < sigmoid(-1 + 1.2 * other));
  }
  return { x, y };
}

describe('fitLogistic with sign constraints', () => {
  it('should hold at 0 a collinear weight the unconstrained fit turns against its measure, and keep the other', () => {
    const { x, y } = suppressedSample(7, 3000);
    const free = fitLogistic(x, y, { lambda: 1 });
    expect(free.weights[0]).toBeLessThan(-0.5);
    expect(free.weights[1]).toBeGreaterThan(0.5);
    expect(free.heldAtZero).toEqual([]);

    const bound = fitLogistic(x, y, { lambda: 1, signs: [1, 1] });
    expect(bound.converged).toBe(true);
    expect(bound.weights[0]).toBe(0);
    expect(bound.heldAtZero).toEqual([0]);
    expect(bound.weights[1]).toBeGreaterThan(0);
    // The price of the bound is real but small next to what the free fit gains from the flip.
    const atFree = penalisedLikelihood(x, y, free.intercept, free.weights, 1);
    const atBound = penalisedLikelihood(x, y, bound.intercept, bound.weights, 1);
    expect(atBound).toBeLessThan(atFree);
  });

  it('should record the held feature, its unconstrained weight and why, through fitLogisticModel', () => {
    const { x, y } = suppressedSample(7, 3000);
    const rows = x.map(([sickness, bank]) => ({ sickness, 'bank-agency': bank }));
    const input = {
      profile: 'mental-health' as const,
      featureNames: ['sickness', 'bank-agency'],
      rows,
      labels: y,
      fittedAt: '2026-11-22T02:00:00.000Z',
      lambda: 1,
    };
    const { model, converged } = fitLogisticModel(input);
    expect(converged).toBe(true);
    expect(model.weights[0]).toBe(0);
    expect(model.weights[1]).toBeGreaterThan(0);
    expect(model.heldAtZero).toEqual([
      {
        feature: 'sickness',
        expectedSign: 1,
        unconstrainedWeight: expect.any(Number) as number,
        reason: expect.stringMatching(/^Staff sickness: higher is worse, but .*held at 0\.$/) as string,
      },
    ]);
    expect(model.heldAtZero?.[0]?.unconstrainedWeight).toBeLessThan(-0.5);
    // The comparison fit, for the backtest: no bounds and no heldAtZero field, as models were before.
    const free = fitLogisticModel({ ...input, signConstrained: false }).model;
    expect(free.weights[0]).toBeLessThan(-0.5);
    expect(free).not.toHaveProperty('heldAtZero');
  });

  it('should give the unconstrained fit when it already keeps every sign', () => {
    const next = rng(3);
    const x: number[][] = [];
    const y: boolean[] = [];
    for (let i = 0; i < 2000; i++) {
      const row = [normal(next), normal(next), normal(next)];
      x.push(row);
      y.push(next() < sigmoid(-0.5 + 0.8 * (row[0] as number) - 0.6 * (row[1] as number)));
    }
    const free = fitLogistic(x, y, { lambda: 3 });
    const bound = fitLogistic(x, y, { lambda: 3, signs: [1, -1, null] });
    expect(bound.heldAtZero).toEqual([]);
    bound.weights.forEach((w, j) => expect(w).toBeCloseTo(free.weights[j] as number, 9));
    expect(bound.intercept).toBeCloseTo(free.intercept, 9);
  });

  it('should refuse signs of the wrong length', () => {
    expect(() =>
      fitLogistic(
        [
          [1, 2],
          [2, 1],
        ],
        [true, false],
        { signs: [1] },
      ),
    ).toThrow(/1 signs for 2 weights/);
  });

  // Random small problems, some with strongly collinear columns so bounds bind often (and, in about
  // one in five, a held weight has to be let back in later).
  const problemOf = (minP: number) =>
    fc
      .record({
        n: fc.integer({ min: 12, max: 60 }),
        p: fc.integer({ min: minP, max: 4 }),
        seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        collinear: fc.double({ min: 0, max: 0.98, noNaN: true }),
        lambda: fc.constantFrom(0.1, 1, 10, 100),
        signs: fc.array(fc.constantFrom<1 | -1 | null>(1, -1, null), { minLength: 4, maxLength: 4 }),
      })
      .map(({ n, p, seed, collinear, lambda, signs }) => {
        const next = rng(seed);
        const x: number[][] = [];
        const y: boolean[] = [];
        for (let i = 0; i < n; i++) {
          const common = normal(next);
          const row = Array.from(
            { length: p },
            () => collinear * common + Math.sqrt(1 - collinear ** 2) * normal(next),
          );
          x.push(row);
          y.push(next() < sigmoid(0.8 * common + 0.5 * normal(next)));
        }
        // Both outcomes, as fitLogistic requires.
        y[0] = true;
        y[1] = false;
        return { x, y, lambda, signs: signs.slice(0, p) };
      });
  const problem = problemOf(1);

  it('should always keep every weight on its allowed side, held ones at exactly 0, with no held weight wanting out (property)', () => {
    fc.assert(
      fc.property(problem, ({ x, y, lambda, signs }) => {
        const fit = fitLogistic(x, y, { lambda, signs });
        expect(fit.converged).toBe(true);
        fit.weights.forEach((w, j) => {
          const s = signs[j] ?? null;
          if (s !== null) expect(s * w).toBeGreaterThanOrEqual(0);
        });
        // Moving a held weight to its allowed side would not raise the likelihood (its gradient at 0,
        // where the penalty's is 0, does not point that way).
        const residuals = x.map(
          (row, i) =>
            (y[i] ? 1 : 0) - sigmoid(fit.intercept + row.reduce((a, v, j) => a + v * (fit.weights[j] as number), 0)),
        );
        for (const j of fit.heldAtZero) {
          expect(fit.weights[j]).toBe(0);
          expect(signs[j]).not.toBeNull();
          const gradient = x.reduce((a, row, i) => a + (row[j] as number) * (residuals[i] as number), 0);
          expect((signs[j] as number) * gradient).toBeLessThanOrEqual(1e-6 * x.length);
        }
      }),
      { numRuns: 150, seed: 20261122 },
    );
  });

  it('should find the constrained optimum: no feasible choice of weights held at 0 does better (property, against every subset)', () => {
    fc.assert(
      fc.property(problemOf(4), ({ x, y, lambda, signs }) => {
        const fit = fitLogistic(x, y, { lambda, signs });
        const best = penalisedLikelihood(x, y, fit.intercept, fit.weights, lambda);
        const p = signs.length;
        // Every subset of the constrained weights held at 0 (by leaving their columns out), the rest free.
        for (let mask = 0; mask < 2 ** p; mask++) {
          const zeroed = signs.map((s, j) => s !== null && ((mask >> j) & 1) === 1);
          if (signs.some((s, j) => s === null && ((mask >> j) & 1) === 1)) continue;
          const keep = signs.map((_, j) => j).filter((j) => !zeroed[j]);
          const sub =
            keep.length === 0
              ? null
              : fitLogistic(
                  x.map((row) => keep.map((j) => row[j] as number)),
                  y,
                  { lambda },
                );
          const weights = signs.map(() => 0);
          keep.forEach((j, i) => (weights[j] = sub?.weights[i] as number));
          const intercept = sub?.intercept ?? Math.log(y.filter(Boolean).length / y.filter((v) => !v).length);
          if (!weights.every((w, j) => (signs[j] ?? null) === null || (signs[j] as number) * w >= 0)) continue;
          expect(penalisedLikelihood(x, y, intercept, weights, lambda)).toBeLessThanOrEqual(best + 1e-7);
        }
      }),
      { numRuns: 100, seed: 20261123 },
    );
  });
});

describe('fitLogisticModel on the prediction features', () => {
  it("should keep every fitted weight on its measure's side on random ward-like data (property)", () => {
    const profile = 'acute' as const;
    const names = predictionFeatureNames(profile);
    const signs = expectedSigns(profile, names);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 40, max: 120 }), (seed, n) => {
        const next = rng(seed);
        const rows = Array.from({ length: n }, () => {
          const stress = normal(next);
          return Object.fromEntries(
            names.map((name) => [name, next() < 0.05 ? null : stress * (next() - 0.3) + normal(next)]),
          );
        });
        const labels = rows.map(() => next() < 0.3);
        labels[0] = true;
        labels[1] = false;
        const { model } = fitLogisticModel({
          profile,
          featureNames: names,
          rows,
          labels,
          fittedAt: '2026-11-22T02:00:00.000Z',
          lambda: 1,
        });
        model.weights.forEach((w, j) => expect((signs[j] as number) * w).toBeGreaterThanOrEqual(0));
        expect(model.heldAtZero).toBeDefined();
        for (const h of model.heldAtZero ?? []) {
          expect(model.weights[names.indexOf(h.feature)]).toBe(0);
          expect(h.expectedSign).toBe(signs[names.indexOf(h.feature)]);
        }
      }),
      { numRuns: 25, seed: 7 },
    );
  });
});
