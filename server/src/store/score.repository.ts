/**
 * Persistence of ward scores (the heat map's history) and of the prediction models. Scores are
 * written once per snapshot (unique on ward and time), so a retried or duplicated scoring job
 * changes nothing; the heat map's version is the largest score id.
 */
import type { LogisticModel, MeasureCell, StoredScore, WardPrediction, WardProfile } from '@wardflow/shared';
import { and, asc, desc, eq, gte, lte, sql } from 'drizzle-orm';
import type { Database } from './database.adapter.js';
import { modelFits, snapshotHistory, wardScores } from './schema.js';

/** Where a score came from; a day kept from one source is replaced only by the sources that may replace it. */
export type ScoreSource = 'live' | 'imported' | 'backfilled' | 'simulated';

export interface NewScore {
  wardId: string;
  at: Date;
  granularity: 'poll' | 'hour' | 'day';
  cells: MeasureCell[];
  composite: number | null;
  compositeBand: 'green' | 'amber' | 'red' | null;
  trend: 'worse' | 'better' | 'steady' | null;
  prediction: WardPrediction | null;
  harmIncidents7d: number | null;
  occupiedBedDays7d: number | null;
  source: ScoreSource;
}

export interface ScoreRow extends NewScore {
  id: number;
}

export class ScoreRepository {
  constructor(private readonly db: Database) {}

  /** Inserts the score unless one exists for that ward and time; returns its id, or null if it was already there. */
  async insertScore(score: NewScore): Promise<number | null> {
    const rows = await this.db.insert(wardScores).values(score).onConflictDoNothing().returning({ id: wardScores.id });
    return rows[0]?.id ?? null;
  }

  /** Many at once: existing rows are left as they are. */
  async insertScores(scores: readonly NewScore[]): Promise<void> {
    for (let i = 0; i < scores.length; i += 500) {
      await this.db
        .insert(wardScores)
        .values(scores.slice(i, i + 500))
        .onConflictDoNothing();
    }
  }

  /** The day rows of some wards between two instants (the history import compares with them). */
  async dayScores(wardIds: readonly string[], from: Date, to: Date): Promise<ScoreRow[]> {
    if (wardIds.length === 0) return [];
    const rows = await this.db
      .select()
      .from(wardScores)
      .where(
        and(
          sql`${wardScores.wardId} in ${wardIds}`,
          eq(wardScores.granularity, 'day'),
          gte(wardScores.at, from),
          lte(wardScores.at, to),
        ),
      );
    return rows as ScoreRow[];
  }

  /**
   * Imported or backfilled days, in one transaction: new ones inserted, kept ones replaced only when
   * kept from one of the `replaceable` sources (a poll is never overwritten; a backfill does not
   * overwrite a trust's own import). Returns how many were written.
   */
  async upsertDayScores(
    scores: readonly NewScore[],
    replaceable: readonly ScoreSource[] = ['imported', 'backfilled', 'simulated'],
  ): Promise<number> {
    if (scores.length === 0) return 0;
    return this.db.transaction(async (tx) => {
      let written = 0;
      for (let i = 0; i < scores.length; i += 500) {
        const rows = await tx
          .insert(wardScores)
          .values(scores.slice(i, i + 500))
          .onConflictDoUpdate({
            target: [wardScores.wardId, wardScores.at],
            set: {
              cells: sql`excluded.cells`,
              composite: sql`excluded.composite`,
              compositeBand: sql`excluded.composite_band`,
              trend: sql`excluded.trend`,
              harmIncidents7d: sql`excluded.harm_incidents_7d`,
              occupiedBedDays7d: sql`excluded.occupied_bed_days_7d`,
              source: sql`excluded.source`,
            },
            setWhere: sql`${wardScores.source} in ${replaceable}`,
          })
          .returning({ id: wardScores.id });
        written += rows.length;
      }
      return written;
    });
  }

  /** London dates between two instants on which a live poll scored the ward: the backfill leaves them be. */
  async liveDates(wardId: string, from: Date, to: Date): Promise<Set<string>> {
    const rows = await this.db
      .selectDistinct({ date: sql<string>`to_char(${wardScores.at} at time zone 'Europe/London', 'YYYY-MM-DD')` })
      .from(wardScores)
      .where(
        and(
          eq(wardScores.wardId, wardId),
          eq(wardScores.source, 'live'),
          gte(wardScores.at, from),
          lte(wardScores.at, to),
        ),
      );
    return new Set(rows.map((r) => r.date));
  }

