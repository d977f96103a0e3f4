/** API tokens (SEC-5): usable while neither revoked nor expired; every query here says both. */
import { and, desc, eq, gt, inArray, isNull, lte, or } from 'drizzle-orm';
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
      .onConflictDoUpdate({ target: apiTokens.tokenHash, set: { name: token.name, grants: token.grants, expiresAt: token.expiresAt, revokedAt: null, revokedBy: null } });
  }

  async byHash(tokenHash: string): Promise<TokenRow | null> {
    const [row] = await this.db.select().from(apiTokens).where(eq(apiTokens.tokenHash, tokenHash)).limit(1);
    return row ?? null;
  }

  async touch(id: string, now: Date, everyMs: number): Promise<void> {
    await this.db
      .update(apiTokens)
      .set({ lastUsedAt: now })
      .where(and(eq(apiTokens.id, id), or(isNull(apiTokens.lastUsedAt), lte(apiTokens.lastUsedAt, new Date(now.getTime() - everyMs)))));
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

  /** Of `ids`, those revoked, expired or gone. */
  async unusableAmong(ids: readonly string[], now: Date): Promise<string[]> {
    if (ids.length === 0) return [];
    const live = new Set(
      (await this.db.select({ id: apiTokens.id }).from(apiTokens).where(and(inArray(apiTokens.id, [...ids]), isNull(apiTokens.revokedAt), gt(apiTokens.expiresAt, now)))).map((r) => r.id),
    );
    return ids.filter((id) => !live.has(id));
  }
}
