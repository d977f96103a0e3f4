/**
 * The bed / site manager's drill-down (docs/design.md sections 1 and 9): site -> ward -> bed, composed from
 * each ward's stored snapshot at a given server time. Pure, so the numbers on the site page and the
 * beds listed behind each of them come from one set of rules and can never disagree.
 *
 * "Today" and "tomorrow" are Europe/London calendar days (CS-10). Patients the data could not put in
 * a bed count in every patient number and are listed, never dropped.
 */
import type {
  ExpectedDischargeWhen,
  SiteBedFilter,
  SiteBedPatient,
  SiteBedRow,
  SiteArrivalRow,
  SiteBedsResponse,
  SiteCounts,
  SiteOverview,
  SitesResponse,
  SiteWardRow,
} from './api/api.types.js';
import { unavailableBeds } from './census.js';
import { dischargeReadinessAt } from './discharge.js';
import { DEFAULT_FRESHNESS, freshnessOf, type Freshness, type FreshnessThresholds } from './freshness.js';
import { londonDate } from './london-time.js';
import {
  BED_STATUSES,
  type BedOnBoard,
  type PatientOnBoard,
  type UnplacedPatient,
  type Ward,
  type WardSnapshot,
} from './ward.types.js';

const HOUR_MS = 3_600_000;

/** The parts of a stored snapshot the drill-down reads (the server leaves incidents and staffing in the database). */
export type SiteSnapshot = Pick<WardSnapshot, 'asOf' | 'beds' | 'unplaced' | 'flow' | 'expected'>;

/** One ward as stored: its snapshot (null before the first complete poll) and the state of its latest poll. */
export interface SiteWardInput {
  ward: Ward;
  snapshot: SiteSnapshot | null;
  staleReason: string | null;
  lastPollOk: boolean | null;
}

export interface SiteRules {
  /** A bed in cleaning for longer than this is counted as "cleaning long" (CLEANING_ALERT_AFTER). */
  cleaningAlertAfterMs: number;
  freshness?: FreshnessThresholds;
}

/** Every filter the beds list accepts, one per number on the drill-down. */
export const SITE_BED_FILTERS: readonly SiteBedFilter[] = [
  'all',
  ...BED_STATUSES,
  'cleaning-long',
  'on-leave',
  'edd-today',
  'edd-tomorrow',
  'past-edd',
  'delayed',
  'unplaced',
];