  async heatmapVersion(): Promise<number> {
    const rows = await this.db.select({ v: sql<number | null>`max(${wardScores.id})` }).from(wardScores);
    return Number(rows[0]?.v ?? 0);
  }

  /** The newest score of every ward that has one. */
  async latestScores(): Promise<Map<string, StoredScore>> {
    const rows = await this.db
      .selectDistinctOn([wardScores.wardId])
      .from(wardScores)
      .orderBy(wardScores.wardId, desc(wardScores.at), desc(wardScores.id));
    return new Map(rows.map((r) => [r.wardId, toStored(r)]));
  }

  /** One ward's newest score and the heat map's version read with it, or null before its first score. */
  async latestScoreOf(wardId: string): Promise<{ score: StoredScore; version: number } | null> {
    const rows = await this.db
      .select()
      .from(wardScores)
      .where(eq(wardScores.wardId, wardId))
      .orderBy(desc(wardScores.at), desc(wardScores.id))
      .limit(1);
    const row = rows[0];
    if (row === undefined) return null;
    return { score: toStored(row), version: await this.heatmapVersion() };
  }

  /** The ward's score nearest to `at` within `toleranceMs`, or null. */
  async scoreNear(wardId: string, at: Date, toleranceMs: number): Promise<ScoreRow | null> {
    const rows = await this.db
      .select()
      .from(wardScores)
      .where(
        and(
          eq(wardScores.wardId, wardId),
          gte(wardScores.at, new Date(at.getTime() - toleranceMs)),
          lte(wardScores.at, new Date(at.getTime() + toleranceMs)),
        ),
      )
      .orderBy(sql`abs(extract(epoch from (${wardScores.at} - ${at.toISOString()}::timestamptz)))`, desc(wardScores.id))
      .limit(1);
    const row = rows[0];
    return row === undefined ? null : (row as ScoreRow);
  }

  /** A ward's scores between two times, oldest first. */
  async history(wardId: string, from: Date, to: Date): Promise<ScoreRow[]> {
    const rows = await this.db
      .select()
      .from(wardScores)
      .where(and(eq(wardScores.wardId, wardId), gte(wardScores.at, from), lte(wardScores.at, to)))
      .orderBy(asc(wardScores.at), asc(wardScores.id));
    return rows as ScoreRow[];
  }

  /** The last score of each London day for every ward of a profile: the rows a refit learns from. */
  async dailyScores(wardIds: readonly string[]): Promise<ScoreRow[]> {
    if (wardIds.length === 0) return [];
    const rows = await this.db
      .selectDistinctOn([wardScores.wardId, sql`(${wardScores.at} at time zone 'Europe/London')::date`])
      .from(wardScores)
      .where(sql`${wardScores.wardId} in ${wardIds}`)
      .orderBy(wardScores.wardId, sql`(${wardScores.at} at time zone 'Europe/London')::date`, desc(wardScores.at));
    return rows as ScoreRow[];
  }

  /**
   * Occupied bed days over [from, to] from the stored snapshots' censuses: the mean occupied count
   * times the days, when the samples cover at least a day of the window; null otherwise (the
   * measure then estimates from today's occupancy and says so).
   */
  async occupiedBedDays(wardId: string, from: Date, to: Date): Promise<number | null> {
    const rows = await this.db
      .select({
        mean: sql<number | null>`avg((${snapshotHistory.census} ->> 'occupied')::float)`,
        first: sql<string | null>`min(${snapshotHistory.asOf})`,
        last: sql<string | null>`max(${snapshotHistory.asOf})`,
      })
      .from(snapshotHistory)
      .where(and(eq(snapshotHistory.wardId, wardId), gte(snapshotHistory.asOf, from), lte(snapshotHistory.asOf, to)));
    const row = rows[0];
    if (row?.mean === null || row?.mean === undefined || row.first === null || row.last === null) return null;
    const covered = new Date(row.last).getTime() - new Date(row.first).getTime();
    if (covered < 24 * 3_600_000) return null;
    return Number(row.mean) * ((to.getTime() - from.getTime()) / (24 * 3_600_000));
  }

