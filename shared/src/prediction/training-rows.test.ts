import { addCalendarDays } from '../london-time.js';
import { trainingRows, type DailyScore } from './training-rows.js';

const day = (date: string, harm: number | null, obd: number | null, occupancy = 90): DailyScore => ({
  wardId: 'w1',
  date,
  values: { occupancy },
  harmIncidents7d: harm,
  occupiedBedDays7d: obd,
});

describe('trainingRows', () => {
  it('should label a day from the score 7 days later: harm per 1,000 bed days at or above the rate', () => {
    // Mental-health rate 50 per 1,000 OBD: 7 incidents over 140 bed days is exactly 50.
    const rows = trainingRows('mental-health', [
      day('2026-03-01', 0, 140),
      day('2026-03-08', 7, 140),
      day('2026-03-02', 0, 140),
      day('2026-03-09', 6, 140),
    ]);
    expect(rows.map((r) => [r.date, r.label])).toEqual([
      ['2026-03-01', true],
      ['2026-03-02', false],
    ]);
  });

  it('should leave out days whose outcome week is not over or not recorded', () => {
    expect(trainingRows('acute', [day('2026-03-01', 1, 100), day('2026-03-08', null, 100)])).toEqual([]);
    expect(trainingRows('acute', [day('2026-03-01', 1, 100)])).toEqual([]);
    expect(trainingRows('acute', [day('2026-03-01', 1, 100), day('2026-03-08', 1, 0)])).toEqual([]);
  });

  it('should take the 7-day change from the score a week before, and none when it is missing', () => {
    const rows = trainingRows('acute', [
      day('2026-02-22', 0, 100, 80),
      day('2026-03-01', 0, 100, 92),
      day('2026-03-08', 0, 100),
      day('2026-03-15', 0, 100),
    ]);
    expect(rows.find((r) => r.date === '2026-03-01')?.features['occupancy:7d-change']).toBe(12);
    expect(rows.find((r) => r.date === '2026-02-22')?.features['occupancy:7d-change']).toBeNull();
  });

  it('should count calendar days across the clock changes', () => {
    expect(addCalendarDays('2026-03-25', 7)).toBe('2026-04-01');
    expect(addCalendarDays('2026-10-22', 7)).toBe('2026-10-29');
    expect(addCalendarDays('2026-03-29', -7)).toBe('2026-03-22');
  });
});
