/**
 * The site's flow for the bed manager (GET /api/sites/:siteId/flow): admissions and discharges by
 * Europe/London hour of day, occupancy by hour from snapshot history, and the length of stay of the
 * current inpatients. Pure; the server reads the snapshots and the hourly census once per request.
 */
import { unavailableBeds } from './census.js';
import { delayedDischargeSummary } from './discharge.js';
import type { FlowHour, LengthOfStayBin, OccupancyPoint, SiteFlowResponse } from './api/api.types.js';
import {
  combinedFreshness,
  composeWardRow,
  currentPatients,
  sitePatientRow,
  type SiteRules,
  type SiteWardInput,
} from './sites.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Length-of-stay bins, in whole days of stay (a stay of 36 hours is 1 day). */
export const LENGTH_OF_STAY_BINS: ReadonlyArray<Omit<LengthOfStayBin, 'patients'>> = [
  { label: '<1d', minDays: 0, maxDays: 0 },
  { label: '1-2d', minDays: 1, maxDays: 2 },
  { label: '3-7d', minDays: 3, maxDays: 7 },
  { label: '8-14d', minDays: 8, maxDays: 14 },
  { label: '15-28d', minDays: 15, maxDays: 28 },
  { label: '>28d', minDays: 29, maxDays: null },
];

/** How far back snapshots keep movements (the turbulence window): the flow view can show no more. */
export const MOVEMENTS_WINDOW_MS = 72 * HOUR_MS;

/** The London wall-clock hour (0-23) of an instant. */
const londonHour = (() => {
  const format = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', hourCycle: 'h23' });
  return (at: number) => Number(format.format(new Date(at)));
})();

/** One ward's last census in one hour (UTC start of the hour), from snapshot history. */
export interface HourlyCensus {
  wardId: string;
  hour: string;
  occupied: number;
  beds: number;
  closed: number;
  blocked: number;
  /** Absent (0) in rows from snapshots stored before isolated and contaminated beds were told apart. */
  isolated?: number;
  contaminated?: number;
}

/**
 * GET /api/sites/:siteId/flow: admissions and discharges by London hour of day over the window,
 * occupancy by hour from snapshot history, and the length of stay of current inpatients.
 *
 * Movements come from each ward's latest snapshot, which holds the 72 hours before its time, so the
 * window starts at the later of `days` ago and the latest start among the wards' movement windows:
 * every ward then covers the whole window and no hour is short of a ward.
 */
export function composeSiteFlow(
  site: { siteId: string; siteName: string },
  wards: readonly SiteWardInput[],
  history: readonly HourlyCensus[],
  days: number,
  now: number,
  rules: SiteRules,
): SiteFlowResponse {
  const rows = wards.map((w) => composeWardRow(w, now, rules));
  const asked = now - days * DAY_MS;
  const withMovements = wards.filter((w) => w.snapshot !== null && Array.isArray(w.snapshot.flow?.events));
  const starts = withMovements.map((w) => Date.parse(w.snapshot?.flow.since ?? '')).filter((t) => !Number.isNaN(t));
  const from = Math.max(asked, now - MOVEMENTS_WINDOW_MS, ...starts);
  const byHour: FlowHour[] = Array.from({ length: 24 }, (_, hour) => ({
    hour,
    admissions: 0,
    discharges: 0,
    transfersIn: 0,
    transfersOut: 0,
  }));
  let dischargesBeforeNoon = 0;
  for (const w of withMovements) {
    for (const event of w.snapshot?.flow.events ?? []) {
      const at = Date.parse(event.at);
      if (Number.isNaN(at) || at < from || at > now) continue;
      const bucket = byHour[londonHour(at)];
      if (bucket === undefined) continue;
      if (event.kind === 'admission') bucket.admissions++;
      else if (event.kind === 'discharge') bucket.discharges++;
      else if (event.kind === 'transfer-in') bucket.transfersIn++;
      else bucket.transfersOut++;
      if (event.kind === 'discharge' && bucket.hour < 12) dischargesBeforeNoon++;
    }
  }
  const totals = byHour.reduce(
    (t, h) => ({
      admissions: t.admissions + h.admissions,
      discharges: t.discharges + h.discharges,
      transfersIn: t.transfersIn + h.transfersIn,
      transfersOut: t.transfersOut + h.transfersOut,
    }),
    { admissions: 0, discharges: 0, transfersIn: 0, transfersOut: 0 },
  );

  const patients = wards.flatMap((w) => (w.snapshot === null ? [] : currentPatients(w.snapshot)));
  const stays = patients.map((p) => sitePatientRow(p, now).lengthOfStayHours);
  const known = stays.filter((h): h is number => h !== null).map((h) => Math.floor(h / 24));
  const bins = LENGTH_OF_STAY_BINS.map((bin) => ({
    ...bin,
    patients: known.filter((d) => d >= bin.minDays && (bin.maxDays === null || d <= bin.maxDays)).length,
  }));

  return {
    siteId: site.siteId,
    siteName: site.siteName,
    ...combinedFreshness(rows),
    serverTime: new Date(now).toISOString(),
    days,
    movements: {
      from: new Date(from).toISOString(),
      to: new Date(now).toISOString(),
      byHour,
      totals,
      dischargesBeforeNoon,
      wardsWithoutMovements: wards.length - withMovements.length,
    },
    occupancy: {
      from: new Date(asked).toISOString(),
      to: new Date(now).toISOString(),
      points: occupancyByHour(history, asked, now),
      wards: wards.length,
    },
    delayedDischarges: delayedDischargeSummary(patients, now),
    lengthOfStay: { bins, patients: patients.length, unknown: stays.length - known.length, medianDays: median(known) },
  };
}

/** Sums each hour's census over the wards that reported in it, oldest hour first. */
export function occupancyByHour(history: readonly HourlyCensus[], from: number, to: number): OccupancyPoint[] {
  const hours = new Map<string, { occupied: number; openBeds: number; wards: Set<string> }>();
  for (const row of history) {
    const at = Date.parse(row.hour);
    // The hour containing `from` is kept: its last census is inside the window.
    if (Number.isNaN(at) || at + HOUR_MS <= from || at > to) continue;
    const key = new Date(at).toISOString();
    const hour = hours.get(key) ?? { occupied: 0, openBeds: 0, wards: new Set<string>() };
    // One census per ward per hour: a repeated row must not count a ward twice.
    if (hour.wards.has(row.wardId)) continue;
    hour.wards.add(row.wardId);
    hour.occupied += row.occupied;
    hour.openBeds += Math.max(0, row.beds - unavailableBeds(row));
    hours.set(key, hour);
  }
  return [...hours]
    .sort(([a], [b]) => Date.parse(a) - Date.parse(b))
    .map(([at, h]) => ({
      at,
      occupied: h.occupied,
      openBeds: h.openBeds,
      percent: h.openBeds > 0 ? (h.occupied / h.openBeds) * 100 : null,
      wardsReporting: h.wards.size,
    }));
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? null) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
