/**
 * One CSV file of a feed, however it came (an upload or the drop folder): recognised by its SHA-256
 * if it was imported before (nothing changes, the report says when), otherwise read and checked
 * against the wards Wardflow knows and FEEDS_CONFIG by the pure parsers in shared/src/feeds, and
 * stored whole in one transaction, or not at all when any row is wrong (the report names every
 * problem). After a change the wards it touched are polled at once, so their next scores (which merge
 * the feed with FHIR) come within a poll rather than a whole POLL_INTERVAL.
 */
import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  FEED_MAX_LISTED_ERRORS,
  formatLondonDay,
  formatLondonTime,
  londonDate,
  parseIncidents,
  parseRoster,
  wardMatcher,
  type FeedError,
  type FeedImportReport,
  type FeedKind,
  type FeedVia,
} from '@wardflow/shared';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { CLOCK, type Clock } from '../core/tokens.js';
import { PollSchedulerService } from '../ingest/poll-scheduler.service.js';
import { BoardRepository } from '../store/board.repository.js';
import { FeedRepository, type FeedWrite, type NewFeedImport, type StoredFeedImport } from '../store/feed.repository.js';

export interface FeedSource {
  fileName: string;
  via: FeedVia;
  /** Who sent it (the audit log's actor id) or the drop folder's path. */
  actor: string;
  /** Check and report only; store nothing. */
  dryRun?: boolean;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const stamp = (at: Date) => `${formatLondonDay(at.toISOString())} ${formatLondonTime(at.toISOString())}`;

@Injectable()
export class FeedImportService {
  private readonly logger = new Logger(FeedImportService.name);

  constructor(
    private readonly boards: BoardRepository,
    private readonly feeds: FeedRepository,
    private readonly polls: PollSchedulerService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async import(kind: FeedKind, bytes: Buffer, source: FeedSource): Promise<FeedImportReport> {
    const receivedAt = new Date(this.clock());
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const base: FeedImportReport = {
      kind,
      outcome: 'rejected',
      message: '',
      fileName: source.fileName,
      sha256,
      importId: null,
      receivedAt: receivedAt.toISOString(),
      rows: 0,
      added: 0,
      replaced: 0,
      unchanged: 0,
      wards: [],
      errors: [],
      moreErrors: 0,
    };
    const earlier = await this.feeds.findImport(kind, sha256);
    if (earlier !== null) return this.already(base, earlier);

    const text = decodeUtf8(bytes);
    if (text === null)
      return this.rejected(base, 0, [
        {
          line: 1,
          column: null,
          message: 'not UTF-8 text: save the export as "CSV UTF-8" (Excel) or in UTF-8 from the exporting system',
        },
      ]);
    const parsed = await this.check(kind, text, receivedAt);
    if (parsed.errors.length > 0) return this.rejected(base, parsed.rows, parsed.errors);
    const wards = [...new Set(parsed.wardIds)].sort();
    const checked = { ...base, rows: parsed.rows, wards };
    if (source.dryRun === true)
      return {
        ...checked,
        outcome: 'checked',
        message: `checked ${plural(parsed.rows, 'row')}: no problems; nothing was stored (dry run)`,
      };

    const write = await parsed.store({
      kind,
      fileName: source.fileName,
      sha256,
      receivedAt,
      rows: parsed.rows,
      via: source.via,
      actor: source.actor,
    });
    if ('already' in write) return this.already(base, write.already);
    const { added, replaced, unchanged } = write.counts;
    const report: FeedImportReport = {
      ...checked,
      outcome: 'imported',
      importId: write.stored.id,
      added,
      replaced,
      unchanged,
      message: `imported ${plural(parsed.rows, 'row')} (${added} added, ${replaced} replaced, ${unchanged} unchanged) for ${plural(wards.length, 'ward')}`,
    };
    this.logger.log(
      `Feed ${kind} "${source.fileName}" (${source.via}): ${report.message}; import ${write.stored.id}, sha256 ${sha256.slice(0, 12)}`,
    );
    if (added + replaced > 0) await this.pollSoon(wards);
    return report;
  }

  /** The file read and checked by the feed's parser, against the wards Wardflow knows now; and how to store it. */
  private async check(
    kind: FeedKind,
    text: string,
    receivedAt: Date,
  ): Promise<{
    rows: number;
    errors: FeedError[];
    wardIds: string[];
    store: (meta: NewFeedImport) => Promise<FeedWrite>;
  }> {
    const { mapping } = this.config.feeds;
    const matchWard = wardMatcher(await this.boards.liveWards(), mapping.wards);
    switch (kind) {
      case 'roster': {
        const { items, rows, errors } = parseRoster(text, mapping.roster, matchWard, londonDate(receivedAt));
        const wardIds = items.map((i) => i.wardId);
        return { rows, errors, wardIds, store: (meta) => this.feeds.storeRoster(meta, items) };
      }
      case 'incidents': {
        const { items, rows, errors } = parseIncidents(text, mapping.incidents, matchWard, receivedAt.getTime());
        const wardIds = items.map((i) => i.wardId);
        return { rows, errors, wardIds, store: (meta) => this.feeds.storeIncidents(meta, items) };
      }
    }
  }

  private already(base: FeedImportReport, earlier: StoredFeedImport): FeedImportReport {
    const report: FeedImportReport = {
      ...base,
      outcome: 'already-imported',
      importId: earlier.id,
      rows: earlier.rows,
      message: `already imported on ${stamp(earlier.receivedAt)} (import ${earlier.id}, "${earlier.fileName}"): nothing changed`,
    };
    this.logger.log(`Feed ${base.kind} "${base.fileName}": ${report.message}`);
    return report;
  }

  private rejected(base: FeedImportReport, rows: number, errors: readonly FeedError[]): FeedImportReport {
    const report: FeedImportReport = {
      ...base,
      rows,
      errors: errors.slice(0, FEED_MAX_LISTED_ERRORS),
      moreErrors: Math.max(0, errors.length - FEED_MAX_LISTED_ERRORS),
      message: `rejected: ${plural(errors.length, 'problem')}; nothing was imported`,
    };
    const first = errors[0];
    this.logger.warn(
      `Feed ${base.kind} "${base.fileName}": ${report.message}${first === undefined ? '' : ` (first: line ${first.line}${first.column === null ? '' : `, ${first.column}`}: ${first.message})`}`,
    );
    return report;
  }

  /** A poll of each ward now, so the next score merges the new rows. The import stands if this fails: the schedule polls anyway. */
  private async pollSoon(wardIds: readonly string[]): Promise<void> {
    try {
      await this.polls.pollNow(wardIds);
    } catch (error) {
      this.logger.warn(
        `Feed imported, but polls of ${wardIds.length} wards could not be queued (${(error as Error).message}); their scheduled polls will take it up`,
      );
    }
  }
}

/** The bytes as UTF-8 text (a byte-order mark is left for the CSV reader), or null when they are not UTF-8. */
function decodeUtf8(bytes: Buffer): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}
