/**
 * Persistence of history backfill runs and each ward's progress in them. Progress is written after
 * every window of days, so whoever carries a run on after a crash starts from the day after the last
 * one written; the days themselves are written idempotently (ScoreRepository), so a window redone
 * because its progress was not yet saved changes nothing.
 */
import type { BackfillRun, BackfillRunStatus, BackfillWardProgress, BackfillWardStatus } from '@wardflow/shared';
import { and, asc, desc, eq, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { Database } from './database.adapter.js';
import { historyBackfillRuns, historyBackfillWards } from './schema.js';

export interface NewBackfillRun {
  requestedAt: Date;
  requestedBy: string;
  days: number;
  from: string;
  to: string;
  /** Wards to list at once (tests); a worker lists them otherwise. */
  wardIds?: readonly string[];
}

/** What one window of a ward added to its progress. */
export interface WindowProgress {
  doneThrough: string;
  written: number;
  unchanged: number;
  kept: number;
  requests: number;
}

/** Postgres's unique violation: another run is running (history_backfill_one_running). */
const UNIQUE_VIOLATION = '23505';

export class BackfillRepository {
  constructor(private readonly db: Database) {}

  /**
   * A new running run, or null when a run is running already. Its wards are listed by the worker
   * that takes it up (listWards), which knows the FHIR server they must come from.
   */
  async startRun(run: NewBackfillRun): Promise<BackfillRun | null> {
    try {
      const id = await this.db.transaction(async (tx) => {
        const [row] = await tx
          .insert(historyBackfillRuns)
          .values({
            requestedAt: run.requestedAt,
            requestedBy: run.requestedBy,
            days: run.days,
            fromDate: run.from,
            toDate: run.to,
            status: 'running',
          })
          .returning({ id: historyBackfillRuns.id });
        const runId = (row as { id: number }).id;
        if (run.wardIds !== undefined && run.wardIds.length > 0)
          await tx.insert(historyBackfillWards).values(waiting(runId, run.wardIds, run.requestedAt));
        return runId;
      });
      return await this.run(id);
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }

  async run(id: number): Promise<BackfillRun | null> {
    const [row] = await this.db.select().from(historyBackfillRuns).where(eq(historyBackfillRuns.id, id));
    if (row === undefined) return null;
    const wards = await this.db
      .select()
      .from(historyBackfillWards)
      .where(eq(historyBackfillWards.runId, id))
      .orderBy(asc(historyBackfillWards.position));
    return {
      id: row.id,
      requestedAt: row.requestedAt.toISOString(),
      requestedBy: row.requestedBy,
      days: row.days,
      from: row.fromDate,
      to: row.toDate,
      status: row.status,
      finishedAt: row.finishedAt?.toISOString() ?? null,
      error: row.error,
      wards: wards.map((w): BackfillWardProgress => ({
        wardId: w.wardId,
        status: w.status,
        doneThrough: w.doneThrough,
        written: w.written,
        unchanged: w.unchanged,
        kept: w.kept,
        requests: w.requests,
        error: w.error,
      })),
    };
  }

  /** The newest run, or null when none ever ran. */
  async latestRun(): Promise<BackfillRun | null> {
    const [row] = await this.db
      .select({ id: historyBackfillRuns.id })
      .from(historyBackfillRuns)
      .orderBy(desc(historyBackfillRuns.id))
      .limit(1);
    return row === undefined ? null : this.run(row.id);
  }

  /** Runs still running: after a restart, ones whose job may need putting back on the queue. */
  async runningRunIds(): Promise<number[]> {
    const rows = await this.db
      .select({ id: historyBackfillRuns.id })
      .from(historyBackfillRuns)
      .where(eq(historyBackfillRuns.status, 'running'));
    return rows.map((r) => r.id);
  }

  async anyRun(): Promise<boolean> {
    const rows = await this.db.select({ n: sql<number>`count(*)` }).from(historyBackfillRuns);
    return Number(rows[0]?.n ?? 0) > 0;
  }

  /** Lists a run's wards once: a second worker (or a retry) listing them again changes nothing. */
  async listWards(runId: number, wardIds: readonly string[], at: Date): Promise<void> {
    if (wardIds.length === 0) return;
    await this.db
      .insert(historyBackfillWards)
      .values(waiting(runId, wardIds, at))
      .onConflictDoNothing();
  }

  /** A ward's status, unless it is done already (another worker finished it meanwhile). */
  async setWardStatus(
    runId: number,
    wardId: string,
    status: BackfillWardStatus,
    at: Date,
    error: string | null = null,
  ): Promise<void> {
    await this.db
      .update(historyBackfillWards)
      .set({ status, error, updatedAt: at })
      .where(
        and(
          eq(historyBackfillWards.runId, runId),
          eq(historyBackfillWards.wardId, wardId),
          ne(historyBackfillWards.status, 'done'),
        ),
      );
  }

  /**
   * A window done: its last day, and its counts added to the ward's, only if the ward's progress has
   * not reached that day already. False when it had: another worker holding the same run (its lock
   * lost and the job taken over) did this window, and this one should stop rather than count twice.
   */
  async addWindow(runId: number, wardId: string, window: WindowProgress, at: Date): Promise<boolean> {
    const rows = await this.db
      .update(historyBackfillWards)
      .set({
        doneThrough: window.doneThrough,
        written: sql`${historyBackfillWards.written} + ${window.written}`,
        unchanged: sql`${historyBackfillWards.unchanged} + ${window.unchanged}`,
        kept: sql`${historyBackfillWards.kept} + ${window.kept}`,
        requests: sql`${historyBackfillWards.requests} + ${window.requests}`,
        updatedAt: at,
      })
      .where(
        and(
          eq(historyBackfillWards.runId, runId),
          eq(historyBackfillWards.wardId, wardId),
          or(isNull(historyBackfillWards.doneThrough), lt(historyBackfillWards.doneThrough, window.doneThrough)),
        ),
      )
      .returning({ wardId: historyBackfillWards.wardId });
    return rows.length > 0;
  }

  /** Ends a running run; false when it was not running (another worker ended it first). */
  async finishRun(runId: number, status: BackfillRunStatus, at: Date, error: string | null = null): Promise<boolean> {
    const rows = await this.db
      .update(historyBackfillRuns)
      .set({ status, finishedAt: at, error })
      .where(and(eq(historyBackfillRuns.id, runId), eq(historyBackfillRuns.status, 'running')))
      .returning({ id: historyBackfillRuns.id });
    return rows.length > 0;
  }
}

function waiting(runId: number, wardIds: readonly string[], at: Date) {
  return wardIds.map((wardId, position) => ({ runId, wardId, position, status: 'waiting' as const, updatedAt: at }));
}

function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; typeof e === 'object' && e !== null; e = (e as { cause?: unknown }).cause)
    if ((e as { code?: unknown }).code === UNIQUE_VIOLATION) return true;
  return false;
}
