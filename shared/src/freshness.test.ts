import { DEFAULT_FRESHNESS, freshnessOf } from './freshness.js';

const now = Date.parse('2026-11-21T12:00:00Z');
const minutesAgo = (m: number) => new Date(now - m * 60_000).toISOString();

describe('freshnessOf', () => {
  it.each([
    [0, false, 'fresh'],
    [20, false, 'fresh'],
    [20.01, false, 'stale'],
    [45, false, 'stale'],
    [45.01, false, 'expired'],
    [5, true, 'stale'],
    [60, true, 'expired'],
    [-1, false, 'fresh'],
    [-3, false, 'expired'],
  ] as const)('should call data %s minutes old (last poll failed: %s) %s', (age, failed, expected) => {
    expect(freshnessOf(minutesAgo(age), now, failed)).toBe(expected);
  });

  it('should treat missing or unparseable times as expired', () => {
    expect(freshnessOf(null, now)).toBe('expired');
    expect(freshnessOf('not a date', now)).toBe('expired');
  });

  it('should honour configured thresholds', () => {
    const tight = { ...DEFAULT_FRESHNESS, staleAfterMs: 60_000 };
    expect(freshnessOf(minutesAgo(2), now, false, tight)).toBe('stale');
  });
});
