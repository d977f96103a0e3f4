import { addCalendarDays as addDays } from '../london-time.js';
import { digestWeekOf, isDigestWeek, weekLabel } from './digest-week.js';

describe('digest week keys', () => {
  it.each([
    // 07:00 London on the Monday after the spring change is 06:00 UTC (BST).
    ['2026-03-30T06:00:00Z', '2026-03-30'],
    // The Sunday of the change itself belongs to the week before.
    ['2026-03-29T00:59:00Z', '2026-03-23'],
    ['2026-03-29T01:00:00Z', '2026-03-23'],
    ['2026-03-29T22:59:59Z', '2026-03-23'],
    // 23:30 UTC on Sunday 29 March is 00:30 BST on Monday: London's Monday, not UTC's Sunday.
    ['2026-03-29T23:30:00Z', '2026-03-30'],
    // 07:00 London on the Monday after the autumn change is 07:00 UTC (GMT).
    ['2026-10-26T07:00:00Z', '2026-10-26'],
    ['2026-10-25T00:30:00Z', '2026-10-19'],
    ['2026-10-25T01:30:00Z', '2026-10-19'],
    ['2026-10-25T23:59:59Z', '2026-10-19'],
    ['2026-10-26T00:00:00Z', '2026-10-26'],
    // Across a year end.
    ['2027-01-01T12:00:00Z', '2026-12-28'],
  ])('should put %s in the week of %s', (iso, week) => {
    expect(digestWeekOf(new Date(iso))).toBe(week);
  });

  it('should name the same Monday whether the job ran at 06:00 UTC (BST) or 07:00 UTC (GMT)', () => {
    expect(digestWeekOf(Date.parse('2026-03-30T06:00:00Z'))).toBe(digestWeekOf(Date.parse('2026-03-30T07:00:00Z')));
    expect(digestWeekOf(Date.parse('2026-10-26T06:00:00Z'))).toBe(digestWeekOf(Date.parse('2026-10-26T07:00:00Z')));
  });

  it('should add calendar days without a time zone', () => {
    expect(addDays('2026-03-23', 7)).toBe('2026-03-30');
    expect(addDays('2026-10-26', -7)).toBe('2026-10-19');
  });

  it.each([
    ['2026-03-30', true],
    ['2026-03-31', false],
    ['2026-02-30', false],
    ['30-03-2026', false],
  ])('should judge %s a week key: %s', (text, ok) => {
    expect(isDigestWeek(text)).toBe(ok);
  });

  it('should label a week by its Monday', () => {
    expect(weekLabel('2026-03-30')).toBe('week of Mon 30 Mar 2026');
  });
});
