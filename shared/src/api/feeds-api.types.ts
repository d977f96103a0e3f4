/**
 * The CSV feeds' contract: POST /api/feeds/roster and /api/feeds/incidents, and the report the drop
 * folder writes beside a rejected file (docs/operations.md, "Feeding staffing and incidents as CSV").
 */

/** What a feed carries: daily ward staffing from a rostering system, or incidents from an incident system. */
export const FEED_KINDS = ['roster', 'incidents'] as const;
export type FeedKind = (typeof FEED_KINDS)[number];

/** The only body type accepted. */
export const FEED_CONTENT_TYPE = 'text/csv';
/** Largest file accepted, in bytes: a year of daily rows for 100 wards is about 5 MB. */
export const FEED_MAX_BYTES = 10 * 1024 * 1024;

/** One problem: the file's line (1 = first line, the header), the column as the file names it (or null), and why. */
export interface FeedError {
  line: number;
  column: string | null;
  message: string;
}

/** How a file arrived: posted by a person or token, or picked up from the drop folder. */
export type FeedVia = 'upload' | 'drop-folder';

/**
 * The answer to one file. `imported`: stored (200). `already-imported`: the same bytes were imported
 * before and nothing changed (200). `checked`: a dry run found no problem and stored nothing (200).
 * `rejected`: some row is wrong, every error is listed, and nothing was stored (422).
 */
export interface FeedImportReport {
  kind: FeedKind;
  outcome: 'imported' | 'already-imported' | 'checked' | 'rejected';
  /** The outcome in words, e.g. "already imported on Sat 5 Dec 07:00 GMT (import 12): nothing changed". */
  message: string;
  fileName: string;
  /** SHA-256 of the file's bytes, hex: the same file is recognised by it. */
  sha256: string;
  /** The import that holds the rows (this one, or the earlier one for `already-imported`); null when rejected. */
  importId: number | null;
  /** When this file was received (UTC ISO). */
  receivedAt: string;
  /** Data rows in the file (blank lines not counted). */
  rows: number;
  /** Ward-days (roster) or incidents stored that were not there before. */
  added: number;
  /** Stored ones a value of which this file changed (a corrected export). */
  replaced: number;
  /** Stored ones this file repeats with the same values. */
  unchanged: number;
  /** Wardflow ward ids the file's rows belong to. */
  wards: string[];
  errors: FeedError[];
  /** Errors beyond those listed (the list stops at FEED_MAX_LISTED_ERRORS). */
  moreErrors: number;
}

/** Errors listed in a report before it only counts the rest. */
export const FEED_MAX_LISTED_ERRORS = 500;
