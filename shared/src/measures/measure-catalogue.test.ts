import fc from 'fast-check';
import { DEFAULT_MEASURES, bandFor, measuresFor } from './measure-catalogue.js';
import type { MeasureDefinition } from './measure.types.js';

const row = (d: MeasureDefinition) => [d.slot, d.id, d.unit, d.window, d.direction, d.amber, d.red, d.weight];

describe('DEFAULT_MEASURES', () => {
  it('should hold the mental-health catalogue of the contract', () => {
    expect(DEFAULT_MEASURES['mental-health'].map(row)).toEqual([
      [1, 'occupancy', '%', 'now', 'higher-is-worse', 90, 95, 1.5],
      [2, 'bank-agency', '%', '7d', 'higher-is-worse', 15, 25, 1.5],
      [3, 'sickness', '%', '7d', 'higher-is-worse', 4, 6, 1.5],
      [4, 'fill-rate', '%', '7d', 'lower-is-worse', 95, 90, 1],
      [5, 'turbulence', 'count', '72h', 'higher-is-worse', 8, 12, 1],
      [6, 'enhanced-observations', 'patients', 'now', 'higher-is-worse', 2, 4, 1],
      [7, 'violence-aggression', 'per 1,000 OBD', '7d', 'higher-is-worse', 20, 40, 1],
      [8, 'restrictive-practice', 'per 1,000 OBD', '7d', 'higher-is-worse', 15, 30, 1],
      [9, 'awol', 'patients', 'now', 'higher-is-worse', 1, 2, 1],
      [10, 'self-harm', 'per 1,000 OBD', '7d', 'higher-is-worse', 10, 20, 1],
    ]);
  });

  it('should hold the acute catalogue of the contract', () => {
    expect(DEFAULT_MEASURES.acute.map(row)).toEqual([
      [1, 'occupancy', '%', 'now', 'higher-is-worse', 90, 95, 1.5],
      [2, 'bank-agency', '%', '7d', 'higher-is-worse', 15, 25, 1.5],
      [3, 'sickness', '%', '7d', 'higher-is-worse', 4, 6, 1.5],
      [4, 'fill-rate', '%', '7d', 'lower-is-worse', 95, 90, 1],
      [5, 'turbulence', 'count', '72h', 'higher-is-worse', 8, 12, 1],
      [6, 'deteriorating', 'patients', 'now', 'higher-is-worse', 2, 4, 1],
      [7, 'falls', 'per 1,000 OBD', '7d', 'higher-is-worse', 7, 10, 1],
      [8, 'hypoglycaemia', 'count', '7d', 'higher-is-worse', 2, 4, 1],
      [9, 'delayed-discharges', 'patients', 'now', 'higher-is-worse', 2, 4, 1],
      [10, 'overdue-observations', 'patients', 'now', 'higher-is-worse', 1, 3, 1],
    ]);
  });

  it('should give every measure a label and a description, and the contract’s example label', () => {
    for (const def of [...DEFAULT_MEASURES['mental-health'], ...DEFAULT_MEASURES.acute]) {
      expect(def.label.length).toBeGreaterThan(0);
      expect(def.description.length).toBeGreaterThan(20);
    }
    expect(DEFAULT_MEASURES.acute.find((d) => d.id === 'bank-agency')?.label).toBe('Bank and agency usage');
  });

  it('should not let a caller change the defaults', () => {
    expect(Object.isFrozen(DEFAULT_MEASURES.acute)).toBe(true);
    expect(Object.isFrozen(DEFAULT_MEASURES.acute[0])).toBe(true);
  });

  it.each(['mental-health', 'acute'] as const)('should pass its own validation (%s)', (profile) => {
    expect(measuresFor(profile)).toEqual(DEFAULT_MEASURES[profile]);
  });
});

