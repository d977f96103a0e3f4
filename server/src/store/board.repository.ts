/**
 * Persistence of wards and their current boards. The only writer of `board_state`, so the rules live
 * here: a snapshot replaces the stored one only if it is newer (compare-and-set on time, so a slow or
 * retried job can never roll a board back), and every change to what the board shows bumps `version`.
 */
import type { Census, KnownWard, Ward, WardChanges, WardSnapshot } from '@wardflow/shared';
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Database } from './database.adapter.js';
import {
  boardState,
  devices,
  escalations,
  feedIncidents,
  huddleActions,
  snapshotHistory,
  staffingDays,
  wardOutcomeDays,
  wardScores,
  wards,
} from './schema.js';

type WardRow = typeof wards.$inferSelect;
type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

/** Advisory lock id for the ward lifecycle: one discovery's decision and write at a time, across every worker. */
const WARD_LIFECYCLE_LOCK = 7261207013;

/** A stored ward as the rest of the server sees it: retired or live, never the row's bookkeeping. */
function wardOf(row: WardRow): Ward {
  const { discoveredAt: _discoveredAt, source: _source, retiredAt, retiredReason, ...ward } = row;
  return {
    ...ward,
    retired: retiredAt === null ? null : { since: retiredAt.toISOString(), reason: retiredReason ?? 'Retired' },
  };
}

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

  /** Records wards as live (new ones get an empty board at version 0; known ones keep their board), with no source. */
  async upsertWards(list: readonly Ward[], at: Date): Promise<void> {
    if (list.length === 0) return;
    await this.applyWardChanges({ live: [...list], retire: [], resume: [], moveAside: [] }, null, at);
  }

  /** Every ward ever served, live and retired (retired ones keep their history and say since when). */
  async listWards(): Promise<Ward[]> {
    const rows = await this.db.select().from(wards).orderBy(wards.siteName, wards.name);
    return rows.map(wardOf);
  }

  /** The wards polled and shown as live. */
  async liveWards(): Promise<Ward[]> {
    return (await this.listWards()).filter((w) => w.retired === null || w.retired === undefined);
  }

  async getWard(wardId: string): Promise<Ward | null> {
    const rows = await this.db.select().from(wards).where(eq(wards.id, wardId));
    const row = rows[0];
    return row === undefined ? null : wardOf(row);
  }

  /** The live wards that came from `source` (or from before sources were recorded): the ones to read from it. */
  async pollableWards(source: string): Promise<Ward[]> {
    return (await this.knownWards())
      .filter(({ ward, source: from }) => (ward.retired ?? null) === null && (from === null || from === source))
      .map(({ ward }) => ward);
  }

  /** Stored wards with the FHIR server each came from, for the lifecycle (ward-lifecycle.ts). */
  async knownWards(): Promise<KnownWard[]> {
    const rows = await this.db.select().from(wards);
    return rows.map((row) => ({ ward: wardOf(row), source: row.source }));
  }

  /**
   * Decides and applies the lifecycle in one transaction holding an advisory lock: two workers
   * discovering at once would otherwise both decide from the same rows (both moving a ward aside to
   * the same id); the second now decides from what the first wrote.
   */
  async reconcileWards(decide: (known: KnownWard[]) => WardChanges, source: string, at: Date): Promise<WardChanges> {
    return this.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${WARD_LIFECYCLE_LOCK})`);
      const rows = await tx.select().from(wards);
      const changes = decide(rows.map((row) => ({ ward: wardOf(row), source: row.source })));
      await this.writeChanges(tx, changes, source, at);
      return changes;
    });
  }

  /**
   * Applies the lifecycle's decision in one transaction: a ward of another FHIR server whose id the
   * server in use also has keeps its history under a new id (board, history, scores, escalations,
   * imported staffing and incidents, and screens bound to it, which then show it as retired until
   * an admin binds them again: a screen never silently shows another trust's ward); then the
   * discovered wards are written with their source and made live, and the others retired.
   */
  async applyWardChanges(changes: WardChanges, source: string | null, at: Date): Promise<void> {
    await this.db.transaction(async (tx) => this.writeChanges(tx, changes, source, at));
  }

  private async writeChanges(tx: Tx, changes: WardChanges, source: string | null, at: Date): Promise<void> {
    const sourced = source === null ? {} : { source };
    // A reused id's new board starts above the moved board's version: a screen holding the old
    // version must take the new board, never keep the other server's as newer.
    const versionAfterMove = new Map<string, number>();
    for (const move of changes.moveAside) {
      const [row] = await tx.select().from(wards).where(eq(wards.id, move.from));
      if (row === undefined) continue;
      const [board] = await tx
        .select({ version: boardState.version })
        .from(boardState)
        .where(eq(boardState.wardId, move.from));
      versionAfterMove.set(move.from, (board?.version ?? 0) + 1);
      await tx.insert(wards).values({ ...row, id: move.to, retiredAt: at, retiredReason: move.reason });
      for (const table of [
        boardState,
        snapshotHistory,
        wardScores,
        escalations,
        staffingDays,
        feedIncidents,
        huddleActions,
        wardOutcomeDays,
      ]) {
        await tx.update(table).set({ wardId: move.to }).where(eq(table.wardId, move.from));
      }
      await tx
        .update(devices)
        .set({ binding: sql`jsonb_set(${devices.binding}, '{wardId}', to_jsonb(${move.to}::text))` })
        .where(sql`${devices.binding}->>'kind' = 'ward' and ${devices.binding}->>'wardId' = ${move.from}`);
      await tx.delete(wards).where(eq(wards.id, move.from));
    }
    for (const ward of changes.live) {
      const { retired: _retired, ...fields } = ward;
      await tx
        .insert(wards)
        .values({ ...fields, ...sourced, discoveredAt: at })
        .onConflictDoUpdate({
          target: wards.id,
          set: {
            name: ward.name,
            siteId: ward.siteId,
            siteName: ward.siteName,
            profile: ward.profile,
            displayLabel: ward.displayLabel,
            showMentalHealthAct: ward.showMentalHealthAct,
            ...sourced,
            retiredAt: null,
            retiredReason: null,
          },
        });
      await tx
        .insert(boardState)
        .values({
          wardId: ward.id,
          staleReason: 'No data received from FHIR yet',
          version: versionAfterMove.get(ward.id) ?? 0,
        })
        .onConflictDoNothing();
    }
    for (const { id, reason } of changes.retire) {
      await tx.update(wards).set({ retiredAt: at, retiredReason: reason }).where(eq(wards.id, id));
    }
    // A retired ward raises nothing more: its open escalations close now, or they would stay open for ever.
    const gone = [...changes.retire.map((r) => r.id), ...changes.moveAside.map((m) => m.to)];
    for (const id of gone) {
      await tx
        .update(escalations)
        .set({ resolvedAt: at })
        .where(and(eq(escalations.wardId, id), isNull(escalations.resolvedAt)));
    }
    // Screens of wards that retired, came back or moved are told by a version change.
    const changed = [...changes.retire.map((r) => r.id), ...changes.resume, ...changes.moveAside.map((m) => m.to)];
    for (const id of changed) {
      await tx
        .update(boardState)
        .set({ version: sql`${boardState.version} + 1` })
        .where(eq(boardState.wardId, id));
    }
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
