/**
 * The history backfill's contract: GET /api/history/backfill (progress) and POST /api/history/backfill
 * (start a run), for admins (docs/operations.md, "History from day one").
 */

/** Longest backfill that can be asked for: two years of days. */
export const BACKFILL_MAX_DAYS = 730;

/** Days a run works out per ward at a time: one set of FHIR searches, then progress is kept. */
export const BACKFILL_WINDOW_DAYS = 30;

export type BackfillRunStatus = 'running' | 'done' | 'failed';
export type BackfillWardStatus = 'waiting' | 'running' | 'done' | 'failed';

/** One ward's part of a run. */
export interface BackfillWardProgress {
  wardId: string;
  status: BackfillWardStatus;
  /** The last day worked out (days go oldest first), or null before the first window. */
  doneThrough: string | null;
  /** Ward-days stored new or changed. */
  written: number;
  /** Ward-days already stored with the same values. */
  unchanged: number;
  /** Ward-days left alone because a live poll or a history import already holds them. */
  kept: number;
  /** FHIR requests made for this ward. */
  requests: number;
  error: string | null;
}

export interface BackfillRun {
  id: number;
  /** UTC ISO. */
  requestedAt: string;
  /** "first start", or who asked (their display name, or the API token's label). */
  requestedBy: string;
  days: number;
  /** First and last London dates of the run ("YYYY-MM-DD"). */
  from: string;
  to: string;
  status: BackfillRunStatus;
  finishedAt: string | null;
  error: string | null;
  wards: BackfillWardProgress[];
}

/** GET /api/history/backfill. */
export interface BackfillStatusResponse {
  /** Days backfilled on first start (HISTORY_BACKFILL_DAYS); 0 when first start does not backfill. */
  firstStartDays: number;
  /** The newest run, or null when none ever ran. */
  latest: BackfillRun | null;
}

/** POST /api/history/backfill body. */
export interface BackfillRequest {
  /** Days before today to work out; default HISTORY_BACKFILL_DAYS, or 180 when that is 0. */
  days?: number;
}
