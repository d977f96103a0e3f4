import { expectedSign } from '@wardflow/shared';
import { backtestWards, compositeFromValues, runBacktest } from './backtest.js';

describe('compositeFromValues', () => {
  const green = {
    occupancy: 80,
    'bank-agency': 10,
    sickness: 3,
    'fill-rate': 100,
    turbulence: 2,
    'enhanced-observations': 0,
    'violence-aggression': 0,
    'restrictive-practice': 0,
    awol: 0,
    'self-harm': 0,
  };

  it('should be 0 when all green and 100 when all red', () => {
    expect(compositeFromValues(green, 'mental-health')).toBe(0);
    const red = {
      occupancy: 95,
      'bank-agency': 25,
      sickness: 6,
      'fill-rate': 90,
      turbulence: 12,
      'enhanced-observations': 4,
      'violence-aggression': 40,
      'restrictive-practice': 30,
      awol: 2,
      'self-harm': 20,
    };
    expect(compositeFromValues(red, 'mental-health')).toBe(100);
  });

  it('should weigh points by the catalogue weights, thresholds inclusive', () => {
    // Occupancy amber (1 point x 1.5) and fill rate at amber 95 (lower is worse: 1 x 1): 2.5 / (2 x 11.5).
    expect(compositeFromValues({ ...green, occupancy: 90, 'fill-rate': 95 }, 'mental-health')).toBe(
      Math.round((100 * 2.5) / 23),
    );
    // Acute delayed discharges: amber 2, red 4.
    const acute = {
      occupancy: 80,
      'bank-agency': 10,
      sickness: 3,
      'fill-rate': 100,
      turbulence: 2,
      deteriorating: 0,
      falls: 0,
      hypoglycaemia: 0,
      'delayed-discharges': 4,
      'overdue-observations': 0,
    };
    expect(compositeFromValues(acute, 'acute')).toBe(Math.round((100 * 2) / 23));
  });

  it('should score over the measures with data and give null when more than half the weight has none', () => {
    // Without occupancy (1.5) only 10 of weight is left: 1 red point on turbulence = 2 / 20.
    expect(compositeFromValues({ ...green, occupancy: null, turbulence: 12 }, 'mental-health')).toBe(10);
    // Stale incidents and staffing: 2, 3, 4, 7, 8, 10 = 7 of 11.5 missing.
    const stale = {
      ...green,
      'bank-agency': null,
      sickness: null,
      'fill-rate': null,
      'violence-aggression': null,
      'restrictive-practice': null,
      'self-harm': null,
    };
    expect(compositeFromValues(stale, 'mental-health')).toBeNull();
  });
});