/** The calendar day after "YYYY-MM-DD", by date arithmetic: adding 24 h misses on the 25-hour day in October. */
export function nextCalendarDate(ymd: string): string {
  const next = new Date(`${ymd}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

/** Where an expected discharge date falls against the London "today" of `now`; null when there is none or it cannot be read. */
export function expectedDischargeWhen(expectedDischargeDate: string | null, now: number): ExpectedDischargeWhen | null {
  if (expectedDischargeDate === null) return null;
  const edd = expectedDischargeDate.slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(edd)) return null;
  const today = londonDate(now);
  if (edd < today) return 'past';
  if (edd === today) return 'today';
  return edd === nextCalendarDate(today) ? 'tomorrow' : 'later';
}

/** Whole minutes since `sinceIso` at `now`; null when unknown, unreadable, or later than now beyond clock skew. */
export function minutesSince(sinceIso: string | null | undefined, now: number): number | null {
  if (sinceIso === null || sinceIso === undefined) return null;
  const at = Date.parse(sinceIso);
  if (Number.isNaN(at) || at - now > 2 * 60_000) return null;
  return Math.max(0, Math.floor((now - at) / 60_000));
}

/** The bed is cleaning, and has been for longer than the configured time (unknown start: not long, counted apart). */
export function isCleaningLong(
  bed: Pick<BedOnBoard, 'status' | 'statusSince'>,
  now: number,
  cleaningAlertAfterMs: number,
): boolean {
  if (bed.status !== 'cleaning' || bed.statusSince === null || bed.statusSince === undefined) return false;
  const since = Date.parse(bed.statusSince);
  return !Number.isNaN(since) && now - since > cleaningAlertAfterMs;
}

/** Freshness and reason as the ward's own board gives them (composeBoard in board.ts), so the two never disagree. */
function wardFreshness(
  input: SiteWardInput,
  now: number,
  thresholds: FreshnessThresholds,
): { asOf: string | null; freshness: Freshness; staleReason?: string } {
  const asOf = input.snapshot?.asOf ?? null;
  const freshness = freshnessOf(asOf, now, input.lastPollOk === false || input.staleReason !== null, thresholds);
  if (freshness === 'fresh') return { asOf, freshness };
  return {
    asOf,
    freshness,
    staleReason:
      input.staleReason ??
      (asOf === null ? 'No data received from FHIR yet' : 'No successful poll since the time shown'),
  };
}

const SEVERITY: Record<Freshness, number> = { fresh: 0, stale: 1, expired: 2 };
const worst = (list: readonly Freshness[]): Freshness =>
  list.reduce<Freshness>((w, f) => (SEVERITY[f] > SEVERITY[w] ? f : w), 'fresh');
const oldest = (times: ReadonlyArray<string | null>): string | null =>
  times
    .filter((t): t is string => t !== null)
    .reduce<string | null>((o, t) => (o === null || Date.parse(t) < Date.parse(o) ? t : o), null);

/**
 * A group of wards' data time and freshness: the oldest time (totals are only as current as their
 * oldest part) and the worst freshness; no wards at all is "expired", since nothing vouches for it.
 */
export function combinedFreshness(rows: ReadonlyArray<Pick<SiteWardRow, 'asOf' | 'freshness'>>): {
  asOf: string | null;
  freshness: Freshness;
} {
  return {
    asOf: oldest(rows.map((r) => r.asOf)),
    freshness: rows.length === 0 ? 'expired' : worst(rows.map((r) => r.freshness)),
  };
}

/** Every current inpatient of a snapshot: in a bed, or listed as unplaced. */
export function currentPatients(snapshot: SiteSnapshot): PatientOnBoard[] {
  // Stored snapshots from before `unplaced` existed have none recorded.
  const unplaced: UnplacedPatient[] = snapshot.unplaced ?? [];
  return [...snapshot.beds.flatMap((b) => (b.patient === null ? [] : [b.patient])), ...unplaced.map((u) => u.patient)];
}

const emptyCounts = (): SiteCounts => ({
  beds: 0,
  occupied: 0,
  free: 0,
  cleaning: 0,
  closed: 0,
  reserved: 0,
  blocked: 0,
  isolated: 0,
  contaminated: 0,
  unknown: 0,
  occupancyPercent: null,
  onLeave: 0,
  expectedDischargesToday: 0,
  expectedDischargesTomorrow: 0,
  pastExpectedDischarge: 0,
  delayedDischarges: 0,
  cleaningLong: 0,
  cleaningSinceUnknown: 0,
  unplaced: 0,
});

function occupancyPercent(
  counts: Pick<SiteCounts, 'beds' | 'occupied' | 'closed' | 'blocked' | 'isolated' | 'contaminated'>,
): number | null {
  const open = counts.beds - unavailableBeds(counts);
  return open > 0 ? (counts.occupied / open) * 100 : null;
}

/** One ward's counts from its snapshot at `now`. */
export function wardCounts(snapshot: SiteSnapshot, now: number, rules: SiteRules): SiteCounts {
  const counts = emptyCounts();
  for (const bed of snapshot.beds) {
    counts.beds++;
    counts[bed.status]++;
    if (bed.status === 'cleaning') {
      if (isCleaningLong(bed, now, rules.cleaningAlertAfterMs)) counts.cleaningLong++;
      else if (minutesSince(bed.statusSince, now) === null) counts.cleaningSinceUnknown++;
    }
  }
  for (const patient of currentPatients(snapshot)) {
    if (patient.onLeave) counts.onLeave++;
    const when = expectedDischargeWhen(patient.expectedDischargeDate, now);
    if (when === 'today') counts.expectedDischargesToday++;
    if (when === 'tomorrow') counts.expectedDischargesTomorrow++;
    if (when === 'past') counts.pastExpectedDischarge++;
    if (dischargeReadinessAt(patient, now).delayed) counts.delayedDischarges++;
  }
  counts.unplaced = (snapshot.unplaced ?? []).length;
  counts.occupancyPercent = occupancyPercent(counts);
  return counts;
}

function addCounts(total: SiteCounts, add: SiteCounts): SiteCounts {
  const sum = { ...total };
  for (const key of Object.keys(sum) as Array<keyof SiteCounts>) {
    if (key !== 'occupancyPercent') sum[key] = total[key] + add[key];
  }
  sum.occupancyPercent = occupancyPercent(sum);
  return sum;
}

/** One ward's line: its counts at `now` and how current they are. */
export function composeWardRow(input: SiteWardInput, now: number, rules: SiteRules): SiteWardRow {
  return {
    wardId: input.ward.id,
    wardName: input.ward.name,
    profile: input.ward.profile,
    ...wardFreshness(input, now, rules.freshness ?? DEFAULT_FRESHNESS),
    counts: input.snapshot === null ? null : wardCounts(input.snapshot, now, rules),
  };
}

/** Groups wards by site, keeping the order given (the repository sorts by site and ward name). */
function bySite(inputs: readonly SiteWardInput[]): Array<{ siteId: string; siteName: string; wards: SiteWardInput[] }> {
  const sites = new Map<string, { siteId: string; siteName: string; wards: SiteWardInput[] }>();
  for (const input of inputs) {
    const site = sites.get(input.ward.siteId) ?? {
      siteId: input.ward.siteId,
      siteName: input.ward.siteName,
      wards: [],
    };
    site.wards.push(input);
    sites.set(input.ward.siteId, site);
  }
  return [...sites.values()];
}

/** One site: its wards' rows and totals, the oldest data time and the worst freshness among them. */
export function composeSite(
  siteId: string,
  siteName: string,
  wards: readonly SiteWardInput[],
  now: number,
  rules: SiteRules,
): SiteOverview {
  const rows = wards.map((w) => composeWardRow(w, now, rules));
  return {
    siteId,
    siteName,
    ...combinedFreshness(rows),
    wardsNotCurrent: rows.filter((r) => r.freshness !== 'fresh').length,
    wardsWithoutData: rows.filter((r) => r.counts === null).length,
    totals: rows.reduce((total, r) => (r.counts === null ? total : addCounts(total, r.counts)), emptyCounts()),
    wards: rows,
  };
}

/** GET /api/sites: every site with its wards and counts. */
export function composeSites(inputs: readonly SiteWardInput[], now: number, rules: SiteRules): SitesResponse {
  const sites = bySite(inputs).map((s) => composeSite(s.siteId, s.siteName, s.wards, now, rules));
  return {
    asOf: oldest(sites.map((s) => s.asOf)),
    serverTime: new Date(now).toISOString(),
    freshness: sites.length === 0 ? 'fresh' : worst(sites.map((s) => s.freshness)),
    cleaningAlertAfterMs: rules.cleaningAlertAfterMs,
    sites,
  };
}

/** A patient as the drill-down shows them at `now` (the wall allow-list: initials only). */
export function sitePatientRow(patient: PatientOnBoard, now: number): SiteBedPatient {
  const admitted = patient.admittedAt === null ? Number.NaN : Date.parse(patient.admittedAt);
  // An admission time in the future is a data problem, not a stay of negative length.
  const stayMs = now - admitted;
  const readiness = dischargeReadinessAt(patient, now);
  return {
    initials: patient.initials,
    onLeave: patient.onLeave,
    admittedAt: patient.admittedAt,
    lengthOfStayHours: Number.isNaN(stayMs) || stayMs < -2 * 60_000 ? null : Math.max(0, Math.floor(stayMs / HOUR_MS)),
    expectedDischargeDate: patient.expectedDischargeDate,
    expectedDischarge: expectedDischargeWhen(patient.expectedDischargeDate, now),
    delayedDischarge: readiness.delayed,
    discharge: patient.discharge ?? null,
    daysSinceReady: readiness.daysSinceReady,
    delays: patient.delays,
    dataErrors: patient.dataErrors,
    infection: patient.infection ?? null,
  };
}

function matches(filter: SiteBedFilter, row: SiteBedRow): boolean {
  const patient = row.patient;
  switch (filter) {
    case 'all':
      return true;
    case 'occupied':
    case 'free':
    case 'cleaning':
    case 'closed':
    case 'reserved':
    case 'blocked':
    case 'isolated':
    case 'contaminated':
    case 'unknown':
      return row.status === filter;
    case 'cleaning-long':
      return row.cleaningLong;
    case 'on-leave':
      return patient?.onLeave === true;
    case 'edd-today':
      return patient?.expectedDischarge === 'today';
    case 'edd-tomorrow':
      return patient?.expectedDischarge === 'tomorrow';
    case 'past-edd':
      return patient?.expectedDischarge === 'past';
    case 'delayed':
      return patient?.delayedDischarge === true;
    case 'unplaced':
      return row.bedId === null;
  }
}

/** Every bed of the ward, then its unplaced patients, as rows at `now`. */
export function wardBedRows(input: SiteWardInput, now: number, rules: SiteRules): SiteBedRow[] {
  const snapshot = input.snapshot;
  if (snapshot === null) return [];
  const { freshness } = wardFreshness(input, now, rules.freshness ?? DEFAULT_FRESHNESS);
  const base = { wardId: input.ward.id, wardName: input.ward.name, freshness };
  const beds = snapshot.beds.map((bed): SiteBedRow => ({
    ...base,
    bedId: bed.id,
    bedLabel: bed.label,
    // Snapshots stored before bays, bay sex or unreadable codes were read have none of them.
    area: bed.area ?? null,
    areaSex: bed.areaSex ?? null,
    sexMismatch: bed.sexMismatch === true,
    status: bed.status,
    unreadableStatus: bed.unreadableStatus ?? null,
    // Snapshots stored before statusSince existed do not have it: unknown.
    statusSince: bed.statusSince ?? null,
    minutesInStatus: minutesSince(bed.statusSince, now),
    cleaningLong: isCleaningLong(bed, now, rules.cleaningAlertAfterMs),
    unplacedReason: null,
    patient: bed.patient === null ? null : sitePatientRow(bed.patient, now),
  }));
  const unplaced = (snapshot.unplaced ?? []).map((u): SiteBedRow => ({
    ...base,
    bedId: null,
    bedLabel: null,
    area: null,
    areaSex: null,
    sexMismatch: false,
    status: null,
    unreadableStatus: null,
    statusSince: null,
    minutesInStatus: null,
    cleaningLong: false,
    unplacedReason: u.reason,
    patient: sitePatientRow(u.patient, now),
  }));
  return [...beds, ...unplaced];
}

/** GET /api/sites/:siteId/beds: the beds behind one number, for the whole site or one ward. */
export function composeSiteBeds(
  site: { siteId: string; siteName: string },
  wards: readonly SiteWardInput[],
  query: { wardId: string | null; filter: SiteBedFilter },
  now: number,
  rules: SiteRules,
): SiteBedsResponse {
  const inScope = query.wardId === null ? wards : wards.filter((w) => w.ward.id === query.wardId);
  const rows = inScope.map((w) => composeWardRow(w, now, rules));
  return {
    siteId: site.siteId,
    siteName: site.siteName,
    asOf: oldest(rows.map((r) => r.asOf)),
    serverTime: new Date(now).toISOString(),
    freshness: rows.length === 0 ? 'expired' : worst(rows.map((r) => r.freshness)),
    filter: query.filter,
    wardId: query.wardId,
    cleaningAlertAfterMs: rules.cleaningAlertAfterMs,
    wards: rows.map(({ counts: _counts, ...row }) => row),
    beds: inScope.flatMap((w) => wardBedRows(w, now, rules)).filter((row) => matches(query.filter, row)),
    expected: inScope
      .flatMap((w) => {
        const { freshness } = wardFreshness(w, now, rules.freshness ?? DEFAULT_FRESHNESS);
        return (w.snapshot?.expected ?? []).map(({ encounterId: _id, ...arrival }): SiteArrivalRow => ({
          ...arrival,
          wardId: w.ward.id,
          wardName: w.ward.name,
          freshness,
        }));
      })
      .sort((a, b) => timeOrLast(a.expectedAt) - timeOrLast(b.expectedAt)),
  };
}

/** Soonest first; an arrival with no time after every timed one. */
const timeOrLast = (iso: string | null): number => (iso === null ? Number.POSITIVE_INFINITY : Date.parse(iso));
