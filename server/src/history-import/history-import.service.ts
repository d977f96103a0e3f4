/**
 * The history import (docs/operations.md, "Importing history"): checks a whole file against the wards
 * Wardflow knows, scores every day by the same rules as a live poll, and stores them in one transaction,
 * or nothing when any row is wrong. Days already stored with the same values are left alone, so the
 * same file twice changes nothing; the prediction model is refitted when anything was written.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  addCalendarDays,
  londonDate,
  londonNoon,
  MAX_LISTED_ERRORS,
  parseHistory,
  scoreImportedDays,
  type HistoryImportFormat,
  type HistoryImportReport,
  type MeasureDefinition,
} from '@wardflow/shared';
import { CLOCK, type Clock } from '../core/tokens.js';
import { ModelRefitService } from '../scoring/model-refit.service.js';
import { ScoringService } from '../scoring/scoring.service.js';
import { BoardRepository } from '../store/board.repository.js';
import { ScoreRepository, type NewScore, type ScoreRow } from '../store/score.repository.js';

@Injectable()
export class HistoryImportService {
  private readonly logger = new Logger(HistoryImportService.name);

  constructor(
    private readonly boards: BoardRepository,
    private readonly scores: ScoreRepository,
    private readonly scoring: ScoringService,
    private readonly refits: ModelRefitService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async import(text: string, format: HistoryImportFormat, dryRun: boolean): Promise<HistoryImportReport> {
    const now = new Date(this.clock());
    const wards = new Map((await this.boards.listWards()).map((w) => [w.id, w]));
    const definitions = new Map<string, MeasureDefinition[]>();
    const definitionsOf = (wardId: string): MeasureDefinition[] => {
      let found = definitions.get(wardId);
      const ward = wards.get(wardId);
      if (found === undefined && ward !== undefined)
        definitions.set(wardId, (found = this.scoring.definitionsFor(ward)));
      return found ?? [];
    };
    const parsed = parseHistory(
      text,
      format,
      (wardId) => (wards.has(wardId) ? definitionsOf(wardId).map((d) => d.id) : undefined),
      londonDate(now),
    );
    const report: HistoryImportReport = {
      format,
      dryRun,
      rows: parsed.days.length + new Set(parsed.errors.map((e) => e.line)).size,
      written: 0,
      unchanged: 0,
      liveKept: 0,
      wards: [...new Set(parsed.days.map((d) => d.wardId))].sort(),
      errors: parsed.errors.slice(0, MAX_LISTED_ERRORS),
      moreErrors: Math.max(0, parsed.errors.length - MAX_LISTED_ERRORS),
      refit: [],
    };
    if (parsed.errors.length > 0 || parsed.days.length === 0) return report;

    // What is kept already: the comparison for "unchanged", and a week-before composite for trends.
    const dates = parsed.days.map((d) => d.date).sort();
    const from = londonNoon(addCalendarDays(dates[0] as string, -7));
    const to = londonNoon(dates.at(-1) as string);
    const kept = new Map<string, ScoreRow>();
    for (const row of await this.scores.dayScores(
      report.wards,
      new Date(from.getTime() - 3_600_000),
      new Date(to.getTime() + 3_600_000),
    )) {
      kept.set(`${row.wardId}|${londonDate(row.at)}`, row);
    }
    const scored = scoreImportedDays(
      parsed.days,
      definitionsOf,
      (wardId, date) => kept.get(`${wardId}|${date}`)?.composite ?? null,
    );
    const changed: NewScore[] = [];
    for (const day of scored) {
      const score: NewScore = { ...day, granularity: 'day', prediction: null, source: 'imported' };
      const before = kept.get(`${day.wardId}|${day.date}`);
      if (before !== undefined && sameDay(before, score)) report.unchanged++;
      else changed.push(score);
    }
    report.written = changed.length;
    if (dryRun || changed.length === 0) return report;
    report.written = await this.scores.upsertDayScores(changed);
    report.liveKept = changed.length - report.written;
    if (report.written === 0) return report;
    report.refit = (await this.refits.refitAll(now)).map((o) => `${o.profile}: ${o.summary}`);
    this.logger.log(
      `History import: ${report.written} ward-days written, ${report.unchanged} unchanged, ${report.liveKept} kept as polled live, over ${report.wards.length} wards`,
    );
    return report;
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
