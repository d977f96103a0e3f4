import { londonMidnightUtc } from './london-midnight.js';

describe('londonMidnightUtc', () => {
  it.each([
    ['2026-11-21T10:00:00Z', '2026-11-21T00:00:00.000Z'],
    ['2026-07-01T10:00:00Z', '2026-06-30T23:00:00.000Z'],
    ['2026-07-01T23:30:00Z', '2026-07-01T23:00:00.000Z'],
    ['2026-03-29T12:00:00Z', '2026-03-29T00:00:00.000Z'],
    ['2026-10-25T12:00:00Z', '2026-10-24T23:00:00.000Z'],
  ])('should start the London day of %s at %s', (now, midnight) => {
    expect(londonMidnightUtc(Date.parse(now))).toBe(midnight);
  });
});
