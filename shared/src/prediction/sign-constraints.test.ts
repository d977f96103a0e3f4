import { DEFAULT_MEASURES } from '../measures/index.js';
import {
  agreesWithMeasure,
  expectedSign,
  expectedSigns,
  heldAtZeroReason,
  heldAtZeroSummary,
  predictionFeatureNames,
  PREDICTION_MEASURE_IDS,
  signOfDirection,
  type FeatureSign,
} from './index.js';

describe('signOfDirection', () => {
  it.each([
    ['higher-is-worse', 1],
    ['lower-is-worse', -1],
  ] as const)('should give %s the sign %d', (direction, sign) => {
    expect(signOfDirection(direction)).toBe(sign);
  });
});

describe('expectedSign', () => {
  it.each([
    ['mental-health', 'occupancy', 1],
    ['mental-health', 'sickness', 1],
    ['mental-health', 'sickness:7d-change', 1],
    ['mental-health', 'bank-agency:7d-change', 1],
    // Fill rate: lower is worse, so a higher rate (or a rise) must not raise the risk.
    ['mental-health', 'fill-rate', -1],
    ['mental-health', 'fill-rate:7d-change', -1],
    ['acute', 'fill-rate', -1],
    ['acute', 'falls', 1],
    ['acute', 'overdue-observations:7d-change', 1],
    ['mental-health', 'self-harm', 1],
    // Not a measure of the profile: no constraint.
    ['mental-health', 'falls', null],
    ['acute', 'self-harm:7d-change', null],
    ['acute', 'a', null],
  ] as const)('should give %s %s the sign %s', (profile, feature, sign) => {
    expect(expectedSign(profile, feature)).toBe(sign);
  });

  it.each(['mental-health', 'acute'] as const)(
    'should follow the %s catalogue for every prediction feature, level and change alike',
    (profile) => {
      const names = predictionFeatureNames(profile);
      const signs = expectedSigns(profile, names);
      expect(signs).toHaveLength(20);
      PREDICTION_MEASURE_IDS[profile].forEach((id, slot) => {
        const def = DEFAULT_MEASURES[profile].find((d) => d.id === id);
        expect(def).toBeDefined();
        const sign = def?.direction === 'higher-is-worse' ? 1 : -1;
        expect([signs[2 * slot], signs[2 * slot + 1]]).toEqual([sign, sign]);
      });
    },
  );
});

describe('agreesWithMeasure', () => {
  it.each([
    [1, 0.3, true],
    [1, 0, true],
    [1, -0.01, false],
    [-1, -0.3, true],
    [-1, 0, true],
    [-1, 0.2, false],
    [null, -5, true],
    [null, 5, true],
  ] as const)('should say sign %s with weight %d agrees: %s', (sign, weight, agrees) => {
    expect(agreesWithMeasure(sign, weight)).toBe(agrees);
  });
});

describe('heldAtZeroReason and heldAtZeroSummary', () => {
  it('should say the direction, the unconstrained weight when it went against it, and that it was held', () => {
    expect(heldAtZeroReason('sickness:7d-change', 1, -0.4921)).toBe(
      'Staff sickness: 7-day change: higher is worse, but alongside the other measures the fit would give it a weight of -0.492 (worse meaning lower risk), read as collinearity with related measures or noise rather than a protective effect; held at 0.',
    );
    expect(heldAtZeroReason('fill-rate', -1, 0.1)).toMatch(
      /^Shift fill rate: lower is worse, but .* weight of 0\.100 .*held at 0\.$/,
    );
    // Held only because of the other bounds (its own unconstrained weight was on the right side).
    expect(heldAtZeroReason('occupancy', 1, 0.02)).toMatch(
      /^Bed occupancy: higher is worse, and once the other weights keep to .*held at 0\.$/,
    );
    expect(heldAtZeroReason('occupancy', 1, null)).toMatch(/once the other weights/);
  });

  it('should list held features by label, and say nothing when none or when the model predates the field', () => {
    const held = (feature: string, expectedSign: FeatureSign) => ({
      feature,
      expectedSign,
      unconstrainedWeight: null,
      reason: '',
    });
    expect(heldAtZeroSummary([held('sickness', 1), held('sickness:7d-change', 1)])).toBe(
      "; held at 0 against their measure's direction: Staff sickness, Staff sickness: 7-day change",
    );
    expect(heldAtZeroSummary([])).toBe('');
    expect(heldAtZeroSummary(undefined)).toBe('');
  });
});