  async latestModel(profile: WardProfile): Promise<LogisticModel | null> {
    const rows = await this.db
      .select()
      .from(modelFits)
      .where(eq(modelFits.profile, profile))
      .orderBy(desc(modelFits.fittedAt), desc(modelFits.id))
      .limit(1);
    return rows[0]?.model ?? null;
  }

  async insertModel(model: LogisticModel, summary: string): Promise<void> {
    await this.db
      .insert(modelFits)
      .values({ profile: model.profile, fittedAt: new Date(model.fittedAt), model, summary });
  }

  async listModels(): Promise<Array<{ profile: WardProfile; fittedAt: Date; summary: string; model: LogisticModel }>> {
    return this.db
      .select({
        profile: modelFits.profile,
        fittedAt: modelFits.fittedAt,
        summary: modelFits.summary,
        model: modelFits.model,
      })
      .from(modelFits)
      .orderBy(desc(modelFits.fittedAt));
  }

  /**
   * Thins old detail (bounded growth): poll-level rows older than 7 days become the last row of each
   * hour, and rows older than 90 days the last of each London day, in both ward_scores and
   * snapshot_history. Returns how many rows went. Idempotent: a second run at the same time removes nothing.
   */
  async compactHistory(now: Date): Promise<{ scoresRemoved: number; snapshotsRemoved: number }> {
    const weekAgo = new Date(now.getTime() - 7 * 86_400_000).toISOString();
    const quarterAgo = new Date(now.getTime() - 90 * 86_400_000).toISOString();
    return this.db.transaction(async (tx) => {
      let scoresRemoved = 0;
      let snapshotsRemoved = 0;
      for (const [table, time, counter] of [
        ['ward_scores', 'at', 'scores'],
        ['snapshot_history', 'as_of', 'snapshots'],
      ] as const) {
        const t = sql.raw(table);
        const c = sql.raw(time);
        const hourly = await tx.execute(sql`
          delete from ${t} where id in (
            select id from (
              select id, row_number() over (partition by ward_id, date_trunc('hour', ${c}) order by ${c} desc, id desc) as rn
              from ${t} where granularity = 'poll' and ${c} < ${weekAgo}::timestamptz
            ) ranked where rn > 1
          )`);
        await tx.execute(
          sql`update ${t} set granularity = 'hour' where granularity = 'poll' and ${c} < ${weekAgo}::timestamptz`,
        );
        const daily = await tx.execute(sql`
          delete from ${t} where id in (
            select id from (
              select id, row_number() over (partition by ward_id, (${c} at time zone 'Europe/London')::date order by ${c} desc, id desc) as rn
              from ${t} where granularity in ('poll', 'hour') and ${c} < ${quarterAgo}::timestamptz
            ) ranked where rn > 1
          )`);
        await tx.execute(
          sql`update ${t} set granularity = 'day' where granularity in ('poll', 'hour') and ${c} < ${quarterAgo}::timestamptz`,
        );
        const removed = affected(hourly) + affected(daily);
        if (counter === 'scores') scoresRemoved = removed;
        else snapshotsRemoved = removed;
      }
      return { scoresRemoved, snapshotsRemoved };
    });
  }

  async countScores(wardId?: string): Promise<number> {
    const rows = await this.db
      .select({ n: sql<number>`count(*)::int` })
      .from(wardScores)
      .where(wardId === undefined ? undefined : eq(wardScores.wardId, wardId));
    return rows[0]?.n ?? 0;
  }
}

/** Rows a statement changed, from node-postgres (`rowCount`) or PGlite (`affectedRows`). */
function affected(result: unknown): number {
  const r = result as { rowCount?: number | null; affectedRows?: number };
  return r.rowCount ?? r.affectedRows ?? 0;
}

function toStored(row: typeof wardScores.$inferSelect): StoredScore {
  return {
    at: row.at.toISOString(),
    cells: row.cells,
    composite: {
      value: row.composite,
      band: row.compositeBand,
      measured: row.cells.filter((c) => c.value !== null).length,
      missing: row.cells.filter((c) => c.value === null).length,
    },
    trend: row.trend,
    prediction: row.prediction,
  };
}
