import { DEFAULT_FRESHNESS, freshnessOf, freshnessOnScreen } from './freshness.js';

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

describe('freshnessOnScreen', () => {
  const at = '2026-11-21T10:00:00Z';
  const minutesLater = (m: number) => Date.parse(at) + m * 60_000;

  it.each([
    ['fresh', 10, false, 'fresh'],
    ['fresh', 25, false, 'stale'],
    ['fresh', 50, false, 'expired'],
    ['stale', 10, false, 'stale'],
    ['expired', 10, false, 'expired'],
    ['fresh', 10, true, 'stale'],
  ] as const)(
    'should never be fresher than the server said (%s), and age the data on screen (%i min, known failure %s): %s',
    (verdict, minutes, failure, expected) => {
      expect(freshnessOnScreen(verdict, at, minutesLater(minutes), failure)).toBe(expected);
    },
  );

  it("should keep the server's word until the screen knows the server time", () => {
    expect(freshnessOnScreen('stale', at, null)).toBe('stale');
  });
});
