/**
 * Server-side sessions (SEC-2). A session is usable while it has not ended, is before its absolute
 * expiry and was used within the idle timeout; every query here states those three conditions, so no
 * caller can forget one.
 */
import type { Grant } from '@wardflow/shared';
import { and, eq, gt, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Database } from './database.adapter.js';
import { sessions } from './schema.js';

export type SessionRow = typeof sessions.$inferSelect;

export interface NewSession {
  id: string;
  tokenHash: string;
  issuer: string;
  subject: string;
  userName: string;
  grants: Grant[];
  createdAt: Date;
  expiresAt: Date;
  address: string | null;
  userAgent: string | null;
}

export class SessionRepository {
  constructor(private readonly db: Database) {}

  async create(session: NewSession): Promise<void> {
    await this.db.insert(sessions).values({ ...session, lastSeenAt: session.createdAt });
  }

  /** The session for a token hash, whatever its state (the caller says why it no longer works). */
  async findByTokenHash(tokenHash: string): Promise<SessionRow | null> {
    const [row] = await this.db.select().from(sessions).where(eq(sessions.tokenHash, tokenHash)).limit(1);
    return row ?? null;
  }

  async get(id: string): Promise<SessionRow | null> {
    const [row] = await this.db.select().from(sessions).where(eq(sessions.id, id)).limit(1);
    return row ?? null;
  }

  /** Records use, at most once per `everyMs`, so a busy page costs one write a minute, not one per request. */
  async touch(id: string, now: Date, everyMs: number): Promise<void> {
    await this.db
      .update(sessions)
      .set({ lastSeenAt: now })
      .where(and(eq(sessions.id, id), isNull(sessions.endedAt), lte(sessions.lastSeenAt, new Date(now.getTime() - everyMs))));
  }

  /** Ends an open session; false when it had already ended. */
  async end(id: string, reason: string, by: string | null, now: Date): Promise<boolean> {
    const rows = await this.db
      .update(sessions)
      .set({ endedAt: now, endReason: reason, endedBy: by })
      .where(and(eq(sessions.id, id), isNull(sessions.endedAt)))
      .returning({ id: sessions.id });
    return rows.length > 0;
  }

  /** Sessions usable now, newest first. */
  async listUsable(now: Date, idleMs: number): Promise<SessionRow[]> {
    return this.db
      .select()
      .from(sessions)
      .where(and(isNull(sessions.endedAt), gt(sessions.expiresAt, now), gt(sessions.lastSeenAt, new Date(now.getTime() - idleMs))))
      .orderBy(sql`${sessions.createdAt} desc`)
      .limit(1_000);
  }

  /** Of `ids`, those no longer usable (ended, past expiry, idle too long, or gone). */
  async unusableAmong(ids: readonly string[], now: Date, idleMs: number): Promise<string[]> {
    if (ids.length === 0) return [];
    const live = new Set(
      (
        await this.db
          .select({ id: sessions.id })
          .from(sessions)
          .where(and(inArray(sessions.id, [...ids]), isNull(sessions.endedAt), gt(sessions.expiresAt, now), gt(sessions.lastSeenAt, new Date(now.getTime() - idleMs))))
      ).map((r) => r.id),
    );
    return ids.filter((id) => !live.has(id));
  }
}
