/**
 * Server-side sessions (SEC-2). A session is usable while it has not ended, is before its absolute
 * expiry and was used within the idle timeout; the lists here apply all three, and a single session
 * is returned whatever its state for the caller to say why it no longer works (CredentialsService).
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
      .where(
        and(eq(sessions.id, id), isNull(sessions.endedAt), lte(sessions.lastSeenAt, new Date(now.getTime() - everyMs))),
      );
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
      .where(
        and(
          isNull(sessions.endedAt),
          gt(sessions.expiresAt, now),
          gt(sessions.lastSeenAt, new Date(now.getTime() - idleMs)),
        ),
      )
      .orderBy(sql`${sessions.createdAt} desc`)
      .limit(1_000);
  }

  /** Of `ids`, those no longer usable, with why (ended by someone, past expiry, idle too long, or gone). */
  async unusableAmong(
    ids: readonly string[],
    now: Date,
    idleMs: number,
  ): Promise<Map<string, 'signed-out' | 'session-revoked' | 'session-expired' | 'session-idle'>> {
    const found = new Map<string, 'signed-out' | 'session-revoked' | 'session-expired' | 'session-idle'>();
    if (ids.length === 0) return found;
    const rows = await this.db
      .select({
        id: sessions.id,
        endedAt: sessions.endedAt,
        endReason: sessions.endReason,
        expiresAt: sessions.expiresAt,
        lastSeenAt: sessions.lastSeenAt,
      })
      .from(sessions)
      .where(inArray(sessions.id, [...ids]));
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const id of ids) {
      const r = byId.get(id);
      if (r === undefined) found.set(id, 'session-revoked');
      else if (r.endedAt !== null)
        found.set(
          id,
          r.endReason === 'signed-out' || r.endReason === 'session-idle' || r.endReason === 'session-expired'
            ? r.endReason
            : 'session-revoked',
        );
      else if (r.expiresAt <= now) found.set(id, 'session-expired');
      else if (r.lastSeenAt.getTime() <= now.getTime() - idleMs) found.set(id, 'session-idle');
    }
    return found;
  }
}
