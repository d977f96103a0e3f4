/**
 * Reads for the bed manager's drill-down: every ward's stored snapshot in one query, and each ward's
 * last census of each hour from snapshot history. Read-only; board_state has one writer
 * (BoardRepository).
 */
import type { HourlyCensus, SiteSnapshot } from '@wardflow/shared';
import { and, asc, desc, gte, inArray, lte, sql } from 'drizzle-orm';
import type { Database } from './database.adapter.js';
import { boardState, snapshotHistory } from './schema.js';

export interface SiteBoardRow {
  wardId: string;
  snapshot: SiteSnapshot | null;
  staleReason: string | null;
  lastPollOk: boolean | null;
}

export class SiteRepository {
  constructor(private readonly db: Database) {}

  /**
   * The stored snapshots of the given wards, whole but for the incidents and staffing (the
   * safety measures' data, which the drill-down does not read): one query per request, not per ward.
   */
  async snapshots(wardIds: readonly string[]): Promise<SiteBoardRow[]> {
    if (wardIds.length === 0) return [];
    return this.db
      .select({
        wardId: boardState.wardId,
        snapshot: sql<SiteSnapshot | null>`${boardState.snapshot} - 'wardContext'`,
        staleReason: boardState.staleReason,
        lastPollOk: boardState.lastPollOk,
      })
      .from(boardState)
      .where(inArray(boardState.wardId, [...wardIds]));
  }

  /** Each ward's last census in each UTC hour between `from` and `to`: a few rows per ward per hour, whatever the poll interval. */
  async hourlyCensus(wardIds: readonly string[], from: Date, to: Date): Promise<HourlyCensus[]> {
    if (wardIds.length === 0) return [];
    const hour = sql<string>`date_trunc('hour', ${snapshotHistory.asOf} at time zone 'UTC')`;
    const count = (field: string) => sql<number>`coalesce((${snapshotHistory.census} ->> ${field})::int, 0)`;
    const rows = await this.db
      .selectDistinctOn([snapshotHistory.wardId, hour], {
        wardId: snapshotHistory.wardId,
        hour: sql<string>`to_char(${hour}, 'YYYY-MM-DD"T"HH24:00:00"Z"')`,
        occupied: count('occupied'),
        beds: count('beds'),
        closed: count('closed'),
        blocked: count('blocked'),
        isolated: count('isolated'),
        contaminated: count('contaminated'),
      })
      .from(snapshotHistory)
      .where(
        and(
          inArray(snapshotHistory.wardId, [...wardIds]),
          gte(snapshotHistory.asOf, from),
          lte(snapshotHistory.asOf, to),
        ),
      )
      .orderBy(asc(snapshotHistory.wardId), asc(hour), desc(snapshotHistory.asOf));
    return rows;
  }
}
