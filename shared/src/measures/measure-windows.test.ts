import { DEFAULT_MEASURES } from './measure-catalogue.js';
import { previousLondonDates, sevenLondonDaysBefore } from './measure-windows.js';
import { HOUR, incidents, makeInputs } from './measures.builders.js';
import { computeMeasures } from './ward-measures.js';

const MINUTE = 60_000;
const at = (iso: string): number => Date.parse(iso);

describe('sevenLondonDaysBefore', () => {
  it.each([
    // [now, start of window, hours]
    ['an ordinary winter week', '2026-11-21T10:00:00Z', '2026-11-14T10:00:00Z', 168],
    ['an ordinary summer week', '2026-07-08T10:00:00Z', '2026-07-01T10:00:00Z', 168],
    // 11:00 BST on 1 April back to 11:00 GMT on 25 March: an hour of the week never happened.
    ['a week across the spring change', '2026-04-01T10:00:00Z', '2026-03-25T11:00:00Z', 167],
    ['a week ending on the morning of the spring change', '2026-03-29T09:00:00Z', '2026-03-22T10:00:00Z', 167],
    // 10:00 GMT on 28 October back to 10:00 BST on 21 October: one hour happened twice.
    ['a week across the autumn change', '2026-10-28T10:00:00Z', '2026-10-21T09:00:00Z', 169],
    ['a week ending on the evening of the autumn change', '2026-10-25T20:00:00Z', '2026-10-18T19:00:00Z', 169],
    // 01:30 BST on 5 April: 01:30 on 29 March never happened; the clock read 02:30 BST an hour later.
    ['a start in the spring gap', '2026-04-05T00:30:00Z', '2026-03-29T01:30:00Z', 167],
    // 01:30 GMT on 1 November: 01:30 on 25 October happened twice; the earlier (BST) is taken.
    ['a start in the repeated autumn hour', '2026-11-01T01:30:00Z', '2026-10-25T00:30:00Z', 169],
  ])('should go back 7 London days for %s', (_label, now, start, hours) => {
    expect(new Date(sevenLondonDaysBefore(at(now))).toISOString()).toBe(new Date(at(start)).toISOString());
    expect((at(now) - sevenLondonDaysBefore(at(now))) / HOUR).toBe(hours);
  });

  it('should keep seconds and milliseconds', () => {
    expect(sevenLondonDaysBefore(at('2026-04-01T10:00:12.345Z'))).toBe(at('2026-03-25T11:00:12.345Z'));
  });
});

describe('previousLondonDates', () => {
  it.each([
    [
      '2026-04-01T10:00:00Z',
      ['2026-03-25', '2026-03-26', '2026-03-27', '2026-03-28', '2026-03-29', '2026-03-30', '2026-03-31'],
    ],
    [
      '2026-10-28T10:00:00Z',
      ['2026-10-21', '2026-10-22', '2026-10-23', '2026-10-24', '2026-10-25', '2026-10-26', '2026-10-27'],
    ],
    // 23:30 UTC on 29 March is 00:30 BST on 30 March: today is the 30th.
    [
      '2026-03-29T23:30:00Z',
      ['2026-03-23', '2026-03-24', '2026-03-25', '2026-03-26', '2026-03-27', '2026-03-28', '2026-03-29'],
    ],
    // 23:30 UTC on 25 October is 23:30 GMT, still the 25th: the day of the change was 25 hours long.
    [
      '2026-10-25T23:30:00Z',
      ['2026-10-18', '2026-10-19', '2026-10-20', '2026-10-21', '2026-10-22', '2026-10-23', '2026-10-24'],
    ],
    [
      '2026-03-03T10:00:00Z',
      ['2026-02-24', '2026-02-25', '2026-02-26', '2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02'],
    ],
  ])('should give the 7 London dates before today at %s, oldest first', (now, dates) => {
    const got = previousLondonDates(at(now), 7);
    expect(got).toEqual(dates);
    expect(new Set(got).size).toBe(7);
  });

  it('should give none for 0 and refuse a count that is not a whole number', () => {
    expect(previousLondonDates(at('2026-11-21T10:00:00Z'), 0)).toEqual([]);
    expect(() => previousLondonDates(0, -1)).toThrow(RangeError);
    expect(() => previousLondonDates(0, 1.5)).toThrow('previousLondonDates needs a whole number of days, not 1.5');
  });
});

describe('the 7-day incident window across the clock changes', () => {
  const falls = (now: number, minutesAgoOnWallClock: number): number | null => {
    // Minutes before now on the London wall clock: counted from the window start, which is exactly 7 London days back.
    const occurredAt = sevenLondonDaysBefore(now) + (7 * 24 * 60 - minutesAgoOnWallClock) * MINUTE;
    const inputs = makeInputs('acute', { now, occupiedBedDays7d: 1000 });
    const withIncident = {
      ...inputs,
      wardContext: { ...inputs.wardContext!, incidents: incidents(1, ['fall'], (now - occurredAt) / HOUR, now) },
    };
    return computeMeasures(withIncident, DEFAULT_MEASURES.acute).find((c) => c.measureId === 'falls')?.value ?? null;
  };

  it.each([
    ['spring', '2026-04-01T10:00:00Z'],
    ['spring, window starting in the gap', '2026-04-05T00:30:00Z'],
    ['autumn', '2026-10-28T10:00:00Z'],
    ['autumn, window starting in the repeated hour', '2026-11-01T01:30:00Z'],
  ])('should leave out an incident 7 days and 1 minute ago and count one 6 days 23 h 59 m ago (%s)', (_label, now) => {
    expect(falls(at(now), 7 * 24 * 60 + 1)).toBe(0);
    expect(falls(at(now), 7 * 24 * 60)).toBe(1);
    expect(falls(at(now), 7 * 24 * 60 - 1)).toBe(1);
  });

  it('should count a fall 167.5 h before a spring-week now (inside 7 London days) but not 168.5 h before', () => {
    const now = at('2026-04-01T10:00:00Z');
    const inputs = makeInputs('acute', { now, occupiedBedDays7d: 1000 });
    const count = (hoursAgo: number) =>
      computeMeasures(
        { ...inputs, wardContext: { ...inputs.wardContext!, incidents: incidents(1, ['fall'], hoursAgo, now) } },
        DEFAULT_MEASURES.acute,
      ).find((c) => c.measureId === 'falls')?.value;
    expect(count(166.5)).toBe(1);
    expect(count(167.5)).toBe(0);
  });

  it('should count a fall 168.5 h before an autumn-week now', () => {
    const now = at('2026-10-28T10:00:00Z');
    const inputs = makeInputs('acute', { now, occupiedBedDays7d: 1000 });
    const count = (hoursAgo: number) =>
      computeMeasures(
        { ...inputs, wardContext: { ...inputs.wardContext!, incidents: incidents(1, ['fall'], hoursAgo, now) } },
        DEFAULT_MEASURES.acute,
      ).find((c) => c.measureId === 'falls')?.value;
    expect(count(168.5)).toBe(1);
    expect(count(169.5)).toBe(0);
  });
});
