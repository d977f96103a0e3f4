import { hasEnoughHistory, predict, sigmoid, type LogisticModel } from './index.js';

const model: LogisticModel = {
  profile: 'mental-health',
  featureNames: ['occupancy', 'occupancy:7d-change', 'bank-agency', 'fill-rate', 'self-harm'],
  means: [90, 0, 15, 95, 10],
  sds: [5, 2, 5, 5, 10],
  weights: [0.5, 0.2, 0.4, -0.3, 0.1],
  intercept: -1,
  fittedAt: '2026-11-22T00:00:00.000Z',
  trainingRows: 100,
  positives: 30,
  lambda: 1,
  source: 'fitted',
};

describe('predict', () => {
  it('should give the probability and the three largest positive drivers, largest first', () => {
    // z: occupancy 2 (1.0), change 1 (0.2), bank-agency 3 (1.2), fill-rate -2 (+0.6), self-harm -1 (-0.1).
    const p = predict(model, { occupancy: 100, 'occupancy:7d-change': 2, 'bank-agency': 30, 'fill-rate': 85, 'self-harm': 0 });
    expect(p.probability).toBeCloseTo(sigmoid(-1 + 1 + 0.2 + 1.2 + 0.6 - 0.1), 12);
    expect(p.drivers.map((d) => d.feature)).toEqual(['bank-agency', 'occupancy', 'fill-rate']);
    expect(p.drivers[0]).toEqual({ feature: 'bank-agency', measureId: 'bank-agency', label: 'Bank and agency usage', contribution: expect.closeTo(1.2, 12) as number });
    expect(p.drivers[2]?.contribution).toBeCloseTo(0.6, 12);
  });

  it('should label change features and leave out features that lower the risk', () => {
    const p = predict(model, { occupancy: 85, 'occupancy:7d-change': 4, 'bank-agency': 15, 'fill-rate': 100 });
    expect(p.drivers).toEqual([{ feature: 'occupancy:7d-change', measureId: 'occupancy', label: 'Bed occupancy: 7-day change', contribution: expect.closeTo(0.4, 12) as number }]);
  });

  it('should read no data as the mean: no drivers and the intercept alone', () => {
    const p = predict(model, {});
    expect(p.drivers).toEqual([]);
    expect(p.probability).toBeCloseTo(sigmoid(-1), 12);
  });

  it('should keep slot order between equal contributions', () => {
    const p = predict({ ...model, weights: [1, 1, 1, 1, 1], means: [0, 0, 0, 0, 0], sds: [1, 1, 1, 1, 1] }, { occupancy: 1, 'occupancy:7d-change': 1, 'bank-agency': 1, 'fill-rate': 1, 'self-harm': 1 });
    expect(p.drivers.map((d) => d.feature)).toEqual(['occupancy', 'occupancy:7d-change', 'bank-agency']);
  });
});

describe('hasEnoughHistory', () => {
  const days = (n: number, start = 0) => Array.from({ length: n }, (_, i) => new Date(Date.UTC(2026, 0, 1 + start + i)).toISOString().slice(0, 10));

  it('should need 56 days and 30 of each outcome', () => {
    const rows = days(56).flatMap((date) => [{ date, label: true }, { date, label: false }]);
    expect(hasEnoughHistory(rows)).toBe(true);
    expect(hasEnoughHistory(rows.slice(2))).toBe(false);
    expect(hasEnoughHistory(days(60).map((date, i) => ({ date, label: i >= 30 })))).toBe(true);
    expect(hasEnoughHistory(days(60).map((date, i) => ({ date, label: i >= 31 })))).toBe(false);
    expect(hasEnoughHistory(days(60).map((date, i) => ({ date, label: i < 29 })))).toBe(false);
  });

  it('should count distinct days, not rows', () => {
    const rows = days(40).flatMap((date, i) => [{ date, label: i % 2 === 0 }, { date, label: i % 2 === 1 }]);
    expect(hasEnoughHistory(rows)).toBe(false);
  });
});
