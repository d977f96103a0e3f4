/**
 * The history import (docs/operations.md, "Importing history"): checks a whole file against the wards
 * Wardflow knows, scores every day by the same rules as a live poll, and stores them in one transaction,
 * or nothing when any row is wrong (DayScoresWriter scores and stores them). Days already stored with
 * the same values are left alone, so the same file twice changes nothing; the prediction model is
 * refitted when anything was written.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  londonDate,
  MAX_LISTED_ERRORS,
  parseHistory,
  type HistoryImportFormat,
  type HistoryImportReport,
  type MeasureDefinition,
} from '@wardflow/shared';
import { CLOCK, type Clock } from '../core/tokens.js';
import { ModelRefitService } from '../scoring/model-refit.service.js';
import { DayScoresWriter } from '../scoring/day-scores.writer.js';
import { ScoringService } from '../scoring/scoring.service.js';
import { BoardRepository } from '../store/board.repository.js';

@Injectable()
export class HistoryImportService {
  private readonly logger = new Logger(HistoryImportService.name);

  constructor(
    private readonly boards: BoardRepository,
    private readonly days: DayScoresWriter,
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

    const stored = await this.days.store(parsed.days, { source: 'imported', definitionsOf, dryRun });
    report.written = stored.written;
    report.unchanged = stored.unchanged;
    report.liveKept = stored.kept;
    if (dryRun || report.written === 0) return report;
    report.refit = (await this.refits.refitAll(now)).map((o) => `${o.profile}: ${o.summary}`);
    this.logger.log(
      `History import: ${report.written} ward-days written, ${report.unchanged} unchanged, ${report.liveKept} kept as polled live, over ${report.wards.length} wards`,
    );
    return report;
  }
}
