/** GET /api/wards/:wardId/history: one ward's history of one measure, for the heat map's chart. */
import type { Band } from '../measures/measure.types.js';

export interface HistoryPoint {
  at: string;
  value: number | null;
  band: Band | null;
  granularity: 'poll' | 'hour' | 'day';
  /** Why there is no value, when there is none. */
  reason?: string;
  /** A day not scored by a live poll: from a history import, or backfilled from FHIR's past. */
  source?: 'imported' | 'backfilled';
}

export interface MeasureHistory {
  wardId: string;
  measure: { id: string; label: string; unit: string; direction: string; amber: number; red: number };
  from: string;
  to: string;
  /** How old detail was thinned, in a sentence: shown under the chart so it implies no detail it lacks. */
  aggregation: string;
  points: HistoryPoint[];
}
