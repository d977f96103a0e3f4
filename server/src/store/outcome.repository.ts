/**
 * The huddle's run-chart outcomes, one row per ward per London day (shared/src/ward-outcomes.ts says
 * what a day holds). Written by a single upsert per reading, field by field: the newer reading's value
 * where it read one, the older's only where the newer read nothing. So a retried job, or a backfill
 * over days the polls already saw, never takes a newer count back, yet fills what the polls could not
 * read (the days before Wardflow started).
 */
import type { WardOutcomeDay } from '@wardflow/shared';
import { and, asc, eq, gte, max, min, sql } from 'drizzle-orm';
import type { Database } from './database.adapter.js';
import { wardOutcomeDays } from './schema.js';

type Row = typeof wardOutcomeDays.$inferSelect;
export type OutcomeSource = Row['source'];

function toDay(r: Row): WardOutcomeDay {
  const pair = <T>(a: number | null, b: number | null, make: (a: number, b: number) => T): T | null =>
    a === null || b === null ? null : make(a, b);
  return {
    date: r.date,
    vte: pair(r.vteIndicated, r.vteProphylaxis, (indicated, prescribed) => ({ indicated, prescribed })),
    discharges: pair(r.discharges, r.dischargesBeforeNoon, (total, beforeNoon) => ({ total, beforeNoon })),
    falls: r.falls,
    lowGlucose: r.lowGlucose,
  };
}

export class OutcomeRepository {
  constructor(private readonly db: Database) {}

  /** Stores one reading's days, merged into what is kept; returns how many days it touched. */
  async record(wardId: string, days: readonly WardOutcomeDay[], readAt: Date, source: OutcomeSource): Promise<number> {
    if (days.length === 0) return 0;
    const t = wardOutcomeDays;
    const newer = 'excluded.read_at >= ward_outcome_days.read_at';
    const merge = (name: string) =>
      sql.raw(
        `case when ${newer} then coalesce(excluded.${name}, ward_outcome_days.${name}) else coalesce(ward_outcome_days.${name}, excluded.${name}) end`,
      );
    const rows = await this.db
      .insert(t)
      .values(
        days.map((d) => ({
          wardId,
          date: d.date,
          vteIndicated: d.vte?.indicated ?? null,
          vteProphylaxis: d.vte?.prescribed ?? null,
          discharges: d.discharges?.total ?? null,
          dischargesBeforeNoon: d.discharges?.beforeNoon ?? null,
          falls: d.falls,
          lowGlucose: d.lowGlucose,
          readAt,
          source,
        })),
      )
      .onConflictDoUpdate({
        target: [t.wardId, t.date],
        set: {
          vteIndicated: merge('vte_indicated'),
          vteProphylaxis: merge('vte_prophylaxis'),
          discharges: merge('discharges'),
          dischargesBeforeNoon: merge('discharges_before_noon'),
          falls: merge('falls'),
          lowGlucose: merge('low_glucose'),
          readAt: sql`greatest(excluded.read_at, ward_outcome_days.read_at)`,
          // A day a poll read is the poll's: the backfill only filled its gaps.
          source: sql`case when ward_outcome_days.source = 'live' then 'live' else excluded.source end`,
        },
      })
      .returning({ date: t.date });
    return rows.length;
  }

  /** The ward's days from `fromDate` (YYYY-MM-DD) on, oldest first. */
  async days(wardId: string, fromDate: string): Promise<WardOutcomeDay[]> {
    const rows = await this.db
      .select()
      .from(wardOutcomeDays)
      .where(and(eq(wardOutcomeDays.wardId, wardId), gte(wardOutcomeDays.date, fromDate)))
      .orderBy(asc(wardOutcomeDays.date));
    return rows.map(toDay);
  }

  /** The newest reading and the first day recorded for the ward (both null with none). */
  async extent(wardId: string): Promise<{ readAt: Date | null; firstDay: string | null }> {
    const [row] = await this.db
      .select({ readAt: max(wardOutcomeDays.readAt), firstDay: min(wardOutcomeDays.date) })
      .from(wardOutcomeDays)
      .where(eq(wardOutcomeDays.wardId, wardId));
    return { readAt: row?.readAt ?? null, firstDay: row?.firstDay ?? null };
  }
}
