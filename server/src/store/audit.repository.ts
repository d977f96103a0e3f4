/**
 * The audit log's only writer and reader (SEC-6). Appends take a transaction-scoped advisory lock, so
 * rows from any number of processes get consecutive `seq` values and each chains onto the one before;
 * the lock is the same one the retention purge takes. Reads page backwards by `seq`.
 */
import type { AuditAction, AuditEntry, AuditOutcome } from '@wardflow/shared';
import { and, asc, desc, eq, gte, lt, lte, sql, type SQL } from 'drizzle-orm';
import { GENESIS_HASH, rowHash, type ChainRow } from './audit-chain.js';
import type { Database } from './database.adapter.js';
import { auditLog } from './schema.js';

/** Also taken by `wardflow_audit_purge` (migration 0005): one writer at a time across processes. */
const AUDIT_LOCK = 7261207001;

/** A row to append: the entry less what the writer gives it (its place in the chain and hash), with its time as a Date. */
export type AuditRecord = Omit<AuditEntry, 'seq' | 'hash' | 'at'> & { at: Date };

export interface AuditFilter {
  from?: Date;
  to?: Date;
  action?: AuditAction;
  actorId?: string;
  wardId?: string;
  patientId?: string;
  outcome?: AuditOutcome;
  /** Rows with a smaller seq only (the next page back). */
  before?: number;
}

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

export class AuditRepository {
  constructor(private readonly db: Database) {}

  /** Appends one row, chained onto the newest. */
  async append(record: AuditRecord): Promise<AuditEntry> {
    return this.db.transaction((tx) => this.appendIn(tx, record));
  }

  /**
   * Removes every row older than `cutoff` (a prefix of the chain, through the database function that
   * alone may delete) and records the removal as a chained row in the same transaction.
   */
  async purgeBefore(cutoff: Date, now: Date): Promise<number> {
    return this.db.transaction(async (tx) => {
      const result = await tx.execute(
        sql`select removed, through_seq, through_hash from wardflow_audit_purge(${cutoff.toISOString()}::timestamptz)`,
      );
      const row = (
        result as unknown as {
          rows: Array<{ removed: string | number; through_seq: string | number | null; through_hash: string | null }>;
        }
      ).rows[0];
      const removed = Number(row?.removed ?? 0);
      if (removed === 0 || row?.through_seq === null || row?.through_seq === undefined || row.through_hash === null)
        return 0;
      const throughSeq = Number(row.through_seq);
      await this.appendIn(
        tx,
        {
          at: now,
          actorKind: 'system',
          actorId: null,
          actorName: 'retention',
          role: null,
          action: 'audit.retention',
          outcome: 'success',
          wardId: null,
          patientId: null,
          detail: { removed, throughSeq, throughHash: row.through_hash, cutoff: cutoff.toISOString() },
          address: null,
        },
        { seq: throughSeq, hash: row.through_hash },
      );
      return removed;
    });
  }

  private async appendIn(
    tx: Tx,
    record: AuditRecord,
    afterRemoved?: { seq: number; hash: string },
  ): Promise<AuditEntry> {
    await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`);
    const [last] = await tx
      .select({ seq: auditLog.seq, hash: auditLog.hash })
      .from(auditLog)
      .orderBy(desc(auditLog.seq))
      .limit(1);
    const previous = last ?? afterRemoved ?? { seq: 0, hash: GENESIS_HASH };
    const content = { ...record, at: record.at.toISOString(), seq: previous.seq + 1, prevHash: previous.hash };
    const hash = rowHash(content);
    await tx.insert(auditLog).values({ ...record, seq: content.seq, prevHash: previous.hash, hash });
    const { prevHash: _prevHash, ...entry } = content;
    return { ...entry, hash };
  }

  /** Newest first, at most `limit`. */
  async page(filter: AuditFilter, limit: number): Promise<AuditEntry[]> {
    const rows = await this.db.select().from(auditLog).where(whereOf(filter)).orderBy(desc(auditLog.seq)).limit(limit);
    return rows.map((r) => toEntry(r));
  }

  /** The whole log in seq order, in batches (for verification). */
  async *chain(batch = 5_000): AsyncGenerator<ChainRow[]> {
    let after = 0;
    for (;;) {
      const rows = await this.db
        .select()
        .from(auditLog)
        .where(gte(auditLog.seq, after + 1))
        .orderBy(asc(auditLog.seq))
        .limit(batch);
      if (rows.length === 0) return;
      yield rows.map((r) => ({ ...toEntry(r), prevHash: r.prevHash }));
      after = rows.at(-1)?.seq ?? after;
      if (rows.length < batch) return;
    }
  }
}

function whereOf(f: AuditFilter): SQL | undefined {
  const conditions: SQL[] = [];
  if (f.from !== undefined) conditions.push(gte(auditLog.at, f.from));
  if (f.to !== undefined) conditions.push(lte(auditLog.at, f.to));
  if (f.action !== undefined) conditions.push(eq(auditLog.action, f.action));
  if (f.actorId !== undefined) conditions.push(eq(auditLog.actorId, f.actorId));
  if (f.wardId !== undefined) conditions.push(eq(auditLog.wardId, f.wardId));
  if (f.patientId !== undefined) conditions.push(eq(auditLog.patientId, f.patientId));
  if (f.outcome !== undefined) conditions.push(eq(auditLog.outcome, f.outcome));
  if (f.before !== undefined) conditions.push(lt(auditLog.seq, f.before));
  return conditions.length === 0 ? undefined : and(...conditions);
}

function toEntry(r: typeof auditLog.$inferSelect): AuditEntry {
  return {
    seq: r.seq,
    at: r.at.toISOString(),
    actorKind: r.actorKind,
    actorId: r.actorId,
    actorName: r.actorName,
    role: r.role,
    action: r.action as AuditAction,
    outcome: r.outcome,
    wardId: r.wardId,
    patientId: r.patientId,
    detail: r.detail,
    address: r.address,
    hash: r.hash,
  };
}
