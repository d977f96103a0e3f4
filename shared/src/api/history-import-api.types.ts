/** The history import's contract: POST /api/history/import (docs/operations.md, "Importing history"). */
export const HISTORY_IMPORT_FORMATS = { 'text/csv': 'csv', 'application/x-ndjson': 'ndjson' } as const;
export type HistoryImportFormat = (typeof HISTORY_IMPORT_FORMATS)[keyof typeof HISTORY_IMPORT_FORMATS];
/** Largest file accepted, in bytes: 180 days of 50 wards as CSV is about 1 MB. */
export const HISTORY_IMPORT_MAX_BYTES = 20 * 1024 * 1024;

/** One problem: the file's line (1 = first line, the CSV header), the column or field, and why. */
export interface HistoryImportError {
  line: number;
  column: string | null;
  message: string;
}

/** The answer: 200 when written (or `dryRun`), 422 with every error and nothing written. */
export interface HistoryImportReport {
  format: HistoryImportFormat;
  dryRun: boolean;
  /** Ward-days in the file. */
  rows: number;
  /** Ward-days stored new or changed. */
  written: number;
  /** Ward-days already stored with the same values. */
  unchanged: number;
  /** Ward-days not written because a live poll's score holds that instant (a poll is never overwritten). */
  liveKept: number;
  /** Wards whose history the import touched. */
  wards: string[];
  errors: HistoryImportError[];
  /** Errors beyond those listed (the list stops at MAX_LISTED_ERRORS). */
  moreErrors: number;
  /** The prediction model refit the import triggered, per profile ("Fitted on ..." / "Expert default weights: ..."). */
  refit: string[];
}
