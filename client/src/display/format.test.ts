import { NOW, makeBoard, minutesBefore } from '../testing/builders';
import { ageLabel, eddLabel, londonDayTimeOf, mentalHealthActLabel, screenFreshness } from './format';

describe('ageLabel', () => {
  it.each([
    [0, 'just now'],
    [0.5, 'just now'],
    [1, '1 min ago'],
    [59, '59 min ago'],
    [60, '1 h ago'],
    [135, '2 h ago'],
    [47 * 60, '47 h ago'],
    [72 * 60, '3 d ago'],
  ])('should describe an observation %d minutes old as "%s"', (minutes, expected) => {
    expect(ageLabel(minutesBefore(minutes), NOW)).toBe(expected);
  });
});

describe('eddLabel', () => {
  it.each([
    ['2026-01-14', 'EDD Today', false],
    ['2026-01-15', 'EDD Tomorrow', false],
    ['2026-01-19', 'EDD Mon 19 Jan', false],
    ['2026-01-12', 'Past EDD · 12 Jan', true],
    ['2026-01-14T09:00:00Z', 'EDD Today', false],
    ['soon', 'EDD unreadable', false],
  ])('should show an expected discharge date of %s as "%s"', (edd, text, past) => {
    expect(eddLabel(edd, NOW)).toEqual({ text, past });
  });

  it('should use the London date, which is already tomorrow at 23:30 UTC in summer', () => {
    expect(eddLabel('2026-07-02', Date.parse('2026-07-01T23:30:00Z')).text).toBe('EDD Today');
  });

  it('should find tomorrow across the autumn clock change, a 25-hour day', () => {
    expect(eddLabel('2026-10-26', Date.parse('2026-10-24T23:30:00Z')).text).toBe('EDD Tomorrow');
  });
});

describe('screenFreshness', () => {
  it('should age a fresh board into stale and expired as server time moves on', () => {
    const board = makeBoard({ asOf: minutesBefore(10) });
    expect(screenFreshness(board, NOW)).toBe('fresh');
    expect(screenFreshness(board, NOW + 15 * 60_000)).toBe('stale');
    expect(screenFreshness(board, NOW + 40 * 60_000)).toBe('expired');
  });

  it('should keep a board stale when the server said its last poll failed', () => {
    const board = makeBoard({ asOf: minutesBefore(2), freshness: 'stale', staleReason: 'FHIR server timed out' });
    expect(screenFreshness(board, NOW)).toBe('stale');
  });

  it('should never show a board as fresher than the server judged it', () => {
    expect(screenFreshness(makeBoard({ freshness: 'expired' }), NOW)).toBe('expired');
  });

  it('should say waiting before the first complete poll', () => {
    expect(screenFreshness(makeBoard({ asOf: null, freshness: 'expired' }), NOW)).toBe('waiting');
  });
});

describe('mentalHealthActLabel', () => {
  it.each([
    ['03', 'Formally detained under Mental Health Act Section 3', 'MHA S3'],
    ['05', 'Section 5(2)', 'MHA S5(2)'],
    ['37', 'Section 37/41 hospital order with restrictions', 'MHA S37/41'],
    ['S136', 'Place of safety', 'MHA S136'],
    ['01', 'Informal', 'Informal'],
    ['99', 'Something else entirely', 'MHA 99'],
  ])('should shorten code %s with label %s to %s', (code, label, expected) => {
    expect(mentalHealthActLabel({ code, label })).toBe(expected);
  });
});

describe('londonDayTimeOf', () => {
  it('should give the London day and time with GMT or BST, and say so when the time cannot be read', () => {
    expect(londonDayTimeOf('2026-01-13T14:05:00Z')).toBe('Tue 13 Jan 14:05 GMT');
    expect(londonDayTimeOf('2026-07-01T09:05:00Z')).toBe('Wed 1 Jul 10:05 BST');
    expect(londonDayTimeOf('yesterday')).toBe('unknown time');
  });
});
