import { expertDefaultModel, hasEnoughHistory, predict, sigmoid, type LogisticModel } from './index.js';

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
    const p = predict(model, {
      occupancy: 100,
      'occupancy:7d-change': 2,
      'bank-agency': 30,
      'fill-rate': 85,
      'self-harm': 0,
    });
    expect(p.probability).toBeCloseTo(sigmoid(-1 + 1 + 0.2 + 1.2 + 0.6 - 0.1), 12);
    expect(p.drivers.map((d) => d.feature)).toEqual(['bank-agency', 'occupancy', 'fill-rate']);
    expect(p.drivers[0]).toEqual({
      feature: 'bank-agency',
      measureId: 'bank-agency',
      label: 'Bank and agency usage',
      contribution: expect.closeTo(1.2, 12) as number,
    });
    expect(p.drivers[2]?.contribution).toBeCloseTo(0.6, 12);
  });

  it('should label change features and leave out features that lower the risk', () => {
    const p = predict(model, { occupancy: 85, 'occupancy:7d-change': 4, 'bank-agency': 15, 'fill-rate': 100 });
    expect(p.drivers).toEqual([
      {
        feature: 'occupancy:7d-change',
        measureId: 'occupancy',
        label: 'Bed occupancy: 7-day change',
        contribution: expect.closeTo(0.4, 12) as number,
      },
    ]);
  });

  it('should read no data as the mean: no drivers and the intercept alone', () => {
    const p = predict(model, {});
    expect(p.drivers).toEqual([]);
    expect(p.probability).toBeCloseTo(sigmoid(-1), 12);
  });

  it('should keep slot order between equal contributions', () => {
    const p = predict(
      { ...model, weights: [1, 1, 1, 1, 1], means: [0, 0, 0, 0, 0], sds: [1, 1, 1, 1, 1] },
      { occupancy: 1, 'occupancy:7d-change': 1, 'bank-agency': 1, 'fill-rate': 1, 'self-harm': 1 },
    );
    expect(p.drivers.map((d) => d.feature)).toEqual(['occupancy', 'occupancy:7d-change', 'bank-agency']);
  });
});

describe('predict with weights against their measure (a model stored before sign constraints)', () => {
  // As stored in PostgreSQL before the field existed: no heldAtZero, and collinear weights with the
  // wrong sign on sickness (higher is worse) and fill rate (lower is worse).
  const legacy = JSON.parse(
    JSON.stringify({
      profile: 'mental-health',
      featureNames: ['sickness', 'sickness:7d-change', 'bank-agency', 'fill-rate', 'fill-rate:7d-change'],
      means: [4, 0, 15, 95, 0],
      sds: [2, 1, 5, 5, 2],
      weights: [-0.25, -0.5, 0.4, 0.3, -0.2],
      intercept: -0.8,
      fittedAt: '2026-08-29T23:59:59.000Z',
      trainingRows: 576,
      positives: 192,
      lambda: 30,
      source: 'fitted',
    }),
  ) as LogisticModel;

  it.each([
    // [feature, raw value, is it a driver]: each alone on an otherwise average ward.
    ['sickness', 2, false], // low sickness: w -0.25 x z -1 = +0.25, but against the measure
    ['sickness:7d-change', -2, false], // falling sickness: +1.0, against the measure
    ['sickness', 8, false], // high sickness: the wrong-signed weight lowers the risk, so no driver either
    ['bank-agency', 25, true],
    ['fill-rate', 100, false], // full shifts: +0.3 from a wrong-signed weight
    ['fill-rate:7d-change', -4, true], // fill rate falling: w -0.2 x z -2 = +0.4, in the measure's direction
  ] as const)('should name %s = %d as a driver: %s', (feature, value, driver) => {
    const p = predict(legacy, { [feature]: value });
    expect(p.drivers.map((d) => d.feature)).toEqual(driver ? [feature] : []);
  });

  it('should still count every weight in the probability, and name the change as a change', () => {
    const p = predict(legacy, { 'sickness:7d-change': -2, 'fill-rate:7d-change': -4 });
    expect(p.probability).toBeCloseTo(sigmoid(-0.8 + 1 + 0.4), 12);
    expect(p.drivers).toEqual([
      {
        feature: 'fill-rate:7d-change',
        measureId: 'fill-rate',
        label: 'Shift fill rate: 7-day change',
        contribution: expect.closeTo(0.4, 12) as number,
      },
    ]);
  });

  it.each(['mental-health', 'acute'] as const)(
    'should name drivers from the %s expert defaults, whose weights all agree with their measures',
    (profile) => {
      const m = expertDefaultModel(profile);
      const high = Object.fromEntries(
        m.featureNames.map((f, j) => [
          f,
          (m.means[j] as number) + Math.sign(m.weights[j] as number) * 2 * (m.sds[j] as number),
        ]),
      );
      expect(predict(m, high).drivers).toHaveLength(3);
    },
  );
});

describe('hasEnoughHistory', () => {
  const days = (n: number, start = 0) =>
    Array.from({ length: n }, (_, i) => new Date(Date.UTC(2026, 0, 1 + start + i)).toISOString().slice(0, 10));

  it('should need 56 days and 30 of each outcome', () => {
    const rows = days(56).flatMap((date) => [
      { date, label: true },
      { date, label: false },
    ]);
    expect(hasEnoughHistory(rows)).toBe(true);
    expect(hasEnoughHistory(rows.slice(2))).toBe(false);
    expect(hasEnoughHistory(days(60).map((date, i) => ({ date, label: i >= 30 })))).toBe(true);
    expect(hasEnoughHistory(days(60).map((date, i) => ({ date, label: i >= 31 })))).toBe(false);
    expect(hasEnoughHistory(days(60).map((date, i) => ({ date, label: i < 29 })))).toBe(false);
  });

  it('should count distinct days, not rows', () => {
    const rows = days(40).flatMap((date, i) => [
      { date, label: i % 2 === 0 },
      { date, label: i % 2 === 1 },
    ]);
    expect(hasEnoughHistory(rows)).toBe(false);
  });
});
