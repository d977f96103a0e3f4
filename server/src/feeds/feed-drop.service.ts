/**
 * One look in the drop folder (docs/operations.md, "The drop folder"), run by the feed-scan job in the
 * worker roles: each settled `.csv` file in `roster/` and `incidents/`, oldest first, goes through the
 * same import as an upload; an imported file (or one imported before) moves to `processed/`, a refused
 * one to `rejected/` with `<name>.report.json` beside it. A file still being written waits for a later
 * scan. A database failure fails the job with the file left in place, so it is retried, never lost.
 * Each outcome is logged and audited (actor: the drop folder).
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { FEED_KINDS, FEED_MAX_BYTES, type FeedImportReport } from '@wardflow/shared';
import { AuditService } from '../audit/audit.service.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { CLOCK, type Clock } from '../core/tokens.js';
import { DropFolder, type DropFile } from './drop-folder.adapter.js';
import { FeedImportService } from './feed-import.service.js';

export interface ScanOutcome {
  imported: number;
  alreadyImported: number;
  rejected: number;
  /** Files left for a later scan: still changing, or too recently written. */
  waiting: number;
}

export const DROP_FOLDER_ACTOR = 'drop folder';

@Injectable()
export class FeedDropService {
  private readonly logger = new Logger(FeedDropService.name);

  constructor(
    private readonly folder: DropFolder,
    private readonly importer: FeedImportService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async scan(): Promise<ScanOutcome> {
    const outcome: ScanOutcome = { imported: 0, alreadyImported: 0, rejected: 0, waiting: 0 };
    await this.folder.ensure(FEED_KINDS);
    for (const kind of FEED_KINDS) {
      for (const file of await this.folder.pending(kind)) {
        if (this.clock() - file.mtimeMs < this.config.feeds.settleMs) {
          outcome.waiting++;
          continue;
        }
        const report = await this.importFile(file);
        if (report === null) outcome.waiting++;
        else if (report.outcome === 'rejected') outcome.rejected++;
        else if (report.outcome === 'already-imported') outcome.alreadyImported++;
        else outcome.imported++;
      }
    }
    if (outcome.imported + outcome.alreadyImported + outcome.rejected > 0 || outcome.waiting > 0)
      this.logger.log(
        `Drop folder ${this.folder.root}: ${outcome.imported} imported, ${outcome.alreadyImported} already imported, ${outcome.rejected} rejected, ${outcome.waiting} waiting to settle`,
      );
    return outcome;
  }

  /** Imports one file and moves it; null when it changed while being read or another worker took it. */
  private async importFile(file: DropFile): Promise<FeedImportReport | null> {
    const at = new Date(this.clock());
    let report: FeedImportReport;
    if (file.size > FEED_MAX_BYTES) {
      report = tooLarge(file, at);
    } else {
      const read = await this.folder.read(file);
      if (!('bytes' in read)) return null;
      this.logger.log(`Drop folder: reading ${file.kind}/${file.name} (${file.size} bytes)`);
      report = await this.importer.import(file.kind, read.bytes, {
        fileName: file.name,
        via: 'drop-folder',
        actor: this.folder.folderOf(file.kind),
      });
    }
    const moved =
      report.outcome === 'rejected'
        ? await this.folder.markRejected(file, report, at)
        : await this.folder.markProcessed(file, at);
    if (moved === null) {
      this.logger.log(`Drop folder: ${file.kind}/${file.name} was moved by another worker`);
      return null;
    }
    this.logger.log(`Drop folder: ${file.kind}/${file.name} -> ${moved}: ${report.message}`);
    await this.audit.recordSystem(
      DROP_FOLDER_ACTOR,
      'feeds.import',
      report.outcome === 'rejected' ? 'failure' : 'success',
      {
        detail: {
          kind: file.kind,
          via: 'drop-folder',
          fileName: file.name,
          outcome: report.outcome,
          importId: report.importId,
          rows: report.rows,
          added: report.added,
          replaced: report.replaced,
          errors: report.errors.length + report.moreErrors,
        },
      },
    );
    return report;
  }
}

function tooLarge(file: DropFile, at: Date): FeedImportReport {
  const limit = `${FEED_MAX_BYTES / 1024 / 1024} MB`;
  return {
    kind: file.kind,
    outcome: 'rejected',
    message: `rejected: the file is larger than ${limit}; split it`,
    fileName: file.name,
    sha256: '',
    importId: null,
    receivedAt: at.toISOString(),
    rows: 0,
    added: 0,
    replaced: 0,
    unchanged: 0,
    wards: [],
    errors: [{ line: 1, column: null, message: `${file.size} bytes: larger than ${limit}; split the export` }],
    moreErrors: 0,
  };
}
