/**
 * The staffing line of a ward's wall display header: the latest roster day reported, as shares a
 * nurse reads at a glance (filled, from bank and agency, lost to sickness). Only a day with both
 * planned and actual hours counts; a missing figure is null, never 0 ("no staff" would be a lie).
 */
import { londonDate } from './london-time.js';
import type { StaffingDay, WardContext } from './ward.types.js';

export interface StaffingSummary {
  /** The Europe/London day the figures are for, YYYY-MM-DD. */
  date: string;
  /** The day is today in London; otherwise the screen names the day so old figures do not pass as today's. */
  isToday: boolean;
  plannedHours: number;
  actualHours: number;
  /** actual / planned, per cent, one decimal. */
  fillPercent: number;
  /** (bank + agency) / actual, per cent, or null when either figure was not reported. */
  temporaryStaffPercent: number | null;
  /** sickness / planned, per cent, or null when not reported. */
  sicknessPercent: number | null;
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

/** The newest day on or before today (London) with planned and actual hours, or null when there is none. */
export function staffingSummaryOf(context: WardContext | null | undefined, now: number): StaffingSummary | null {
  const today = londonDate(now);
  const usable = (context?.staffing ?? []).filter(
    (d): d is StaffingDay & { plannedHours: number; actualHours: number } =>
      d.date <= today && d.plannedHours !== null && d.plannedHours > 0 && d.actualHours !== null,
  );
  const day = usable.reduce<(typeof usable)[number] | null>(
    (best, d) => (best === null || d.date > best.date ? d : best),
    null,
  );
  if (day === null) return null;
  const temporary =
    day.bankHours === null || day.agencyHours === null || day.actualHours === 0
      ? null
      : round1(((day.bankHours + day.agencyHours) / day.actualHours) * 100);
  return {
    date: day.date,
    isToday: day.date === today,
    plannedHours: day.plannedHours,
    actualHours: day.actualHours,
    fillPercent: round1((day.actualHours / day.plannedHours) * 100),
    temporaryStaffPercent: temporary,
    sicknessPercent: day.sicknessHours === null ? null : round1((day.sicknessHours / day.plannedHours) * 100),
  };
}
