import {
  formatLondonTime,
  londonDate,
  londonTimeFrom,
  londonWallClock,
  londonZoneAbbreviation,
} from './london-time.js';

describe('London time display', () => {
  it.each([
    ['2026-11-21T14:05:00Z', '14:05 GMT'],
    ['2026-07-01T08:30:00Z', '09:30 BST'],
    // Spring forward, 29 March 2026: 01:00 GMT becomes 02:00 BST.
    ['2026-03-29T00:59:00Z', '00:59 GMT'],
    ['2026-03-29T01:00:00Z', '02:00 BST'],
    // Fall back, 25 October 2026: 02:00 BST becomes 01:00 GMT; 01:30 happens twice and the zone tells them apart.
    ['2026-10-25T00:30:00Z', '01:30 BST'],
    ['2026-10-25T01:30:00Z', '01:30 GMT'],
  ])('should show %s as %s', (iso, shown) => {
    expect(formatLondonTime(iso)).toBe(shown);
  });

  it('should name the zone from the instant, not the machine', () => {
    expect(londonZoneAbbreviation(new Date('2026-06-01T00:00:00Z'))).toBe('BST');
    expect(londonZoneAbbreviation(new Date('2026-12-01T00:00:00Z'))).toBe('GMT');
  });

  it('should give the ward calendar date, which differs from UTC just before midnight in summer', () => {
    expect(londonDate(new Date('2026-07-01T23:30:00Z'))).toBe('2026-07-02');
    expect(londonDate(new Date('2026-12-01T23:30:00Z'))).toBe('2026-12-01');
  });

  it.each([
    ['2026-12-06', 14, 30, '2026-12-06T14:30:00.000Z'],
    ['2026-07-01', 9, 30, '2026-07-01T08:30:00.000Z'],
    ['2026-07-01', 0, 30, '2026-06-30T23:30:00.000Z'],
    // 01:30 happens twice on 25 October: the first, in BST.
    ['2026-10-25', 1, 30, '2026-10-25T00:30:00.000Z'],
    // 01:30 never happens on 29 March: read as GMT, which is 02:30 BST.
    ['2026-03-29', 1, 30, '2026-03-29T01:30:00.000Z'],
  ])('should find the instant London shows as %s %i:%i', (date, hour, minute, iso) => {
    expect(londonWallClock(date, hour, minute).toISOString()).toBe(iso);
  });
});

describe('londonTimeFrom', () => {
  // 09:00 GMT on Wednesday 2 December 2026.
  const now = Date.parse('2026-12-02T09:00:00Z');
  it.each([
    ['2026-12-02T23:30:00Z', '23:30 GMT'],
    ['2026-12-03T00:10:00Z', 'tomorrow 00:10 GMT'],
    ['2026-12-01T22:10:00Z', 'yesterday 22:10 GMT'],
    ['2026-12-05T08:00:00Z', 'Sat 5 Dec 08:00 GMT'],
    ['not a time', 'unknown time'],
  ])('should say %s as %s', (iso, words) => {
    expect(londonTimeFrom(iso, now)).toBe(words);
  });

  it('should count London days in summer time: 23:30 UTC on 29 March is 00:30 BST on the 30th', () => {
    expect(londonTimeFrom('2026-03-29T23:30:00Z', Date.parse('2026-03-29T12:00:00Z'))).toBe('tomorrow 00:30 BST');
  });
});
