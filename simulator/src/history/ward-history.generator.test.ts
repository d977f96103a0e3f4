import { PREDICTION_MEASURE_IDS } from '@wardflow/shared';
import {
  generateWardHistory,
  HIDDEN_DRIVER_EFFECTS,
  HISTORY_MEASURE_IDS,
  SIMULATED_HISTORY_DAYS,
  type HistoryWard,
} from './ward-history.generator.js';

const wards: HistoryWard[] = [
  { id: 'mh-1', profile: 'mental-health', beds: 18 },
  { id: 'acute-1', profile: 'acute', beds: 28 },
  { id: 'mh-2', profile: 'mental-health', beds: 16 },
  { id: 'acute-2', profile: 'acute', beds: 32 },
];
const history = generateWardHistory({ seed: 7, wards, days: 90, endDate: '2026-11-21' });

describe('generateWardHistory', () => {
  it('should give the same rows for the same seed and other rows for another', () => {
    expect(generateWardHistory({ seed: 7, wards, days: 90, endDate: '2026-11-21' })).toEqual(history);
    expect(generateWardHistory({ seed: 8, wards, days: 90, endDate: '2026-11-21' })).not.toEqual(history);
  });

  it('should leave a ward as it was when another is added after it', () => {
    const first = generateWardHistory({ seed: 7, wards: wards.slice(0, 1), days: 90, endDate: '2026-11-21' });
    expect(history.slice(0, 90)).toEqual(first);
  });

  it('should give one row per ward per day, ward by ward, ending on endDate, across the clock change', () => {
    expect(history).toHaveLength(4 * 90);
    const mh1 = history.filter((r) => r.wardId === 'mh-1');
    expect(mh1.map((r) => r.date).slice(-3)).toEqual(['2026-11-19', '2026-11-20', '2026-11-21']);
    expect(mh1[0]?.date).toBe('2026-08-24');
    // 25 October 2026 (BST ends) is one calendar day like any other.
    expect(mh1.map((r) => r.date)).toContain('2026-10-25');
    expect(new Set(mh1.map((r) => r.date)).size).toBe(90);
    expect(history.slice(90, 180).every((r) => r.wardId === 'acute-1')).toBe(true);
  });

  it('should hold the ten measure ids of the profile, as the prediction features name them', () => {
    expect(HISTORY_MEASURE_IDS).toEqual(PREDICTION_MEASURE_IDS);
    for (const row of history) {
      const profile = row.wardId.startsWith('mh') ? 'mental-health' : 'acute';
      expect(Object.keys(row.values)).toEqual(HISTORY_MEASURE_IDS[profile]);
    }
  });

  it('should keep values in plausible ranges', () => {
    const range = (id: string) => {
      const v = history.map((r) => r.values[id]).filter((x): x is number => typeof x === 'number');
      return [Math.min(...v), Math.max(...v)];
    };
    const [occLo, occHi] = range('occupancy');
    expect(occLo).toBeGreaterThanOrEqual(50);
    expect(occHi).toBeLessThanOrEqual(100);
    expect(range('bank-agency')[0]).toBeGreaterThanOrEqual(0);
    expect(range('bank-agency')[1]).toBeLessThanOrEqual(70);
    expect(range('sickness')[1]).toBeLessThanOrEqual(25);
    expect(range('fill-rate')[0]).toBeGreaterThanOrEqual(70);
    expect(range('fill-rate')[1]).toBeLessThanOrEqual(110);
    for (const row of history) {
      expect(Number.isInteger(row.harmIncidents) && row.harmIncidents >= 0).toBe(true);
      const beds = wards.find((w) => w.id === row.wardId)?.beds ?? 0;
      expect(row.occupiedBedDays).toBeGreaterThan(0);
      expect(row.occupiedBedDays).toBeLessThanOrEqual(beds);
      for (const v of Object.values(row.values)) if (v !== null) expect(v).toBeGreaterThanOrEqual(0);
    }
  });

  it('should work out the 7-day incident rates from the trailing 7 days of incidents and bed days', () => {
    // Acute falls + hypoglycaemia are all the harm: sum the two back from the measures and compare.
    const acute = history.filter((r) => r.wardId === 'acute-1');
    for (let t = 6; t < acute.length; t++) {
      const row = acute[t]!;
      if (row.values.falls === null || row.values.hypoglycaemia === null) continue;
      const window = acute.slice(t - 6, t + 1);
      const obd = window.reduce((a, r) => a + r.occupiedBedDays, 0);
      const harm = window.reduce((a, r) => a + r.harmIncidents, 0);
      const falls = Math.round(((row.values.falls ?? 0) * obd) / 1000);
      expect(falls + (row.values.hypoglycaemia ?? 0)).toBe(harm);
    }
  });

  it('should have some values with no data, but few', () => {
    const values = history.flatMap((r) => Object.values(r.values));
    const rate = values.filter((v) => v === null).length / values.length;
    expect(rate).toBeGreaterThan(0.003);
    expect(rate).toBeLessThan(0.05);
  });

  it('should export the hidden effects, all raising harm', () => {
    expect(Object.keys(HIDDEN_DRIVER_EFFECTS)).toEqual([
      'occupancy',
      'bank-agency',
      'sickness',
      'turbulence',
      'sickness-rise',
    ]);
    expect(Object.values(HIDDEN_DRIVER_EFFECTS).every((e) => e > 0)).toBe(true);
  });

  it('should generate 180 days x 12 wards in well under a second', () => {
    const many: HistoryWard[] = Array.from({ length: 12 }, (_, i) => ({
      id: `w${i}`,
      profile: i % 2 ? 'acute' : 'mental-health',
      beds: 20 + i,
    }));
    const started = performance.now();
    const rows = generateWardHistory({ seed: 1, wards: many, days: SIMULATED_HISTORY_DAYS, endDate: '2026-11-21' });
    const ms = performance.now() - started;
    expect(rows).toHaveLength(12 * 180);
    expect(ms).toBeLessThan(500);
  });

  it('should refuse a bad end date or day count', () => {
    expect(() => generateWardHistory({ seed: 1, wards, days: 5, endDate: '21/11/2026' })).toThrow(/YYYY-MM-DD/);
    expect(() => generateWardHistory({ seed: 1, wards, days: -1, endDate: '2026-11-21' })).toThrow(/days/);
  });
});
