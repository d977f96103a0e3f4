import { auc, brier, calibrationTable } from './index.js';

describe('auc', () => {
  it('should be 1 for a perfect ranking and 0 for a reversed one', () => {
    expect(auc([0.1, 0.2, 0.8, 0.9], [false, false, true, true])).toBe(1);
    expect(auc([0.9, 0.8, 0.2, 0.1], [false, false, true, true])).toBe(0);
  });

  it('should be 0.5 when every score is equal', () => {
    expect(auc([0.3, 0.3, 0.3, 0.3, 0.3], [true, false, true, false, false])).toBe(0.5);
  });

  it('should count a tie between a positive and a negative as half', () => {
    // Pairs (pos, neg): (0.5 vs 0.5) tie = 0.5, (0.5 vs 0.1) win = 1, (0.9 vs both) = 2: 3.5 of 4.
    expect(auc([0.5, 0.9, 0.5, 0.1], [true, true, false, false])).toBeCloseTo(3.5 / 4, 12);
  });

  it('should match the pairwise definition on a small mixed case', () => {
    const s = [0.2, 0.7, 0.4, 0.4, 0.9, 0.1, 0.7];
    const y = [false, true, true, false, false, false, true];
    let sum = 0;
    let pairs = 0;
    s.forEach((a, i) =>
      s.forEach((b, j) => {
        if (y[i] && !y[j]) {
          pairs++;
          sum += a > b ? 1 : a === b ? 0.5 : 0;
        }
      }),
    );
    expect(auc(s, y)).toBeCloseTo(sum / pairs, 12);
  });

  it('should be null when one outcome never occurs, and refuse mismatched lengths', () => {
    expect(auc([0.1, 0.2], [true, true])).toBeNull();
    expect(auc([], [])).toBeNull();
    expect(() => auc([0.1], [])).toThrow(/1 scores but 0 labels/);
  });
});

describe('brier', () => {
  it('should be the mean squared error', () => {
    expect(brier([1, 0], [true, false])).toBe(0);
    expect(brier([0.8, 0.3], [true, false])).toBeCloseTo((0.04 + 0.09) / 2, 12);
    expect(brier([0.5, 0.5, 0.5], [true, false, true])).toBeCloseTo(0.25, 12);
    expect(brier([], [])).toBeNull();
  });
});

describe('calibrationTable', () => {
  it('should list every band with counts, mean predicted and observed rate', () => {
    const rows = calibrationTable([0.05, 0.15, 0.12, 0.95, 1], [false, true, false, true, true], 10);
    expect(rows).toHaveLength(10);
    expect(rows[0]).toEqual({ from: 0, to: 0.1, n: 1, meanPredicted: 0.05, observedRate: 0 });
    expect(rows[1]?.n).toBe(2);
    expect(rows[1]?.meanPredicted).toBeCloseTo(0.135, 12);
    expect(rows[1]?.observedRate).toBe(0.5);
    expect(rows[5]).toEqual({ from: 0.5, to: 0.6, n: 0, meanPredicted: null, observedRate: null });
    // 1 falls in the last band, closed at the top.
    expect(rows[9]).toEqual({ from: 0.9, to: 1, n: 2, meanPredicted: 0.975, observedRate: 1 });
  });

  it('should take other bin counts and refuse bad ones', () => {
    expect(calibrationTable([0.2, 0.7], [false, true], 2).map((r) => r.n)).toEqual([1, 1]);
    expect(() => calibrationTable([], [], 0)).toThrow(/positive integer/);
  });
});
