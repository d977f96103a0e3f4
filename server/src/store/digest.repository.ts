/**
 * The weekly digest ledger (one row per lead and London week) and the score history the digest
 * reads. The ledger is what makes sending idempotent: a row is claimed for sending by one atomic
 * UPDATE (due or failed -> sending), so of two workers running the same week only one gets it, and a
 * row that says sent, or sending, is never sent again by a job.
 */
import type { DailyComposite } from '@wardflow/shared';
import { and, asc, desc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { Database } from './database.adapter.js';
import { digestLedger, wardScores } from './schema.js';

export type DigestLedgerRow = typeof digestLedger.$inferSelect;

export class DigestRepository {
  constructor(private readonly db: Database) {}

  /** The row for (lead, week), created as due when there is none. Returns it as stored. */
  async ensure(leadId: string, week: string, email: string, now: Date): Promise<DigestLedgerRow> {
    await this.db
      .insert(digestLedger)
      .values({ leadId, week, email, state: 'due', attempts: 0, createdAt: now, updatedAt: now })
      .onConflictDoNothing({ target: [digestLedger.leadId, digestLedger.week] });
    const row = await this.get(leadId, week);
    if (row === null) throw new Error(`digest ledger row for ${leadId} ${week} vanished after insert`);
    return row;
  }

  async get(leadId: string, week: string): Promise<DigestLedgerRow | null> {
    const rows = await this.db
      .select()
      .from(digestLedger)
      .where(and(eq(digestLedger.leadId, leadId), eq(digestLedger.week, week)));
    return rows[0] ?? null;
  }

  /**
   * Claims the row for sending: due or failed -> sending, in one statement, so exactly one caller
   * wins. Returns the claimed row, or null when it is sent or someone else holds it. The address is
   * refreshed, so a corrected address in WARDS_CONFIG is used by the retry; the Message-ID is written
   * before sending, so a row left in 'sending' says what to look for in the SMTP log.
   */
  async claim(
    leadId: string,
    week: string,
    email: string,
    messageId: string,
    now: Date,
  ): Promise<DigestLedgerRow | null> {
    const rows = await this.db
      .update(digestLedger)
      .set({ state: 'sending', email, messageId, attempts: sql`${digestLedger.attempts} + 1`, updatedAt: now })
      .where(
        and(
          eq(digestLedger.leadId, leadId),
          eq(digestLedger.week, week),
          inArray(digestLedger.state, ['due', 'failed']),
        ),
      )
      .returning();
    return rows[0] ?? null;
  }

  async markSent(id: number, messageId: string, now: Date): Promise<void> {
    await this.db
      .update(digestLedger)
      .set({ state: 'sent', messageId, reason: null, sentAt: now, updatedAt: now })
      .where(and(eq(digestLedger.id, id), eq(digestLedger.state, 'sending')));
  }

  async markFailed(id: number, reason: string, now: Date): Promise<void> {
    await this.db
      .update(digestLedger)
      .set({ state: 'failed', reason: reason.slice(0, 1_000), updatedAt: now })
      .where(and(eq(digestLedger.id, id), eq(digestLedger.state, 'sending')));
  }

  /**
   * A person's decision after checking the outbox or the SMTP log: a row left in 'sending' (unknown
   * whether it went) becomes failed, so the next run sends it. Only rows older than `before`, so a
   * send in progress is never released under a worker's feet.
   */
  async release(leadId: string, week: string, by: string, before: Date, now: Date): Promise<boolean> {
    const rows = await this.db
      .update(digestLedger)
      .set({
        state: 'failed',
        reason: `released for resending by ${by} after checking it was not delivered`,
        updatedAt: now,
      })
      .where(
        and(
          eq(digestLedger.leadId, leadId),
          eq(digestLedger.week, week),
          eq(digestLedger.state, 'sending'),
          lte(digestLedger.updatedAt, before),
        ),
      )
      .returning({ id: digestLedger.id });
    return rows.length > 0;
  }

  /** Newest weeks first, then by lead. */
  async list(limit = 500): Promise<DigestLedgerRow[]> {
    return this.db.select().from(digestLedger).orderBy(desc(digestLedger.week), asc(digestLedger.leadId)).limit(limit);
  }

  async listFailed(): Promise<DigestLedgerRow[]> {
    return this.db
      .select()
      .from(digestLedger)
      .where(eq(digestLedger.state, 'failed'))
      .orderBy(desc(digestLedger.updatedAt));
  }

  /** Rows in 'sending' not touched since `before`: sent or not, nobody knows (see `unknown` in the API). */
  async listStuck(before: Date): Promise<DigestLedgerRow[]> {
    return this.db
      .select()
      .from(digestLedger)
      .where(and(eq(digestLedger.state, 'sending'), lte(digestLedger.updatedAt, before)))
      .orderBy(desc(digestLedger.updatedAt));
  }

  /** Each ward's last composite of every London day in [from, to], oldest first: the trend chart's points. */
  async dailyComposites(wardIds: readonly string[], from: Date, to: Date): Promise<Map<string, DailyComposite[]>> {
    const out = new Map<string, DailyComposite[]>(wardIds.map((id) => [id, []]));
    if (wardIds.length === 0) return out;
    const day = sql<string>`to_char((${wardScores.at} at time zone 'Europe/London')::date, 'YYYY-MM-DD')`;
    const rows = await this.db
      .selectDistinctOn([wardScores.wardId, sql`(${wardScores.at} at time zone 'Europe/London')::date`], {
        wardId: wardScores.wardId,
        date: day,
        composite: wardScores.composite,
      })
      .from(wardScores)
      .where(and(inArray(wardScores.wardId, [...wardIds]), gte(wardScores.at, from), lte(wardScores.at, to)))
      .orderBy(wardScores.wardId, sql`(${wardScores.at} at time zone 'Europe/London')::date`, desc(wardScores.at));
    for (const r of rows) out.get(r.wardId)?.push({ date: r.date, composite: r.composite });
    return out;
  }
}
