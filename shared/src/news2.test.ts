import { isNews2Overdue, news2Band, news2DueAt, news2FrequencyMinutes } from './news2.js';

describe('news2Band', () => {
  it.each([
    [0, false, 'low'],
    [4, false, 'low'],
    [2, true, 'low-medium'],
    [5, false, 'medium'],
    [6, true, 'medium'],
    [7, false, 'high'],
    [20, false, 'high'],
  ] as const)('should band a score of %s (single 3: %s) as %s', (score, single3, band) => {
    expect(news2Band(score, single3)).toBe(band);
  });
});

describe('news2 monitoring frequency', () => {
  it.each([
    [0, 'low', 720],
    [3, 'low', 240],
    [3, 'low-medium', 60],
    [5, 'medium', 60],
    [9, 'high', 30],
  ] as const)('should require a score of %s (%s) every %s minutes', (score, band, minutes) => {
    expect(news2FrequencyMinutes(score, band)).toBe(minutes);
  });

  it('should mark a set overdue only after its due time', () => {
    const due = news2DueAt('2026-11-21T08:00:00Z', 5, 'medium');
    expect(due).toBe('2026-11-21T09:00:00.000Z');
    expect(isNews2Overdue(due, Date.parse('2026-11-21T09:00:00Z'))).toBe(false);
    expect(isNews2Overdue(due, Date.parse('2026-11-21T09:00:01Z'))).toBe(true);
  });
});
