import type { StaffingDay } from './ward.types.js';
import { staffingSummaryOf } from './staffing-summary.js';

function day(date: string, figures: Partial<StaffingDay> = {}): StaffingDay {
  return {
    date,
    plannedHours: 200,
    actualHours: 190,
    bankHours: 20,
    agencyHours: 8,
    sicknessHours: 10,
    reportedAt: null,
    ...figures,
  };
}
const context = (staffing: StaffingDay[]) => ({ readAt: '2026-12-02T08:00:00Z', incidents: [], staffing });
// 09:00 GMT on Wednesday 2 December 2026.
const now = Date.parse('2026-12-02T09:00:00Z');

describe('staffingSummaryOf', () => {
  it('should give the latest reported day as shares of planned and actual hours', () => {
    expect(
      staffingSummaryOf(
        context([day('2026-12-01'), day('2026-12-02', { actualHours: 180, bankHours: 30, agencyHours: 6 })]),
        now,
      ),
    ).toEqual({
      date: '2026-12-02',
      isToday: true,
      plannedHours: 200,
      actualHours: 180,
      fillPercent: 90,
      temporaryStaffPercent: 20,
      sicknessPercent: 5,
    });
  });

  it('should name an older day as not today rather than pass it off as current', () => {
    const summary = staffingSummaryOf(context([day('2026-11-30'), day('2026-12-01')]), now);
    expect(summary).toMatchObject({ date: '2026-12-01', isToday: false });
  });

  it('should skip days without planned or actual hours and days in the future', () => {
    const summary = staffingSummaryOf(
      context([
        day('2026-11-30'),
        day('2026-12-01', { actualHours: null }),
        day('2026-12-02', { plannedHours: null }),
        day('2026-12-03'),
      ]),
      now,
    );
    expect(summary?.date).toBe('2026-11-30');
  });

  it('should say unknown, not zero, for figures that were not reported', () => {
    const summary = staffingSummaryOf(context([day('2026-12-02', { bankHours: null, sicknessHours: null })]), now);
    expect(summary).toMatchObject({ temporaryStaffPercent: null, sicknessPercent: null, fillPercent: 95 });
  });

  it('should use the London day: 23:30 GMT on 1 December is still the 1st, 23:30 UTC in June is the next day in BST', () => {
    expect(staffingSummaryOf(context([day('2026-12-01')]), Date.parse('2026-12-01T23:30:00Z'))?.isToday).toBe(true);
    expect(staffingSummaryOf(context([day('2026-06-02')]), Date.parse('2026-06-01T23:30:00Z'))?.isToday).toBe(true);
  });

  it('should be null with no context or no usable day', () => {
    expect(staffingSummaryOf(null, now)).toBeNull();
    expect(staffingSummaryOf(undefined, now)).toBeNull();
    expect(staffingSummaryOf(context([]), now)).toBeNull();
  });
});
