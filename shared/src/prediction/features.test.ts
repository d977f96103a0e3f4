import {
  featureLabel,
  featuresFromValues,
  featureVector,
  fitStandardisation,
  measureIdOf,
  PREDICTION_MEASURE_IDS,
  predictionFeatureNames,
  standardise,
} from './index.js';

describe('predictionFeatureNames', () => {
  it('should give value and 7-day change for the ten slots in order', () => {
    const names = predictionFeatureNames('mental-health');
    expect(names).toHaveLength(20);
    expect(names.slice(0, 4)).toEqual(['occupancy', 'occupancy:7d-change', 'bank-agency', 'bank-agency:7d-change']);
    expect(PREDICTION_MEASURE_IDS.acute).toEqual([
      'occupancy',
      'bank-agency',
      'sickness',
      'fill-rate',
      'turbulence',
      'deteriorating',
      'falls',
      'hypoglycaemia',
      'delayed-discharges',
      'overdue-observations',
    ]);
    expect(measureIdOf('self-harm:7d-change')).toBe('self-harm');
    expect(featureLabel('bank-agency:7d-change')).toBe('Bank and agency usage: 7-day change');
    expect(featureLabel('falls')).toBe('Falls');
  });
});

describe('featuresFromValues', () => {
  it('should take the change only when both days have a value', () => {
    const f = featuresFromValues(
      'acute',
      { occupancy: 95, 'bank-agency': null, sickness: 5 },
      { occupancy: 90, 'bank-agency': 10, sickness: null },
    );
    expect(f.occupancy).toBe(95);
    expect(f['occupancy:7d-change']).toBe(5);
    expect(f['bank-agency']).toBeNull();
    expect(f['bank-agency:7d-change']).toBeNull();
    expect(f['sickness:7d-change']).toBeNull();
    expect(f.falls).toBeNull();
    expect(featuresFromValues('acute', { occupancy: 95 }, null)['occupancy:7d-change']).toBeNull();
  });

  it('should order a vector by the names given', () => {
    expect(featureVector(['b', 'a', 'c'], { a: 1, b: 2, c: Number.NaN })).toEqual([2, 1, null]);
  });
});

describe('standardisation', () => {
  it('should use means and population sds of the values present', () => {
    const s = fitStandardisation(
      [
        [1, 5],
        [3, null],
        [null, 5],
      ],
      2,
    );
    expect(s.means).toEqual([2, 5]);
    // Column 2 is constant: sd 0 becomes 1 so it standardises to 0 instead of dividing by zero.
    expect(s.sds).toEqual([1, 1]);
    expect(standardise([3, 5], s)).toEqual([1, 0]);
  });

  it('should map no data to 0 and a column with no data at all to mean 0, sd 1', () => {
    const s = fitStandardisation([[null], [null]], 1);
    expect(s).toEqual({ means: [0], sds: [1] });
    expect(standardise([null], fitStandardisation([[2], [4]], 1))).toEqual([0]);
    expect(standardise([6], fitStandardisation([[2], [4]], 1))).toEqual([3]);
  });
});
