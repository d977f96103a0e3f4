/**
 * History from day one (docs/operations.md, "History from day one"): on first start, and when an
 * admin asks, each live ward's past N days are worked out from what the FHIR server holds and the
 * CSV feeds imported (shared/src/fhir/history-backfill.ts), scored by the live rules and stored as
 * the heat map's day rows, so trends and the prediction model work from the first hour at a trust.
 *
 * A run is one BullMQ job on the history-backfill queue. It goes ward by ward, oldest days first, in
 * windows of BACKFILL_WINDOW_DAYS, and writes each ward's progress to PostgreSQL after every window:
 * when its worker dies, BullMQ hands the job to another worker (or the same one restarted) and it
 * carries on from the day after the last window kept. Days a live poll scored, or a trust's own
 * history import holds, are left as they are.
 *
 * A ward whose FHIR reads keep failing is marked failed with the reason and the run goes on to the
 * next; the run ends "failed" naming how many wards did not finish, and can simply be asked for again
 * (what was written is kept, and written again unchanged).
 */
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  BACKFILL_LEAD_DAYS,
  BACKFILL_WINDOW_DAYS,
  QUEUES,
  addCalendarDays,
  backfillWardDays,
  censusInstant,
  londonDate,
  type BackfillRun,
  type BackfillStatusResponse,
  type HistoryBackfillJob,
  type MeasureDefinition,
  type Ward,
} from '@wardflow/shared';
import type { Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { CLOCK, type Clock } from '../core/tokens.js';
import { FhirRequestError } from '../fhir/fhir-error.js';
import { DayScoresWriter } from '../scoring/day-scores.writer.js';
import { ModelRefitService } from '../scoring/model-refit.service.js';
import { ScoringService } from '../scoring/scoring.service.js';
import { BackfillRepository } from '../store/backfill.repository.js';
import { BoardRepository } from '../store/board.repository.js';
import { FeedRepository } from '../store/feed.repository.js';
import { ScoreRepository } from '../store/score.repository.js';
import { WardPastReader, type WardPlaces } from './ward-past.reader.js';

/** Days asked for when neither the request nor HISTORY_BACKFILL_DAYS says. */
export const DEFAULT_BACKFILL_DAYS = 180;
const FIRST_START = 'first start';
/** Tries at one ward's window before the ward is marked failed (transient FHIR faults pass). */
const WINDOW_TRIES = 3;

export type StartOutcome = { started: BackfillRun } | { running: BackfillRun };

export const backfillJobId = (runId: number): string => `backfill-${runId}`;

@Injectable()
export class HistoryBackfillService {
  private readonly logger = new Logger(HistoryBackfillService.name);

  constructor(
    private readonly runs: BackfillRepository,
    private readonly boards: BoardRepository,
    @InjectQueue(QUEUES.historyBackfill) private readonly queue: Queue<HistoryBackfillJob>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async status(): Promise<BackfillStatusResponse> {
    return { firstStartDays: this.config.historyBackfillDays, latest: await this.runs.latestRun() };
  }

  /** A new run over the `days` days before today for every live ward, or the run already running. */
  async start(days: number, requestedBy: string): Promise<StartOutcome> {
    const now = new Date(this.clock());
    const to = addCalendarDays(londonDate(now), -1);
    const wards = await this.boards.liveWards();
    const started = await this.runs.startRun({
      requestedAt: now,
      requestedBy,
      days,
      from: addCalendarDays(to, -(days - 1)),
      to,
      wardIds: wards.map((w) => w.id),
    });
    if (started === null) {
      const latest = await this.runs.latestRun();
      if (latest !== null && latest.status === 'running') return { running: latest };
      throw new Error('a backfill run is running but could not be read');
    }
    await this.enqueue(started.id);
    this.logger.log(
      `History backfill ${started.id} started (${requestedBy}): ${days} days, ${started.from} to ${started.to}, ${started.wards.length} wards`,
    );
    return { started };
  }

  /**
   * At every start where jobs run: a run left running gets its job back on the queue (a no-op when
   * BullMQ still holds it; after Redis lost it, this is what carries it on); with no run ever, first
   * start backfills HISTORY_BACKFILL_DAYS.
   */
  async resumeOrBegin(): Promise<void> {
    for (const id of await this.runs.runningRunIds()) await this.enqueue(id);
    if (this.config.historyBackfillDays === 0 || (await this.runs.anyRun())) return;
    if ((await this.boards.liveWards()).length === 0) return;
    await this.start(this.config.historyBackfillDays, FIRST_START);
  }

  private async enqueue(runId: number): Promise<void> {
    // The run id is the job id: asking twice, or from two processes, queues it once.
    await this.queue.add('backfill', { runId }, { jobId: backfillJobId(runId) });
  }
}

/** The run itself, where jobs run: ward by ward, window by window, progress kept after each. */
@Injectable()
export class HistoryBackfillRunner {
  private readonly logger = new Logger(HistoryBackfillRunner.name);

  constructor(
    private readonly runs: BackfillRepository,
    private readonly boards: BoardRepository,
    private readonly scores: ScoreRepository,
    private readonly feeds: FeedRepository,
    private readonly scoring: ScoringService,
    private readonly days: DayScoresWriter,
    private readonly refits: ModelRefitService,
    private readonly reader: WardPastReader,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run(runId: number, onProgress: () => Promise<void> = async () => undefined): Promise<BackfillRun | null> {
    const run = await this.runs.run(runId);
    if (run === null || run.status !== 'running') return run;
    const resumed = run.wards.filter((w) => w.doneThrough !== null && w.status !== 'done');
    if (resumed.length > 0 || run.wards.some((w) => w.status === 'done'))
      this.logger.log(
        `History backfill ${runId} carrying on: ${run.wards.filter((w) => w.status === 'done').length} of ${run.wards.length} wards done${resumed.map((w) => `, ${w.wardId} from ${addCalendarDays(w.doneThrough as string, 1)}`).join('')}`,
      );
    for (const progress of run.wards) {
      if (progress.status === 'done' || progress.status === 'failed') continue;
      const ward = await this.boards.getWard(progress.wardId);
      if (ward === null || (ward.retired ?? null) !== null) {
        await this.runs.setWardStatus(runId, progress.wardId, 'failed', this.now(), 'ward retired or no longer known');
        continue;
      }
      await this.runs.setWardStatus(runId, ward.id, 'running', this.now());
      try {
        await this.backfillWard(run, ward, progress.doneThrough, onProgress);
        await this.runs.setWardStatus(runId, ward.id, 'done', this.now());
      } catch (error) {
        if (!(error instanceof FhirRequestError)) throw error;
        this.logger.warn(`History backfill ${runId}: ward ${ward.id} failed: ${error.screenReason}`);
        await this.runs.setWardStatus(runId, ward.id, 'failed', this.now(), error.screenReason);
      }
    }
    const finished = (await this.runs.run(runId)) as BackfillRun;
    const failed = finished.wards.filter((w) => w.status === 'failed');
    const written = finished.wards.reduce((n, w) => n + w.written, 0);
    if (written > 0) {
      const refit = await this.refits.refitAll(this.now());
      this.logger.log(
        `History backfill ${runId}: model refitted: ${refit.map((o) => `${o.profile}: ${o.summary}`).join('; ')}`,
      );
    }
    await this.runs.finishRun(
      runId,
      failed.length === 0 ? 'done' : 'failed',
      this.now(),
      failed.length === 0 ? null : `${failed.length} of ${finished.wards.length} wards did not finish`,
    );
    this.logger.log(
      `History backfill ${runId} ${failed.length === 0 ? 'done' : 'finished with failures'}: ${written} ward-days written, ${finished.wards.reduce((n, w) => n + w.unchanged, 0)} unchanged, ${finished.wards.reduce((n, w) => n + w.kept, 0)} kept (live or imported), ${finished.wards.reduce((n, w) => n + w.requests, 0)} FHIR requests${failed.length === 0 ? '' : `; failed: ${failed.map((w) => `${w.wardId} (${w.error ?? ''})`).join(', ')}`}`,
    );
    return this.runs.run(runId);
  }

  /** Marks a run failed when its job has used up its tries (the database or Redis away throughout). */
  async giveUp(runId: number, reason: string): Promise<void> {
    await this.runs.finishRun(runId, 'failed', this.now(), reason);
  }

  private async backfillWard(
    run: BackfillRun,
    ward: Ward,
    doneThrough: string | null,
    onProgress: () => Promise<void>,
  ): Promise<void> {
    const first = doneThrough === null ? run.from : addCalendarDays(doneThrough, 1);
    if (first > run.to) return;
    const definitions = this.scoring.definitionsFor(ward);
    const tree = await this.withTries(() => this.reader.places(ward.id));
    let requests = tree.requests;
    for (let from = first; from <= run.to; from = addCalendarDays(from, BACKFILL_WINDOW_DAYS)) {
      const last = addCalendarDays(from, BACKFILL_WINDOW_DAYS - 1);
      const to = last < run.to ? last : run.to;
      const outcome = await this.backfillWindow(ward, definitions, tree.places, from, to);
      await this.runs.addWindow(
        run.id,
        ward.id,
        { doneThrough: to, ...outcome, requests: outcome.requests + requests },
        this.now(),
      );
      requests = 0;
      this.logger.log(
        `History backfill ${run.id}: ${ward.id} ${from} to ${to}: ${outcome.written} days written, ${outcome.unchanged} unchanged, ${outcome.kept} kept, ${outcome.requests} FHIR requests`,
      );
      await onProgress();
    }
  }

  private async backfillWindow(
    ward: Ward,
    definitions: readonly MeasureDefinition[],
    places: WardPlaces,
    from: string,
    to: string,
  ): Promise<{ written: number; unchanged: number; kept: number; requests: number }> {
    const read = await this.withTries(() => this.reader.window(ward.id, places, from, to));
    const leadFrom = addCalendarDays(from, -(BACKFILL_LEAD_DAYS - 1));
    const windowStart = new Date(censusInstant(addCalendarDays(leadFrom, -8)) + 1);
    const windowEnd = new Date(censusInstant(to));
    const feeds = await this.feeds.wardFeeds(ward.id, addCalendarDays(leadFrom, -7), to, windowStart, windowEnd);
    const dates: string[] = [];
    for (let d = leadFrom; d <= to; d = addCalendarDays(d, 1)) dates.push(d);
    const figures = backfillWardDays(
      {
        wardId: ward.id,
        profile: ward.profile,
        definitions,
        bedCount: places.bedCount,
        placeIds: places.placeIds,
        encounters: read.encounters,
        incidents: read.incidents,
        staffingReports: read.staffingReports,
        feeds,
      },
      dates,
      this.clock(),
    );
    // A day a live poll scored is the poll's: it saw the patients, the backfill only their stays.
    const live = await this.scores.liveDates(ward.id, windowStart, windowEnd);
    const kept = figures.filter((d) => d.date >= from && live.has(d.date)).length;
    const stored = await this.days.store(figures, {
      source: 'backfilled',
      definitionsOf: () => definitions,
      contextOnly: (d) => d.date < from || live.has(d.date),
    });
    return { ...stored, kept: stored.kept + kept, requests: read.requests };
  }

  /** A FHIR read tried a few times over a minute before the ward is given up on. */
  private async withTries<T>(read: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await read();
      } catch (error) {
        if (!(error instanceof FhirRequestError) || !error.retryable || attempt >= WINDOW_TRIES) throw error;
        await new Promise((resolve) => setTimeout(resolve, 5_000 * attempt));
      }
    }
  }

  private now(): Date {
    return new Date(this.clock());
  }
}
