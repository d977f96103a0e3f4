/**
 * Persistence of escalations. One OPEN row per (ward, rule, subject) is guaranteed by the partial
 * unique index `escalations_open_once`, so two evaluations racing (two workers, a retried job) raise
 * one row: the loser's insert does nothing and it announces nothing. Every state change is a
 * conditional update that reports whether it changed a row, so each change is announced once.
 */
import type { EscalationCondition, EscalationView, OpenEscalation } from '@wardflow/shared';
import { and, desc, eq, gte, isNull, or, type SQL } from 'drizzle-orm';
import type { Database } from './database.adapter.js';
import { escalations, wards } from './schema.js';

export interface EscalationRow extends Omit<EscalationView, 'ruleLabel' | 'kind'> {
  notifiedAt: string | null;
}

export type EscalationState = 'open' | 'recent';

const columns = {
  id: escalations.id,
  wardId: escalations.wardId,
  wardName: wards.name,
  siteId: wards.siteId,
  rule: escalations.ruleId,
  subject: escalations.subject,
  value: escalations.value,
  latestValue: escalations.latestValue,
  detail: escalations.detail,
  raisedAt: escalations.raisedAt,
  lastSeenAt: escalations.lastSeenAt,
  acknowledgedBy: escalations.acknowledgedBy,
  acknowledgedAt: escalations.acknowledgedAt,
  resolvedAt: escalations.resolvedAt,
  notifiedAt: escalations.notifiedAt,
};

type Selected = {
  [K in keyof typeof columns]:
    (typeof columns)[K]['_']['data'] | ((typeof columns)[K]['_']['notNull'] extends true ? never : null);
};

function toRow(r: Selected): EscalationRow {
  return {
    id: r.id,
    wardId: r.wardId,
    wardName: r.wardName,
    siteId: r.siteId,
    rule: r.rule,
    subject: r.subject,
    value: r.value,
    latestValue: r.latestValue,
    detail: r.detail,
    raisedAt: r.raisedAt.toISOString(),
    lastSeenAt: r.lastSeenAt.toISOString(),
    ...(r.acknowledgedBy === null ? {} : { acknowledgedBy: r.acknowledgedBy }),
    ...(r.acknowledgedAt === null ? {} : { acknowledgedAt: r.acknowledgedAt.toISOString() }),
    ...(r.resolvedAt === null ? {} : { resolvedAt: r.resolvedAt.toISOString() }),
    notifiedAt: r.notifiedAt?.toISOString() ?? null,
  };
}

export class EscalationRepository {
  constructor(private readonly db: Database) {}

  async openFor(wardId: string): Promise<OpenEscalation[]> {
    return this.db
      .select({ id: escalations.id, ruleId: escalations.ruleId, subject: escalations.subject })
      .from(escalations)
      .where(and(eq(escalations.wardId, wardId), isNull(escalations.resolvedAt)));
  }

  /** Raises one escalation, or returns null when an open one for the same ward, rule and subject exists (a racing evaluation won). */
  async raise(wardId: string, condition: EscalationCondition, at: Date): Promise<number | null> {
    const rows = await this.db
      .insert(escalations)
      .values({
        wardId,
        ruleId: condition.ruleId,
        subject: condition.subject,
        value: condition.value,
        latestValue: condition.value,
        detail: condition.detail,
        raisedAt: at,
        lastSeenAt: at,
      })
      .onConflictDoNothing()
      .returning({ id: escalations.id });
    return rows[0]?.id ?? null;
  }

  /** Still true: the latest value and words, and when it was last seen; no announcement (nothing a screen shows changed state). */
  async keep(id: number, condition: EscalationCondition, at: Date): Promise<void> {
    await this.db
      .update(escalations)
      .set({ latestValue: condition.value, detail: condition.detail, lastSeenAt: at })
      .where(and(eq(escalations.id, id), isNull(escalations.resolvedAt)));
  }

  /** Resolves an open escalation; false when it was already resolved (by a racing evaluation). */
  async resolve(id: number, at: Date): Promise<boolean> {
    const rows = await this.db
      .update(escalations)
      .set({ resolvedAt: at })
      .where(and(eq(escalations.id, id), isNull(escalations.resolvedAt)))
      .returning({ id: escalations.id });
    return rows.length > 0;
  }

  /** Records who acknowledged an open, unacknowledged escalation; false when it was resolved or acknowledged meanwhile. */
  async acknowledge(id: number, username: string, at: Date): Promise<boolean> {
    const rows = await this.db
      .update(escalations)
      .set({ acknowledgedBy: username, acknowledgedAt: at })
      .where(and(eq(escalations.id, id), isNull(escalations.resolvedAt), isNull(escalations.acknowledgedBy)))
      .returning({ id: escalations.id });
    return rows.length > 0;
  }

  /**
   * Claims the right to email about an escalation (sets notifiedAt if unset); only one caller gets
   * true. A failed send gives the claim back with `unclaimNotification`, so a later evaluation retries.
   */
  async claimNotification(id: number, at: Date): Promise<boolean> {
    const rows = await this.db
      .update(escalations)
      .set({ notifiedAt: at })
      .where(and(eq(escalations.id, id), isNull(escalations.notifiedAt)))
      .returning({ id: escalations.id });
    return rows.length > 0;
  }

  async unclaimNotification(id: number): Promise<void> {
    await this.db.update(escalations).set({ notifiedAt: null }).where(eq(escalations.id, id));
  }

  /** Open escalations of a ward nobody has been emailed about yet (a send that failed before). */
  async unnotifiedOpen(wardId: string): Promise<EscalationRow[]> {
    return this.select(
      and(eq(escalations.wardId, wardId), isNull(escalations.resolvedAt), isNull(escalations.notifiedAt)),
    );
  }

  async get(id: number): Promise<EscalationRow | null> {
    return (await this.select(eq(escalations.id, id)))[0] ?? null;
  }

  /**
   * Open escalations, or "recent": open ones and those resolved since `resolvedSince`; newest raised
   * first, optionally for one ward, at most `limit`.
   */
  async list(query: {
    state: EscalationState;
    wardId: string | null;
    resolvedSince: Date;
    limit: number;
  }): Promise<EscalationRow[]> {
    const state =
      query.state === 'open'
        ? isNull(escalations.resolvedAt)
        : or(isNull(escalations.resolvedAt), gte(escalations.resolvedAt, query.resolvedSince));
    return this.select(query.wardId === null ? state : and(state, eq(escalations.wardId, query.wardId)), query.limit);
  }

  private async select(where: SQL | undefined, limit = 1_000): Promise<EscalationRow[]> {
    const rows = await this.db
      .select(columns)
      .from(escalations)
      .innerJoin(wards, eq(wards.id, escalations.wardId))
      .where(where)
      .orderBy(desc(escalations.raisedAt), desc(escalations.id))
      .limit(limit);
    return rows.map(toRow);
  }
}
