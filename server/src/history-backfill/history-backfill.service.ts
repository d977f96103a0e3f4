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
  BACKFILL_READ_DAYS_BEFORE,
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
  wardSource,
} from '@wardflow/shared';
import type { Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { CLOCK, FHIR_READER, type Clock } from '../core/tokens.js';
import type { FhirReader } from '../fhir/fhir-reader.adapter.js';
import { FhirRequestError } from '../fhir/fhir-error.js';
import { DayScoresWriter } from '../scoring/day-scores.writer.js';
import { ModelRefitService } from '../scoring/model-refit.service.js';
import { ScoringService } from '../scoring/scoring.service.js';
import { BackfillRepository } from '../store/backfill.repository.js';
import { BoardRepository } from '../store/board.repository.js';
import { FeedRepository } from '../store/feed.repository.js';
import { OutcomeRepository } from '../store/outcome.repository.js';
import { ScoreRepository } from '../store/score.repository.js';
import { WardPastReader, type WardPlaces } from './ward-past.reader.js';

/** Days asked for when neither the request nor HISTORY_BACKFILL_DAYS says. */
const DEFAULT_BACKFILL_DAYS = 180;
const FIRST_START = 'first start';
/** Tries at one ward's window before the ward is marked failed (transient FHIR faults pass). */
const WINDOW_TRIES = 3;

export type StartOutcome = { started: BackfillRun } | { running: BackfillRun };

/** Thrown when another worker turns out to hold the same run: this one leaves the ward to it. */
class LostRun extends Error {}

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

  /** Days a run covers when the request does not say: HISTORY_BACKFILL_DAYS, or the default when that is 0. */
  defaultDays(): number {
    return this.config.historyBackfillDays > 0 ? this.config.historyBackfillDays : DEFAULT_BACKFILL_DAYS;
  }

  async status(): Promise<BackfillStatusResponse> {
    return { firstStartDays: this.config.historyBackfillDays, latest: await this.runs.latestRun() };
  }

  /**
   * A new run over the `days` days before today, or the run already running (whose job is put back on
   * the queue if it was lost, so a stuck run cannot block every later one). The worker that takes the
   * run up lists the wards: it knows which FHIR server they must come from.
   */
  async start(days: number, requestedBy: string): Promise<StartOutcome> {
    const now = new Date(this.clock());
    const to = addCalendarDays(londonDate(now), -1);
    const started = await this.runs.startRun({
      requestedAt: now,
      requestedBy,
      days,
      from: addCalendarDays(to, -(days - 1)),
      to,
    });
    if (started === null) {
      const latest = await this.runs.latestRun();
      if (latest === null || latest.status !== 'running')
        throw new Error('a backfill run is running but could not be read');
      await this.enqueue(latest.id);
      return { running: latest };
    }
    try {
      await this.enqueue(started.id);
    } catch (error) {
      // Not left "running" with no job behind it: that would refuse every later start.
      await this.runs.finishRun(
        started.id,
        'failed',
        new Date(this.clock()),
        `could not be queued: ${(error as Error).message}`,
      );
      throw error;
    }
    this.logger.log(
      `History backfill ${started.id} started (${requestedBy}): ${days} days, ${started.from} to ${started.to}`,
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

  /**
   * Puts a running run's job on the queue. The run id is the job id, so asking twice, or from two
   * processes, queues it once; but a job of that id that failed or completed while the run is still
   * running (its tries used up, stalled too often, or a database restored under an old Redis) would
   * make the add a no-op and the run stuck, so it is removed first.
   */
  private async enqueue(runId: number): Promise<void> {
    const jobId = backfillJobId(runId);
    const existing = await this.queue.getJob(jobId);
    if (existing !== undefined) {
      const state = await existing.getState();
      if (state !== 'failed' && state !== 'completed') return;
      await existing.remove();
      this.logger.warn(`History backfill ${runId}: its job had ${state} while the run was running; queued again`);
    }
    await this.queue.add('backfill', { runId }, { jobId });
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
    private readonly outcomes: OutcomeRepository,
    private readonly scoring: ScoringService,
    private readonly days: DayScoresWriter,
    private readonly refits: ModelRefitService,
    private readonly reader: WardPastReader,
    @Inject(FHIR_READER) private readonly fhir: Pick<FhirReader, 'baseUrl'>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run(runId: number, onProgress: () => Promise<void> = async () => undefined): Promise<BackfillRun | null> {
    let run = await this.runs.run(runId);
    if (run === null || run.status !== 'running') return run;
    if (run.wards.length === 0) {
      // Listed here rather than when asked for: the worker knows which FHIR server the wards must come from.
      const wards = await this.boards.pollableWards(wardSource(this.config.fhirSourceId, this.fhir.baseUrl));
      await this.runs.listWards(
        runId,
        wards.map((w) => w.id),
        this.now(),
      );
      run = (await this.runs.run(runId)) as BackfillRun;
    } else if (run.wards.some((w) => w.status !== 'waiting')) {
      this.logger.log(
        `History backfill ${runId} carrying on: ${run.wards.filter((w) => w.status === 'done').length} of ${run.wards.length} wards done${run.wards
          .filter((w) => w.doneThrough !== null && w.status !== 'done' && w.status !== 'failed')
          .map((w) => `, ${w.wardId} from ${addCalendarDays(w.doneThrough as string, 1)}`)
          .join('')}`,
      );
    }
    for (const listed of run.wards) {
      // Read again now: another worker holding the same run may have moved this ward on.
      const progress = (await this.runs.run(runId))?.wards.find((w) => w.wardId === listed.wardId);
      if (progress === undefined || progress.status === 'done' || progress.status === 'failed') continue;
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
        if (error instanceof LostRun) {
          this.logger.warn(
            `History backfill ${runId}: ward ${ward.id} is being backfilled by another worker; leaving it`,
          );
          continue;
        }
        if (!(error instanceof FhirRequestError)) throw error;
        this.logger.warn(`History backfill ${runId}: ward ${ward.id} failed: ${error.screenReason}`);
        await this.runs.setWardStatus(runId, ward.id, 'failed', this.now(), error.screenReason);
      }
    }
    const finished = (await this.runs.run(runId)) as BackfillRun;
    const open = finished.wards.filter((w) => w.status !== 'done' && w.status !== 'failed');
    if (open.length > 0) return finished; // Another worker is still on them; it ends the run.
    const failed = finished.wards.filter((w) => w.status === 'failed');
    const total = (key: 'written' | 'unchanged' | 'kept' | 'requests') =>
      finished.wards.reduce((n, w) => n + w[key], 0);
    const ended = await this.runs.finishRun(
      runId,
      failed.length === 0 ? 'done' : 'failed',
      this.now(),
      failed.length === 0 ? null : `${failed.length} of ${finished.wards.length} wards did not finish`,
    );
    if (!ended) return this.runs.run(runId);
    this.logger.log(
      `History backfill ${runId} ${failed.length === 0 ? 'done' : 'finished with failures'}: ${total('written')} ward-days written, ${total('unchanged')} unchanged, ${total('kept')} kept (live or imported), ${total('requests')} FHIR requests${failed.length === 0 ? '' : `; failed: ${failed.map((w) => `${w.wardId} (${w.error ?? ''})`).join(', ')}`}`,
    );
    // Refitted whenever the run stored days, even all unchanged: a crash may have come between the
    // days written and their window kept, and the refit after them.
    if (total('written') + total('unchanged') > 0) {
      const refit = await this.refits.refitAll(this.now());
      this.logger.log(
        `History backfill ${runId}: model refitted: ${refit.map((o) => `${o.profile}: ${o.summary}`).join('; ')}`,
      );
    }
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
    const allEncounters = { read: null as unknown[] | null };
    let requests = tree.requests;
    for (let from = first; from <= run.to; from = addCalendarDays(from, BACKFILL_WINDOW_DAYS)) {
      const last = addCalendarDays(from, BACKFILL_WINDOW_DAYS - 1);
      const to = last < run.to ? last : run.to;
      const { unreadableStays, ...counts } = await this.backfillWindow(
        ward,
        definitions,
        tree.places,
        from,
        to,
        allEncounters,
      );
      const kept = await this.runs.addWindow(
        run.id,
        ward.id,
        { doneThrough: to, ...counts, requests: counts.requests + requests },
        this.now(),
      );
      // Another worker holding this run (its lock lost, the job taken over) did this window already.
      if (!kept) throw new LostRun();
      requests = 0;
      this.logger.log(
        `History backfill ${run.id}: ${ward.id} ${from} to ${to}: ${counts.written} days written, ${counts.unchanged} unchanged, ${counts.kept} kept, ${counts.requests} FHIR requests${unreadableStays > 0 ? `; ${unreadableStays} stays with a location entry that cannot be placed in time, left out` : ''}`,
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
    allEncounters: { read: unknown[] | null },
  ): Promise<{ written: number; unchanged: number; kept: number; requests: number; unreadableStays: number }> {
    const read = await this.withTries(() => this.reader.window(ward.id, places, from, to, allEncounters));
    const leadFrom = addCalendarDays(from, -BACKFILL_LEAD_DAYS);
    const windowStart = new Date(censusInstant(addCalendarDays(from, -BACKFILL_READ_DAYS_BEFORE - 1)) + 1);
    const windowEnd = new Date(censusInstant(to));
    // Incidents up to now, so the newest export ever received says which days the feed speaks for.
    const feeds = await this.feeds.wardFeeds(
      ward.id,
      addCalendarDays(from, -BACKFILL_READ_DAYS_BEFORE),
      to,
      windowStart,
      this.now(),
    );
    const dates: string[] = [];
    for (let d = leadFrom; d <= to; d = addCalendarDays(d, 1)) dates.push(d);
    const {
      days: figures,
      outcomes,
      unreadableStays,
    } = backfillWardDays(
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
    // The run charts' days as of each census: a day a poll read keeps the poll's figures, the backfill
    // fills only what no poll read (the repository merges field by field, newer reading first).
    await this.outcomes.record(
      ward.id,
      outcomes.filter((d) => d.date >= from && !live.has(d.date)),
      windowEnd,
      'backfilled',
    );
    return { ...stored, kept: stored.kept + kept, requests: read.requests, unreadableStays };
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
