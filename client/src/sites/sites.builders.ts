/**
 * Typed builders for the drill-down's component tests: sensible defaults, overrides for what a test is about.
 */
import type {
  SiteBedRow,
  SiteBedsResponse,
  SiteCounts,
  SiteFlowResponse,
  SiteOverview,
  SitesResponse,
  SiteWardRow,
} from '@wardflow/shared';
import { NOW, minutesBefore } from '../testing/builders';

export { NOW, minutesBefore };

/** What every drill-down answer opens with: the site, and how current its data is. */
function siteAnswer() {
  return {
    siteId: 'site-north',
    siteName: 'North General',
    asOf: minutesBefore(5),
    serverTime: new Date(NOW).toISOString(),
    freshness: 'fresh' as const,
  };
}

export function makeCounts(overrides: Partial<SiteCounts> = {}): SiteCounts {
  return {
    beds: 24,
    occupied: 20,
    free: 1,
    cleaning: 2,
    closed: 1,
    reserved: 0,
    blocked: 0,
    isolated: 0,
    contaminated: 0,
    unknown: 0,
    occupancyPercent: (20 / 23) * 100,
    onLeave: 1,
    expectedDischargesToday: 3,
    expectedDischargesTomorrow: 2,
    pastExpectedDischarge: 4,
    delayedDischarges: 1,
    cleaningLong: 1,
    cleaningSinceUnknown: 0,
    unplaced: 0,
    ...overrides,
  };
}

export function makeWardRow(overrides: Partial<SiteWardRow> = {}): SiteWardRow {
  return {
    wardId: 'ward-ash',
    wardName: 'Ash Ward',
    profile: 'acute',
    asOf: minutesBefore(5),
    freshness: 'fresh',
    counts: makeCounts(),
    ...overrides,
  };
}

export function makeSite(overrides: Partial<SiteOverview> = {}): SiteOverview {
  const wards = overrides.wards ?? [makeWardRow()];
  return {
    siteId: 'site-north',
    siteName: 'North General',
    asOf: minutesBefore(5),
    freshness: 'fresh',
    wardsNotCurrent: 0,
    wardsWithoutData: 0,
    totals: makeCounts(),
    wards,
    ...overrides,
  };
}

export function makeSites(overrides: Partial<SitesResponse> = {}): SitesResponse {
  return {
    asOf: minutesBefore(5),
    serverTime: new Date(NOW).toISOString(),
    freshness: 'fresh',
    cleaningAlertAfterMs: 2 * 3_600_000,
    sites: [makeSite()],
    ...overrides,
  };
}

export function makeBedRow(overrides: Partial<SiteBedRow> = {}): SiteBedRow {
  return {
    wardId: 'ward-ash',
    wardName: 'Ash Ward',
    bedId: 'bed-3',
    bedLabel: 'Bed 3',
    area: null,
    areaSex: null,
    sexMismatch: false,
    status: 'occupied',
    unreadableStatus: null,
    statusSince: minutesBefore(3 * 24 * 60),
    minutesInStatus: 3 * 24 * 60,
    cleaningLong: false,
    unplacedReason: null,
    freshness: 'fresh',
    patient: {
      initials: 'J.S.',
      onLeave: false,
      admittedAt: minutesBefore(3 * 24 * 60),
      lengthOfStayHours: 72,
      expectedDischargeDate: '2026-01-12',
      expectedDischarge: 'past',
      delayedDischarge: true,
      delays: [{ kind: 'discharge', description: 'Awaiting package of care', dueAt: null, overdue: false }],
      dataErrors: [],
      infection: null,
      discharge: null,
      daysSinceReady: null,
    },
    ...overrides,
  };
}

export function makeBeds(overrides: Partial<SiteBedsResponse> = {}): SiteBedsResponse {
  return {
    ...siteAnswer(),
    filter: 'past-edd',
    wardId: null,
    cleaningAlertAfterMs: 2 * 3_600_000,
    wards: [{ wardId: 'ward-ash', wardName: 'Ash Ward', profile: 'acute', asOf: minutesBefore(5), freshness: 'fresh' }],
    beds: [makeBedRow()],
    expected: [],
    ...overrides,
  };
}

export function makeFlow(overrides: Partial<SiteFlowResponse> = {}): SiteFlowResponse {
  const byHour = Array.from({ length: 24 }, (_, hour) => ({
    hour,
    admissions: hour === 15 ? 3 : hour === 20 ? 2 : 0,
    discharges: hour === 11 ? 1 : hour === 16 ? 4 : 0,
    transfersIn: 0,
    transfersOut: 0,
  }));
  return {
    ...siteAnswer(),
    days: 3,
    movements: {
      from: minutesBefore(72 * 60),
      to: new Date(NOW).toISOString(),
      byHour,
      totals: { admissions: 5, discharges: 5, transfersIn: 1, transfersOut: 2 },
      dischargesBeforeNoon: 1,
      wardsWithoutMovements: 0,
    },
    occupancy: {
      from: minutesBefore(72 * 60),
      to: new Date(NOW).toISOString(),
      wards: 2,
      points: [
        { at: '2026-01-14T12:00:00.000Z', occupied: 40, openBeds: 46, percent: (40 / 46) * 100, wardsReporting: 2 },
        { at: '2026-01-14T13:00:00.000Z', occupied: 42, openBeds: 46, percent: (42 / 46) * 100, wardsReporting: 2 },
      ],
    },
    delayedDischarges: {
      patients: 4,
      daysWaiting: 11,
      readyToday: 1,
      byPathway: [
        { pathway: 0, patients: 0 },
        { pathway: 1, patients: 2 },
        { pathway: 2, patients: 0 },
        { pathway: 3, patients: 1 },
        { pathway: null, patients: 1 },
      ],
      byReason: [
        {
          reason: 'care-package',
          label: 'Awaiting a new home care package (pathway 1)',
          patients: 2,
          daysWaiting: 5,
          byPathway: [0, 2, 0, 0, 0],
        },
        {
          reason: 'nursing-home',
          label: 'Awaiting a nursing home place (pathway 3)',
          patients: 1,
          daysWaiting: 6,
          byPathway: [0, 0, 0, 1, 0],
        },
      ],
      withoutReason: 1,
      fromTasksOnly: 1,
    },
    lengthOfStay: {
      bins: [
        { label: '<1d', minDays: 0, maxDays: 0, patients: 5 },
        { label: '1-2d', minDays: 1, maxDays: 2, patients: 8 },
        { label: '3-7d', minDays: 3, maxDays: 7, patients: 12 },
        { label: '8-14d', minDays: 8, maxDays: 14, patients: 6 },
        { label: '15-28d', minDays: 15, maxDays: 28, patients: 3 },
        { label: '>28d', minDays: 29, maxDays: null, patients: 2 },
      ],
      patients: 37,
      unknown: 1,
      medianDays: 4,
    },
    ...overrides,
  };
}
