/**
 * Days of ward figures, from a file (the history import) or worked out from FHIR (the history backfill),
 * scored by the same rules as a live poll and stored as the heat map's day rows. What is kept already
 * is compared first, so the same days twice change nothing; a day held by a source this one may not
 * replace (a live poll always; a trust's own import, for the backfill) is left alone and counted.
 */
import { Injectable } from '@nestjs/common';
import {
  addCalendarDays,
  londonDate,
  londonNoon,
  scoreImportedDays,
  type DayFigures,
  type MeasureDefinition,
} from '@wardflow/shared';
import { ScoreRepository, type NewScore, type ScoreRow, type ScoreSource } from '../store/score.repository.js';

export interface DayScoresOptions {
  source: Extract<ScoreSource, 'imported' | 'backfilled'>;
  definitionsOf: (wardId: string) => readonly MeasureDefinition[];
  /** Count what would be written, write nothing. */
  dryRun?: boolean;
  /**
   * Days given only so the others' 7-day outcome totals can be worked out: scored, not stored. A
   * backfill window passes the six days before it this way.
   */
  contextOnly?: (day: DayFigures) => boolean;
}

export interface DayScoresOutcome {
  written: number;
  unchanged: number;
  /** Days a source this one may not replace holds already. */
  kept: number;
}

/** Which kept sources each writer may replace: an import replaces any day but a poll's; a backfill only its own. */
const REPLACEABLE: Record<DayScoresOptions['source'], ScoreSource[]> = {
  imported: ['imported', 'backfilled', 'simulated'],
  backfilled: ['backfilled'],
};

@Injectable()
export class DayScoresWriter {
  constructor(private readonly scores: ScoreRepository) {}

  async store(days: readonly DayFigures[], options: DayScoresOptions): Promise<DayScoresOutcome> {
    const outcome: DayScoresOutcome = { written: 0, unchanged: 0, kept: 0 };
    if (days.length === 0) return outcome;
    // What is kept already: the comparison for "unchanged", and a week-before composite for trends.
    const wardIds = [...new Set(days.map((d) => d.wardId))];
    const dates = days.map((d) => d.date).sort();
    const from = londonNoon(addCalendarDays(dates[0] as string, -7));
    const to = londonNoon(dates.at(-1) as string);
    const kept = new Map<string, ScoreRow>();
    for (const row of await this.scores.dayScores(
      wardIds,
      new Date(from.getTime() - 3_600_000),
      new Date(to.getTime() + 3_600_000),
    )) {
      kept.set(`${row.wardId}|${londonDate(row.at)}`, row);
    }
    const contextOnly = new Set(
      days.filter((d) => options.contextOnly?.(d) === true).map((d) => `${d.wardId}|${d.date}`),
    );
    // A context-only day was worked out for its figures, not its composite: where one is kept, the
    // kept composite is the week-before a trend compares with (a window's lead days read less FHIR).
    const scored = scoreImportedDays(
      days,
      options.definitionsOf,
      (wardId, date) => kept.get(`${wardId}|${date}`)?.composite ?? null,
      (wardId, date) => contextOnly.has(`${wardId}|${date}`) && kept.has(`${wardId}|${date}`),
    );
    const replaceable = REPLACEABLE[options.source];
    const changed: NewScore[] = [];
    for (const day of scored) {
      const key = `${day.wardId}|${day.date}`;
      if (contextOnly.has(key)) continue;
      const score: NewScore = { ...day, granularity: 'day', prediction: null, source: options.source };
      const before = kept.get(key);
      if (before !== undefined && sameDay(before, score)) outcome.unchanged++;
      else if (before !== undefined && !replaceable.includes(before.source)) outcome.kept++;
      else changed.push(score);
    }
    outcome.written = changed.length;
    if (options.dryRun === true || changed.length === 0) return outcome;
    outcome.written = await this.scores.upsertDayScores(changed, replaceable);
    outcome.kept += changed.length - outcome.written;
    return outcome;
  }
}

/** The same day as kept: cell by cell (jsonb does not keep key order) and bed days as float4 keeps them. */
function sameDay(kept: ScoreRow, incoming: NewScore): boolean {
  const cell = (c: NewScore['cells'][number]) => `${c.measureId}|${c.value}|${c.band}|${c.reason ?? ''}`;
  const close = (a: number | null, b: number | null) =>
    a === null || b === null ? a === b : Math.abs(a - b) <= 1e-4 * Math.max(1, Math.abs(b));
  return (
    kept.at.getTime() === incoming.at.getTime() &&
    kept.source === incoming.source &&
    kept.cells.map(cell).join() === incoming.cells.map(cell).join() &&
    kept.harmIncidents7d === incoming.harmIncidents7d &&
    close(kept.occupiedBedDays7d, incoming.occupiedBedDays7d) &&
    kept.trend === incoming.trend
  );
}
