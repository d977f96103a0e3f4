/**
 * The words under each flow chart: what the chart shows, said so a screen reader user (or anyone who
 * does not read charts) gets the same facts. Pure.
 */
import { formatLondonDay, type SiteFlowResponse } from '@wardflow/shared';
import { londonTimeOf } from '../display/format';
import { percentLabel } from './sites-format';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const hourRange = (hour: number) =>
  `${String(hour).padStart(2, '0')}:00–${String((hour + 1) % 24).padStart(2, '0')}:00`;
const when = (iso: string) => `${formatLondonDay(iso)} ${londonTimeOf(iso)}`;

export function movementsSummary(flow: SiteFlowResponse): string {
  const { totals, byHour, dischargesBeforeNoon, from, wardsWithoutMovements } = flow.movements;
  const busiest = (key: 'admissions' | 'discharges') =>
    byHour.reduce(
      (best, h) => (h[key] > best[key] ? h : best),
      byHour[0] ?? { hour: 0, admissions: 0, discharges: 0, transfersIn: 0, transfersOut: 0 },
    );
  const parts = [
    `Since ${when(from)}: ${plural(totals.admissions, 'admission')} and ${plural(totals.discharges, 'discharge')}`,
    totals.discharges > 0
      ? `, ${dischargesBeforeNoon} of the discharges before noon (${percentLabel((dischargesBeforeNoon / totals.discharges) * 100)})`
      : '',
    `; ${plural(totals.transfersIn, 'transfer')} in and ${totals.transfersOut} out.`,
  ];
  const peaks: string[] = [];
  const a = busiest('admissions');
  const d = busiest('discharges');
  if (a.admissions > 0) peaks.push(`most admissions ${hourRange(a.hour)} (${a.admissions})`);
  if (d.discharges > 0) peaks.push(`most discharges ${hourRange(d.hour)} (${d.discharges})`);
  const missing = wardsWithoutMovements > 0 ? ` Movements not known for ${plural(wardsWithoutMovements, 'ward')}.` : '';
  return `${parts.join('')}${peaks.length > 0 ? ` By London hour of day: ${peaks.join('; ')}.` : ''}${missing}`;
}

export function occupancySummary(flow: SiteFlowResponse): string {
  const points = flow.occupancy.points.filter((p) => p.percent !== null);
  const last = points.at(-1);
  if (last === undefined) return `No census has been recorded in the last ${plural(flow.days, 'day')} yet.`;
  const values = points.map((p) => p.percent ?? 0);
  const partial =
    last.wardsReporting < flow.occupancy.wards
      ? ` (${last.wardsReporting} of ${flow.occupancy.wards} wards reporting)`
      : '';
  return (
    `Occupancy ${percentLabel(last.percent)} in the hour from ${londonTimeOf(last.at)}: ${last.occupied} of ${last.openBeds} open beds${partial}. ` +
    `Over the last ${plural(flow.days, 'day')}: lowest ${percentLabel(Math.min(...values))}, highest ${percentLabel(Math.max(...values))}.`
  );
}

export function lengthOfStaySummary(flow: SiteFlowResponse): string {
  const { bins, patients, unknown, medianDays } = flow.lengthOfStay;
  if (patients === 0) return 'No inpatients on this site now.';
  const over7 = bins.filter((b) => b.minDays > 7).reduce((n, b) => n + b.patients, 0);
  const over28 = bins.filter((b) => b.maxDays === null).reduce((n, b) => n + b.patients, 0);
  const median = medianDays === null ? '' : `, median stay ${plural(Math.round(medianDays), 'day')}`;
  const missing = unknown > 0 ? ` ${plural(unknown, 'patient')} without a recorded admission time.` : '';
  return `${plural(patients, 'inpatient')} now${median}. ${over7} stayed more than 7 days, ${over28} more than 28.${missing}`;
}
