import { makeBackfillRun, makeBackfillWard } from './admin.builders';
import {
  backfillDays,
  clockText,
  dateRangeText,
  daysInclusive,
  progressText,
  runProgress,
  wardDaysDone,
} from './backfill-format';

describe('dateRangeText', () => {
  it.each([
    ['2026-06-09', '2026-12-05', '9 Jun to 5 Dec 2026'],
    ['2025-12-09', '2026-06-05', '9 Dec 2025 to 5 Jun 2026'],
    ['2026-12-05', '2026-12-05', '5 Dec 2026'],
  ])('should say %s to %s as %j', (from, to, text) => {
    expect(dateRangeText(from, to)).toBe(text);
  });
});

describe('daysInclusive', () => {
  it.each([
    ['2025-07-18', '2026-01-13', 180],
    ['2026-03-28', '2026-03-30', 3], // over the spring clock change: calendar days, not 24-hour spans
    ['2026-01-13', '2026-01-13', 1],
    ['2026-01-14', '2026-01-13', 0],
  ])('should count %s to %s as %d days', (from, to, days) => {
    expect(daysInclusive(from, to)).toBe(days);
  });
});

describe('wardDaysDone', () => {
  const run = makeBackfillRun();

  it('should count the days from the first through the last worked out, none before the first window, all when done', () => {
    expect(wardDaysDone(run, makeBackfillWard({ status: 'running', doneThrough: '2025-08-16' }))).toBe(30);
    expect(wardDaysDone(run, makeBackfillWard({ status: 'running', doneThrough: null }))).toBe(0);
    expect(wardDaysDone(run, makeBackfillWard({ status: 'failed', doneThrough: '2025-07-18' }))).toBe(1);
    expect(wardDaysDone(run, makeBackfillWard({ status: 'done', doneThrough: null }))).toBe(180);
  });
});

describe('progressText', () => {
  it('should say how many wards and ward-days are done, naming failed wards', () => {
    const run = makeBackfillRun({
      wards: [
        makeBackfillWard({ wardId: 'a', status: 'done', doneThrough: '2026-01-13' }),
        makeBackfillWard({ wardId: 'b', status: 'failed', doneThrough: '2025-08-16', error: 'timed out' }),
        makeBackfillWard({ wardId: 'c' }),
      ],
    });
    expect(progressText(runProgress(run))).toBe('1 of 3 wards done, 1 failed; 210 of 540 ward-days worked out');
    const big = { wards: 12, wardsDone: 7, wardsFailed: 0, wardDaysDone: 1230, wardDaysTotal: 2160 };
    expect(progressText(big)).toBe('7 of 12 wards done; 1,230 of 2,160 ward-days worked out');
  });
});

describe('backfillDays', () => {
  it('should take a whole number of days from 1 to 730', () => {
    expect(backfillDays(' 365 ')).toEqual({ days: 365 });
    expect(backfillDays('730')).toEqual({ days: 730 });
    expect(backfillDays('1')).toEqual({ days: 1 });
  });

  it.each(['0', '731', '1.5', '', 'ten', '-3'])('should refuse %j in words', (text) => {
    expect(backfillDays(text)).toEqual({ error: 'Days must be a whole number from 1 to 730.' });
  });
});

describe('clockText', () => {
  it('should give London time to the second, naming GMT or BST', () => {
    expect(clockText(Date.parse('2026-01-14T14:05:12Z'))).toBe('14:05:12 GMT');
    expect(clockText(Date.parse('2026-07-01T13:05:12Z'))).toBe('14:05:12 BST');
  });
});