describe('measuresFor', () => {
  it('should apply overrides in order, profile level then ward level, and leave the defaults alone', () => {
    const defs = measuresFor(
      'acute',
      { occupancy: { amber: 85, red: 92 }, falls: { weight: 2 } },
      { occupancy: { red: 97 } },
    );
    expect(defs.find((d) => d.id === 'occupancy')).toMatchObject({ amber: 85, red: 97, weight: 1.5 });
    expect(defs.find((d) => d.id === 'falls')).toMatchObject({ amber: 7, red: 10, weight: 2 });
    expect(DEFAULT_MEASURES.acute[0]).toMatchObject({ amber: 90, red: 95 });
  });

  it('should check the order only on the result, so a ward may move both thresholds past the trust’s', () => {
    expect(
      measuresFor('mental-health', { turbulence: { amber: 20 } }, { turbulence: { red: 30 } }).find(
        (d) => d.id === 'turbulence',
      ),
    ).toMatchObject({ amber: 20, red: 30 });
  });

  it.each([
    [
      'amber above red, higher-is-worse',
      [{ occupancy: { amber: 96 } }],
      'Measure "occupancy" (acute) is higher-is-worse, so amber must be below red; got amber 96, red 95',
    ],
    [
      'amber equal to red',
      [{ occupancy: { amber: 95 } }],
      'Measure "occupancy" (acute) is higher-is-worse, so amber must be below red; got amber 95, red 95',
    ],
    [
      'amber below red, lower-is-worse',
      [{ 'fill-rate': { amber: 85 } }],
      'Measure "fill-rate" (acute) is lower-is-worse, so amber must be above red; got amber 85, red 90',
    ],
    [
      'a mental-health measure on an acute ward',
      [{}, { awol: { red: 3 } }],
      'Measure override 2: "awol" is not a acute measure',
    ],
    [
      'a threshold that is not a number',
      [{ falls: { red: '12' as unknown as number } }],
      'Measure override 1: red of "falls" must be a finite number, not "12"',
    ],
    [
      'a threshold that is NaN',
      [{ falls: { red: Number.NaN } }],
      'Measure override 1: red of "falls" must be a finite number, not null',
    ],
    ['a negative weight', [{ falls: { weight: -1 } }], 'Measure "falls" (acute): weight must not be negative, got -1'],
  ])('should throw for %s', (_label, overrides, message) => {
    expect(() => measuresFor('acute', ...overrides)).toThrow(message);
  });
});

describe('bandFor', () => {
  const higher = { direction: 'higher-is-worse' as const, amber: 90, red: 95 };
  const lower = { direction: 'lower-is-worse' as const, amber: 95, red: 90 };

  it.each([
    [higher, 89.9, 'green'],
    [higher, 90, 'amber'],
    [higher, 94.9, 'amber'],
    [higher, 95, 'red'],
    [higher, 200, 'red'],
    [lower, 95.1, 'green'],
    [lower, 95, 'amber'],
    [lower, 90.1, 'amber'],
    [lower, 90, 'red'],
    [lower, 0, 'red'],
  ])('should band %o at %d as %s', (def, value, band) => {
    expect(bandFor(value, def)).toBe(band);
  });

  const RANK = { green: 0, amber: 1, red: 2 } as const;
  const thresholds = fc.tuple(
    fc.double({ min: -1e6, max: 1e6, noNaN: true }),
    fc.double({ min: 0, max: 1e6, noNaN: true }),
  );
  const value = fc.double({ min: -2e6, max: 2e6, noNaN: true });

  it('should never give a worse value a better band when higher is worse', () => {
    fc.assert(
      fc.property(thresholds, value, value, ([amber, gap], a, b) => {
        const def = { direction: 'higher-is-worse' as const, amber, red: amber + gap };
        const [better, worse] = a <= b ? [a, b] : [b, a];
        expect(RANK[bandFor(worse, def)]).toBeGreaterThanOrEqual(RANK[bandFor(better, def)]);
      }),
    );
  });

  it('should never give a worse value a better band when lower is worse', () => {
    fc.assert(
      fc.property(thresholds, value, value, ([amber, gap], a, b) => {
        const def = { direction: 'lower-is-worse' as const, amber, red: amber - gap };
        const [worse, better] = a <= b ? [a, b] : [b, a];
        expect(RANK[bandFor(worse, def)]).toBeGreaterThanOrEqual(RANK[bandFor(better, def)]);
      }),
    );
  });

  it('should keep every default measure monotone in its own direction', () => {
    const defs = [...DEFAULT_MEASURES['mental-health'], ...DEFAULT_MEASURES.acute];
    fc.assert(
      fc.property(
        fc.constantFrom(...defs),
        fc.double({ min: 0, max: 200, noNaN: true }),
        fc.double({ min: 0, max: 200, noNaN: true }),
        (def, a, b) => {
          const [low, high] = a <= b ? [a, b] : [b, a];
          const [worse, better] = def.direction === 'higher-is-worse' ? [high, low] : [low, high];
          expect(RANK[bandFor(worse, def)]).toBeGreaterThanOrEqual(RANK[bandFor(better, def)]);
        },
      ),
    );
  });
});