describe('runBacktest', () => {
  const result = runBacktest({ seed: 1, wards: backtestWards(8), days: 120, trainFraction: 0.6 });

  it('should split by date with the outcome window between training and test', () => {
    expect(result.lastTrainDate < result.firstTestDate).toBe(true);
    expect(result.profiles.map((p) => p.profile)).toEqual(['mental-health', 'acute']);
    for (const p of result.profiles) {
      expect(p.trainRows).toBeGreaterThan(150);
      expect(p.testRows).toBeGreaterThan(100);
      expect(p.converged).toBe(true);
      expect(p.fitted.trainingRows).toBe(p.trainRows);
    }
    expect(result.pooled.testRows).toBe(result.profiles.reduce((a, p) => a + p.testRows, 0));
    expect(result.notes.join(' ')).toMatch(/Platt scaling/);
  });

  it('should be a realistic problem: prevalence about 15-35%, AUC well above chance but not near 1 (the script run)', () => {
    // 8 wards is too few to say much about one run (AUC 0.50 to 0.94 over seeds 1-5), so this looks at 180 days x 12 wards.
    const result = runBacktest({ seed: 1, wards: backtestWards(12), days: 180, trainFraction: 0.6 });
    const prevalence = result.pooled.testPositives / result.pooled.testRows;
    expect(prevalence).toBeGreaterThan(0.15);
    expect(prevalence).toBeLessThan(0.4);
    expect(result.pooled.model.auc).toBeGreaterThan(0.6);
    // The run the README and `npm run backtest` report: the sign-constrained model beats the composite.
    expect(result.pooled.model.auc).toBeGreaterThan(result.pooled.composite.auc as number);
    for (const s of [
      result.pooled.model,
      result.pooled.unconstrained,
      result.pooled.composite,
      result.pooled.expertDefault,
    ]) {
      expect(s.auc).toBeGreaterThan(0.5);
      expect(s.auc).toBeLessThan(0.95);
      expect(s.calibration).toHaveLength(10);
      expect(s.calibration.reduce((a, r) => a + r.n, 0)).toBe(result.pooled.testRows);
    }
  });

  it('should be the same for the same seed', () => {
    expect(runBacktest({ seed: 1, wards: backtestWards(8), days: 120, trainFraction: 0.6 }).pooled).toEqual(
      result.pooled,
    );
  });

  // One small history is noisy (8 wards: single-seed AUCs swing by 0.1), so the claim is made over
  // five fixed seeds, not one that happens to pass: on average, and on most of them. "Most" was 4 of
  // 5 before weights were kept to their measures' directions; the constraint costs about 0.01-0.04
  // AUC where the simulator's collinearity helps ranking (seed 2: 0.645 against the composite's
  // 0.657, unconstrained 0.682), so it is now 3 of 5, a majority, with the mean still ahead.
  it('should beat the plain composite on AUC over 180 days x 8 wards, seeds 1-5, with the penalty chosen on the training days alone', () => {
    const runs = [1, 2, 3, 4, 5].map(
      (seed) => runBacktest({ seed, wards: backtestWards(8), days: 180, trainFraction: 0.6 }).pooled,
    );
    const mean = (pick: (p: (typeof runs)[number]) => number | null) =>
      runs.reduce((a, p) => a + (pick(p) ?? 0), 0) / runs.length;
    expect(mean((p) => p.model.auc)).toBeGreaterThan(mean((p) => p.composite.auc));
    expect(runs.filter((p) => (p.model.auc ?? 0) > (p.composite.auc ?? 1)).length).toBeGreaterThanOrEqual(3);
  });

  it("should keep every fitted weight on its measure's side, with staff sickness held at 0 where the unconstrained fit turns it negative", () => {
    for (const profile of result.profiles) {
      const { fitted, unconstrainedFitted } = profile;
      fitted.featureNames.forEach((name, j) => {
        const sign = expectedSign(profile.profile, name);
        expect(sign).not.toBeNull();
        expect((sign as number) * (fitted.weights[j] as number)).toBeGreaterThanOrEqual(0);
      });
      for (const held of fitted.heldAtZero ?? [])
        expect(fitted.weights[fitted.featureNames.indexOf(held.feature)]).toBe(0);
      expect(unconstrainedFitted.heldAtZero).toBeUndefined();
    }
    // The case that started it (180 days x 12 wards, seed 1): sickness and its rise come out negative
    // without the constraint in both profiles, though the hidden drivers make both harmful.
    const big = runBacktest({ seed: 1, wards: backtestWards(12), days: 180, trainFraction: 0.6 });
    for (const profile of big.profiles) {
      const at = (name: string) => profile.fitted.featureNames.indexOf(name);
      expect(profile.unconstrainedFitted.weights[at('sickness')]).toBeLessThan(0);
      expect(profile.fitted.weights[at('sickness')]).toBe(0);
      expect(profile.fitted.heldAtZero?.map((h) => h.feature)).toEqual(
        expect.arrayContaining(['sickness', 'sickness:7d-change']),
      );
    }
  });

  it('should find the strongest hidden driver: bank and agency usage among the five largest weights in both profiles', () => {
    const big = runBacktest({ seed: 1, wards: backtestWards(12), days: 180, trainFraction: 0.6 });
    for (const profile of big.profiles) {
      const ranked = profile.fitted.featureNames
        .map((name, i) => ({ name, weight: profile.fitted.weights[i] as number }))
        .sort((a, b) => b.weight - a.weight);
      expect(ranked.slice(0, 5).map((r) => r.name)).toContain('bank-agency');
    }
  });
});
