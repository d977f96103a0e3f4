/**
 * Wall screens and their pairing codes (SEC-3). Credential changes are compare-and-set on the current
 * hash, so two requests from one screen racing to rotate its credential rotate it once.
 */
import { and, desc, eq, gt, inArray, isNull, lte, or } from 'drizzle-orm';
import type { Database } from './database.adapter.js';
import { devicePairings, devices } from './schema.js';

export type DeviceRow = typeof devices.$inferSelect;
export type PairingRow = typeof devicePairings.$inferSelect;

export class DeviceRepository {
  constructor(private readonly db: Database) {}

  async createPairing(pairing: Omit<PairingRow, 'deviceId'>): Promise<void> {
    await this.db.insert(devicePairings).values({ ...pairing, deviceId: null });
  }

  async pairingBySecret(secretHash: string): Promise<PairingRow | null> {
    const [row] = await this.db.select().from(devicePairings).where(eq(devicePairings.secretHash, secretHash)).limit(1);
    return row ?? null;
  }

  async pairingByCode(code: string): Promise<PairingRow | null> {
    const [row] = await this.db.select().from(devicePairings).where(eq(devicePairings.code, code)).limit(1);
    return row ?? null;
  }

  /** Pairings still waiting for approval, newest first; expired ones are removed on the way. */
  async pendingPairings(now: Date): Promise<PairingRow[]> {
    await this.db.delete(devicePairings).where(lte(devicePairings.expiresAt, now));
    return this.db
      .select()
      .from(devicePairings)
      .where(isNull(devicePairings.deviceId))
      .orderBy(desc(devicePairings.requestedAt))
      .limit(200);
  }

  /**
   * Creates the device and marks the pairing approved, in one transaction; false (nothing created)
   * when the code is unknown, expired or already approved.
   */
  async approvePairing(
    code: string,
    device: Omit<
      DeviceRow,
      | 'credentialHash'
      | 'previousCredentialHash'
      | 'previousValidUntil'
      | 'lastSeenAt'
      | 'lastAddress'
      | 'revokedAt'
      | 'revokedBy'
    >,
    now: Date,
  ): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const claimed = await tx
        .update(devicePairings)
        .set({ deviceId: device.id })
        .where(and(eq(devicePairings.code, code), isNull(devicePairings.deviceId), gt(devicePairings.expiresAt, now)))
        .returning({ code: devicePairings.code });
      if (claimed.length === 0) return false;
      await tx.insert(devices).values(device);
      return true;
    });
  }

  async deletePairing(code: string): Promise<void> {
    await this.db.delete(devicePairings).where(eq(devicePairings.code, code));
  }

  /**
   * The device whose current credential, or previous one still in its grace period, this is; revoked
   * devices too (their credentials are kept), so the screen can be told it was removed.
   */
  async byCredential(hash: string, now: Date): Promise<{ device: DeviceRow; current: boolean } | null> {
    const [row] = await this.db
      .select()
      .from(devices)
      .where(
        or(
          eq(devices.credentialHash, hash),
          and(eq(devices.previousCredentialHash, hash), gt(devices.previousValidUntil, now)),
        ),
      )
      .limit(1);
    return row === undefined ? null : { device: row, current: row.credentialHash === hash };
  }

  /** Replaces the credential if it is still `expectedHash` (null: the first one, collected at pairing). */
  async replaceCredential(
    id: string,
    expectedHash: string | null,
    newHash: string,
    previousValidUntil: Date | null,
    now: Date,
  ): Promise<boolean> {
    const rows = await this.db
      .update(devices)
      .set({
        credentialHash: newHash,
        previousCredentialHash: expectedHash,
        previousValidUntil,
        credentialRotatedAt: now,
      })
      .where(
        and(
          eq(devices.id, id),
          isNull(devices.revokedAt),
          expectedHash === null ? isNull(devices.credentialHash) : eq(devices.credentialHash, expectedHash),
        ),
      )
      .returning({ id: devices.id });
    return rows.length > 0;
  }

  /**
   * A screen came back with its previous credential inside the grace period: the answer carrying the
   * current one never reached it. Replace the current one (if still `lostHash`), leaving the previous
   * one and its grace as they are.
   */
  async replaceLostCredential(id: string, lostHash: string, newHash: string, now: Date): Promise<boolean> {
    const rows = await this.db
      .update(devices)
      .set({ credentialHash: newHash, credentialRotatedAt: now })
      .where(and(eq(devices.id, id), isNull(devices.revokedAt), eq(devices.credentialHash, lostHash)))
      .returning({ id: devices.id });
    return rows.length > 0;
  }

  async touch(id: string, now: Date, address: string | null, everyMs: number): Promise<void> {
    await this.db
      .update(devices)
      .set({ lastSeenAt: now, lastAddress: address })
      .where(
        and(
          eq(devices.id, id),
          or(isNull(devices.lastSeenAt), lte(devices.lastSeenAt, new Date(now.getTime() - everyMs))),
        ),
      );
  }

  async revoke(id: string, by: string, now: Date): Promise<boolean> {
    const rows = await this.db
      .update(devices)
      .set({ revokedAt: now, revokedBy: by })
      .where(and(eq(devices.id, id), isNull(devices.revokedAt)))
      .returning({ id: devices.id });
    return rows.length > 0;
  }

  async get(id: string): Promise<DeviceRow | null> {
    const [row] = await this.db.select().from(devices).where(eq(devices.id, id)).limit(1);
    return row ?? null;
  }

  async list(): Promise<DeviceRow[]> {
    return this.db.select().from(devices).orderBy(desc(devices.enrolledAt)).limit(2_000);
  }

  /** Of `ids`, those revoked (or gone). */
  async revokedAmong(ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const live = new Set(
      (
        await this.db
          .select({ id: devices.id })
          .from(devices)
          .where(and(inArray(devices.id, [...ids]), isNull(devices.revokedAt)))
      ).map((r) => r.id),
    );
    return ids.filter((id) => !live.has(id));
  }
}
