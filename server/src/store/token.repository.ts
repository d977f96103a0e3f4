/** API tokens (SEC-5): usable while neither revoked nor expired (a single token is returned whatever its state; the caller says why). */
import { and, desc, eq, inArray, isNull, lte, or } from 'drizzle-orm';
import type { Database } from './database.adapter.js';
import { apiTokens } from './schema.js';

export type TokenRow = typeof apiTokens.$inferSelect;

export class TokenRepository {
  constructor(private readonly db: Database) {}

  async create(token: Omit<TokenRow, 'lastUsedAt' | 'revokedAt' | 'revokedBy'>): Promise<void> {
    await this.db.insert(apiTokens).values(token);
  }

  /**
   * Creates or renews the token with this hash (the demo's DEMO_API_TOKEN at each start): same hash,
   * new grants and expiry, un-revoked.
   */
  async upsertByHash(token: Omit<TokenRow, 'lastUsedAt' | 'revokedAt' | 'revokedBy'>): Promise<void> {
    await this.db
      .insert(apiTokens)
      .values(token)
      .onConflictDoUpdate({
        target: apiTokens.tokenHash,
        set: { name: token.name, grants: token.grants, expiresAt: token.expiresAt, revokedAt: null, revokedBy: null },
      });
  }

  async byHash(tokenHash: string): Promise<TokenRow | null> {
    const [row] = await this.db.select().from(apiTokens).where(eq(apiTokens.tokenHash, tokenHash)).limit(1);
    return row ?? null;
  }

  async touch(id: string, now: Date, everyMs: number): Promise<void> {
    await this.db
      .update(apiTokens)
      .set({ lastUsedAt: now })
      .where(
        and(
          eq(apiTokens.id, id),
          or(isNull(apiTokens.lastUsedAt), lte(apiTokens.lastUsedAt, new Date(now.getTime() - everyMs))),
        ),
      );
  }

  async revoke(id: string, by: string, now: Date): Promise<boolean> {
    const rows = await this.db
      .update(apiTokens)
      .set({ revokedAt: now, revokedBy: by })
      .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    return rows.length > 0;
  }

  async get(id: string): Promise<TokenRow | null> {
    const [row] = await this.db.select().from(apiTokens).where(eq(apiTokens.id, id)).limit(1);
    return row ?? null;
  }

  async list(): Promise<TokenRow[]> {
    return this.db.select().from(apiTokens).orderBy(desc(apiTokens.createdAt)).limit(1_000);
  }

  /** Of `ids`, those revoked, expired or gone, with why. */
  async unusableAmong(ids: readonly string[], now: Date): Promise<Map<string, 'token-revoked' | 'token-expired'>> {
    const found = new Map<string, 'token-revoked' | 'token-expired'>();
    if (ids.length === 0) return found;
    const rows = await this.db
      .select({ id: apiTokens.id, revokedAt: apiTokens.revokedAt, expiresAt: apiTokens.expiresAt })
      .from(apiTokens)
      .where(inArray(apiTokens.id, [...ids]));
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const id of ids) {
      const r = byId.get(id);
      if (r === undefined || r.revokedAt !== null) found.set(id, 'token-revoked');
      else if (r.expiresAt <= now) found.set(id, 'token-expired');
    }
    return found;
  }
}
