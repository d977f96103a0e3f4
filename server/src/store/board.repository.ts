/**
 * Persistence of wards and their current boards. The only writer of `board_state`, so the rules live
 * here: a snapshot replaces the stored one only if it is newer (compare-and-set on time, so a slow or
 * retried job can never roll a board back), and every change to what the board shows bumps `version`.
 */
import type { Census, Ward, WardSnapshot } from '@wardflow/shared';
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Database } from './database.adapter.js';
import { boardState, snapshotHistory, wards } from './schema.js';

export interface StoredBoardState {
  wardId: string;
  version: number;
  asOf: Date | null;
  snapshot: WardSnapshot | null;
  staleReason: string | null;
  lastPollAt: Date | null;
  lastPollOk: boolean | null;
  pendingDropOccupied: number | null;
}

export type BoardSummaryRow = Omit<StoredBoardState, 'snapshot' | 'pendingDropOccupied'> & { census: Census | null };

export class BoardRepository {
  constructor(private readonly db: Database) {}

  /** Records wards (new ones get an empty board at version 0; known ones keep their board). */
  async upsertWards(list: readonly Ward[], at: Date): Promise<void> {
    if (list.length === 0) return;
    await this.db.transaction(async (tx) => {
      for (const ward of list) {
        await tx
          .insert(wards)
          .values({ ...ward, discoveredAt: at })
          .onConflictDoUpdate({
            target: wards.id,
            set: {
              name: ward.name,
              siteId: ward.siteId,
              siteName: ward.siteName,
              profile: ward.profile,
              displayLabel: ward.displayLabel,
              showMentalHealthAct: ward.showMentalHealthAct,
            },
          });
        await tx
          .insert(boardState)
          .values({ wardId: ward.id, staleReason: 'No data received from FHIR yet' })
          .onConflictDoNothing();
      }
    });
  }

  async listWards(): Promise<Ward[]> {
    const rows = await this.db.select().from(wards).orderBy(wards.siteName, wards.name);
    return rows.map(({ discoveredAt: _discoveredAt, ...ward }) => ward);
  }

  async getWard(wardId: string): Promise<Ward | null> {
    const rows = await this.db.select().from(wards).where(eq(wards.id, wardId));
    const row = rows[0];
    if (row === undefined) return null;
    const { discoveredAt: _discoveredAt, ...ward } = row;
    return ward;
  }

  /**
   * Stores a complete snapshot if it is newer than the stored one. Returns the new state, or null
   * when a newer snapshot was already stored (the caller then publishes nothing).
   */
  async acceptSnapshot(snapshot: WardSnapshot): Promise<StoredBoardState | null> {
    const asOf = new Date(snapshot.asOf);
    return this.db.transaction(async (tx) => {
      const updated = await tx
        .update(boardState)
        .set({
          version: sql`${boardState.version} + 1`,
          asOf,
          snapshot,
          staleReason: null,
          lastPollAt: asOf,
          lastPollOk: true,
          pendingDropOccupied: null,
        })
        .where(and(eq(boardState.wardId, snapshot.wardId), or(isNull(boardState.asOf), lt(boardState.asOf, asOf))))
        .returning();
      const row = updated[0];
      if (row === undefined) return null;
      await tx.insert(snapshotHistory).values({
        wardId: snapshot.wardId,
        asOf,
        census: snapshot.census,
        requestCount: snapshot.requestCount,
      });
      return row;
    });
  }

  /**
   * Records a failed or partial poll: the stored snapshot stays (CS-4) and is marked stale with the
   * reason. The version moves only when what the screen shows changes (a new reason), so a FHIR
   * outage does not make every screen redraw on every retry.
   */
  async recordPollFailure(
    wardId: string,
    reason: string,
    at: Date,
  ): Promise<{ state: StoredBoardState; changed: boolean }> {
    return this.markNotCurrent(wardId, reason, at, { lastPollOk: false });
  }

  /**
   * Records a snapshot held by the census-drop guard (CS-5): the shown board stays, marked stale with
   * the reason, and the held census is kept for the confirming poll. Not a failed poll: FHIR answered.
   */
  async recordHeldDrop(
    wardId: string,
    heldOccupied: number,
    reason: string,
    at: Date,
  ): Promise<{ state: StoredBoardState; changed: boolean }> {
    return this.markNotCurrent(wardId, reason, at, { lastPollOk: true, pendingDropOccupied: heldOccupied });
  }

  /** Keeps the shown snapshot but marks it not current with a reason; bumps the version only if the screen would change. */
  private async markNotCurrent(
    wardId: string,
    reason: string,
    at: Date,
    poll: { lastPollOk: boolean; pendingDropOccupied?: number },
  ): Promise<{ state: StoredBoardState; changed: boolean }> {
    return this.db.transaction(async (tx) => {
      const current = await tx.select().from(boardState).where(eq(boardState.wardId, wardId)).for('update');
      const before = current[0];
      if (before === undefined) throw new Error(`Unknown ward ${wardId}`);
      const changed = before.staleReason !== reason || before.lastPollOk !== poll.lastPollOk;
      const updated = await tx
        .update(boardState)
        .set({
          version: changed ? sql`${boardState.version} + 1` : before.version,
          staleReason: reason,
          lastPollAt: at,
          ...poll,
        })
        .where(eq(boardState.wardId, wardId))
        .returning();
      return { state: updated[0] as StoredBoardState, changed };
    });
  }

  async getBoardState(wardId: string): Promise<StoredBoardState | null> {
    const rows = await this.db.select().from(boardState).where(eq(boardState.wardId, wardId));
    return rows[0] ?? null;
  }

  /**
   * Every ward's poll state and census, without the beds: the ward list and readiness need only these,
   * and loading every snapshot whole would move megabytes per request on a large trust.
   */
  async listBoardSummaries(): Promise<BoardSummaryRow[]> {
    return this.db
      .select({
        wardId: boardState.wardId,
        version: boardState.version,
        asOf: boardState.asOf,
        census: sql<Census | null>`${boardState.snapshot} -> 'census'`,
        staleReason: boardState.staleReason,
        lastPollAt: boardState.lastPollAt,
        lastPollOk: boardState.lastPollOk,
      })
      .from(boardState);
  }

  async historyCount(wardId: string): Promise<number> {
    const rows = await this.db
      .select({ n: sql<number>`count(*)::int` })
      .from(snapshotHistory)
      .where(eq(snapshotHistory.wardId, wardId));
    return rows[0]?.n ?? 0;
  }
}
