/**
 * The board a screen receives, composed from the stored state at a given server time. Used by both
 * the REST API and the socket broadcast so they can never disagree.
 */
import type { Board } from './api/api.types.js';
import { freshnessOf, type FreshnessThresholds, DEFAULT_FRESHNESS } from './freshness.js';
import { formatLondonDay, formatLondonTime } from './london-time.js';
import type { WardSafety } from './heatmap.js';
import { staffingSummaryOf } from './staffing-summary.js';
import { arrivalOnBoard } from './arrivals.js';
import type { BedOnBoard, PatientOnBoard, UnplacedPatient, Ward, WardSnapshot } from './ward.types.js';

export interface BoardStateInput {
  version: number;
  snapshot: WardSnapshot | null;
  /** Set while the shown snapshot is not current for a known reason: a failed poll, or a held census drop. */
  staleReason: string | null;
  lastPollOk: boolean | null;
}

export interface ComposeBoardOptions {
  thresholds?: FreshnessThresholds;
  /** The ward's latest safety row, when the caller has one (the server reads it beside the board). */
  safety?: WardSafety | null;
}

/** How current the board is at `now` (the staffing summary and the safety row also move with time). */
export function boardFreshness(
  ward: Ward,
  state: BoardStateInput,
  now: number,
  thresholds: FreshnessThresholds = DEFAULT_FRESHNESS,
): Board['freshness'] {
  // A retired ward is never shown as live: its last board is history, marked as such on every screen.
  if ((ward.retired ?? null) !== null) return 'expired';
  const asOf = state.snapshot?.asOf ?? null;
  return freshnessOf(asOf, now, state.lastPollOk === false || state.staleReason !== null, thresholds);
}

export function composeBoard(
  ward: Ward,
  state: BoardStateInput,
  now: number,
  options: ComposeBoardOptions = {},
): Board {
  const thresholds = options.thresholds ?? DEFAULT_FRESHNESS;
  const asOf = state.snapshot?.asOf ?? null;
  const retired = ward.retired ?? null;
  const freshness = boardFreshness(ward, state, now, thresholds);
  let staleReason: string | undefined;
  if (retired !== null) {
    staleReason = `Ward retired since ${formatLondonDay(retired.since)} ${formatLondonTime(retired.since)} (${retired.reason}); no longer polled, its history is kept`;
  } else if (freshness !== 'fresh') {
    staleReason =
      state.staleReason ??
      (asOf === null ? 'No data received from FHIR yet' : 'No successful poll since the time shown');
  }
  // A retired ward's board says so and nothing more: its last patients are history, and a ward moved
  // aside from another FHIR server holds another trust's patients (ward-lifecycle.ts).
  const snapshot = retired === null ? state.snapshot : null;
  return {
    ward,
    asOf,
    freshness,
    ...(staleReason === undefined ? {} : { staleReason }),
    version: state.version,
    serverTime: new Date(now).toISOString(),
    census: snapshot?.census ?? null,
    beds: (snapshot?.beds ?? []).map((bed) => wallBed(bed, ward)),
    // Snapshots stored before these fields existed have neither: read them as "none known".
    unplaced: (snapshot?.unplaced ?? []).map((u): UnplacedPatient => ({
      ...u,
      patient: wallPatient(u.patient, ward),
    })),
    dataQuality: snapshot?.dataQuality ?? null,
    staffing: staffingSummaryOf(snapshot?.wardContext, now),
    safety: options.safety ?? null,
    // Where from and when, never who (SEC-1); snapshots stored before arrivals were read have none.
    expected: (snapshot?.expected ?? []).map((arrival) => arrivalOnBoard(arrival, snapshot?.beds ?? [])),
  };
}

/**
 * The ward's display options applied as the board is served, not only when it was polled: a ward
 * switched to bed numbers only, or to hide the Mental Health Act, shows it from the next request,
 * whatever the stored snapshot holds (SEC-1).
 */
function wallBed(bed: BedOnBoard, ward: Ward): BedOnBoard {
  return bed.patient === null ? bed : { ...bed, patient: wallPatient(bed.patient, ward) };
}

function wallPatient(patient: PatientOnBoard, ward: Ward): PatientOnBoard {
  const bedOnly = ward.displayLabel === 'bed-only';
  if (!bedOnly && ward.showMentalHealthAct) return patient;
  return {
    ...patient,
    ...(bedOnly ? { initials: null, sameInitialsAs: [] } : {}),
    ...(ward.showMentalHealthAct ? {} : { mentalHealthAct: null }),
  };
}
