/**
 * Turns what a request or a socket handshake carries into a caller (SEC-2, SEC-3, SEC-5), in this
 * order: an API token in `Authorization: Bearer` (only that, when given), else a session cookie, else a
 * wall screen's device cookie. A credential that no longer works is reported with why, so the screen
 * can say "signed out after 30 minutes without use" or "this screen has been removed".
 *
 * Use is recorded at most once a minute per credential. A session's idle timer is reset only by what
 * a person did: requests marked `x-wardflow-background` (a page reloading itself) and socket traffic
 * leave it alone, so a page left open still signs out. A screen's credential is replaced after a day
 * on its next HTTP request (the old one keeps working for five minutes, for requests already in flight;
 * a screen that comes back with the old one in that time never got the new one, and is given another).
 */
import { Inject, Injectable } from '@nestjs/common';
import type { AccessEndedReason, DeviceBinding, Grant, Identity } from '@wardflow/shared';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { CLOCK, type Clock } from '../core/tokens.js';
import { DeviceRepository, type DeviceRow } from '../store/device.repository.js';
import { SessionRepository, type SessionRow } from '../store/session.repository.js';
import { TokenRepository, type TokenRow } from '../store/token.repository.js';
import { Cookies } from './cookies.js';
import { credentialHash, newSecret } from './credential-secret.js';
import type { Caller } from '../core/identity.js';

export const TOKEN_PREFIX = 'wft_';
const TOUCH_EVERY_MS = 60_000;
const SESSION_TOUCH_EVERY_MS = 30_000;
export const DEVICE_ROTATE_AFTER_MS = 24 * 3_600_000;
const DEVICE_PREVIOUS_GRACE_MS = 5 * 60_000;
/**
 * Only a token that can do nothing but read readiness and metrics (the monitoring role) is remembered:
 * the outage is what it must be able to report, and nothing else can be done with it.
 */
function monitoringOnly(token: TokenRow): boolean {
  const grants = token.grants as ReadonlyArray<{ role: string }>;
  return grants.length > 0 && grants.every((grant) => grant.role === 'monitoring');
}

/**
 * How long a monitoring API token this process verified stays usable while the database cannot be asked. The
 * trust's monitoring reads readiness with a token: without this, readiness answered 500 for the whole
 * of a database outage instead of 503 naming the database (found by the chaos suite, test/chaos).
 * What it risks is small: no token can be revoked while the database is away (revoking is a write); a
 * token revoked elsewhere in the few minutes before the outage, and not looked up here since, would
 * still be taken here, but with the database away nearly every route fails anyway (all data is there).
 */
export const TOKEN_OUTAGE_GRACE_MS = 5 * 60_000;
/** Browsers keep a cookie at most 400 days; a screen's is renewed with every rotation. */
export const DEVICE_COOKIE_MS = 400 * 24 * 3_600_000;

const SESSION_END_REASONS: readonly AccessEndedReason[] = [
  'signed-out',
  'session-revoked',
  'session-idle',
  'session-expired',
];

export interface CredentialInput {
  cookie: string | undefined;
  authorization: string | undefined;
  address: string | null;
  /** 'interactive': a person's request; 'background': a page refreshing itself; 'socket': a handshake. */
  activity: 'interactive' | 'background' | 'socket';
}

export interface Resolved {
  caller: Caller;
  /** A screen's new credential, to be set as its cookie on this response. */
  rotatedDeviceCredential?: string;
}

export function deviceGrants(binding: DeviceBinding): Grant[] {
  return binding.kind === 'ward'
    ? [{ role: 'ward-screen', wards: [binding.wardId], sites: [] }]
    : [{ role: 'heatmap-screen', wards: [], sites: [binding.siteId] }];
}

@Injectable()
export class CredentialsService {
  readonly cookies: Cookies;
  /** When this process last recorded each credential's use: most requests then cost no write at all. */
  private readonly touched = new Map<string, number>();
  /** Tokens this process verified and when, by hash: used only while the database cannot answer. */
  private readonly verifiedTokens = new Map<string, { token: TokenRow; at: number }>();

  constructor(
    private readonly sessions: SessionRepository,
    private readonly devices: DeviceRepository,
    private readonly tokens: TokenRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.cookies = new Cookies(config.auth.secureCookies);
  }

  hash(secret: string): string {
    return credentialHash(this.config.auth.secret, secret);
  }

  /** The token as stored; while the database cannot answer, as this process last verified it (if lately). */
  private async tokenByHash(tokenHash: string, now: Date): Promise<TokenRow | null> {
    try {
      const token = await this.tokens.byHash(tokenHash);
      if (token === null || token.revokedAt !== null || !monitoringOnly(token)) this.verifiedTokens.delete(tokenHash);
      else this.verifiedTokens.set(tokenHash, { token, at: now.getTime() });
      return token;
    } catch (error) {
      const verified = this.verifiedTokens.get(tokenHash);
      if (verified === undefined || now.getTime() - verified.at > TOKEN_OUTAGE_GRACE_MS) throw error;
      return verified.token;
    }
  }

  async resolve(input: CredentialInput): Promise<Resolved> {
    const now = new Date(this.clock());
    const anonymous = (ended: AccessEndedReason | null): Resolved => ({
      caller: { identity: null, ended, address: input.address },
    });
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(input.authorization ?? '')?.[1];
    if (input.authorization !== undefined) {
      if (bearer === undefined) return anonymous(null);
      const token = await this.tokenByHash(this.hash(bearer), now);
      if (token === null) return anonymous(null);
      if (token.revokedAt !== null) return anonymous('token-revoked');
      if (token.expiresAt <= now) return anonymous('token-expired');
      if (this.due(`token:${token.id}`, now, TOUCH_EVERY_MS))
        void this.tokens.touch(token.id, now, TOUCH_EVERY_MS).catch(() => undefined);
      return {
        caller: {
          identity: { kind: 'token', id: token.id, name: token.name, grants: token.grants },
          ended: null,
          address: input.address,
        },
      };
    }

    let ended: AccessEndedReason | null = null;
    const sessionToken = this.cookies.read(input.cookie, 'session');
    if (sessionToken !== null) {
      const row = await this.sessions.findByTokenHash(this.hash(sessionToken));
      const why = row === null ? null : this.sessionProblem(row, now);
      if (row !== null && why === null) {
        if (input.activity === 'interactive' && this.due(`user:${row.id}`, now, SESSION_TOUCH_EVERY_MS))
          void this.sessions.touch(row.id, now, SESSION_TOUCH_EVERY_MS).catch(() => undefined);
        return { caller: { identity: this.sessionIdentity(row), ended: null, address: input.address } };
      }
      if (row !== null && why !== null && row.endedAt === null) {
        void this.sessions.end(row.id, why, null, now).catch(() => undefined);
      }
      ended = why;
    }

    const deviceSecret = this.cookies.read(input.cookie, 'device');
    if (deviceSecret !== null) {
      const found = await this.devices.byCredential(this.hash(deviceSecret), now);
      if (found !== null && found.device.revokedAt === null) {
        if (this.due(`device:${found.device.id}`, now, TOUCH_EVERY_MS))
          void this.devices.touch(found.device.id, now, input.address, TOUCH_EVERY_MS).catch(() => undefined);
        const rotated =
          input.activity === 'socket'
            ? undefined
            : found.current
              ? await this.rotateIfDue(found.device, now)
              : await this.reissueLost(found.device, now);
        return {
          caller: { identity: deviceIdentity(found.device), ended: null, address: input.address },
          ...(rotated === undefined ? {} : { rotatedDeviceCredential: rotated }),
        };
      }
      if (found !== null) ended ??= 'device-revoked';
    }
    return anonymous(ended);
  }

  /** Whether a use of `key` should be recorded now (and note that it is). */
  private due(key: string, now: Date, everyMs: number): boolean {
    const last = this.touched.get(key);
    if (last !== undefined && now.getTime() - last < everyMs) return false;
    this.touched.set(key, now.getTime());
    if (this.touched.size > 50_000) this.touched.clear();
    return true;
  }

  /** Why a session no longer works, or null while it does. */
  sessionProblem(row: SessionRow, now: Date): AccessEndedReason | null {
    if (row.endedAt !== null) return SESSION_END_REASONS.find((r) => r === row.endReason) ?? 'session-revoked';
    if (row.expiresAt <= now) return 'session-expired';
    if (row.lastSeenAt.getTime() <= now.getTime() - this.config.auth.sessionIdleMs) return 'session-idle';
    return null;
  }

  sessionIdentity(row: SessionRow): Identity {
    return {
      kind: 'user',
      id: row.id,
      name: row.userName,
      subject: row.subject,
      grants: row.grants,
      expiresAt: row.expiresAt.toISOString(),
      idleTimeoutMs: this.config.auth.sessionIdleMs,
    };
  }

  /** Issues a screen's first credential (collected after its pairing was approved). */
  async issueFirstDeviceCredential(deviceId: string): Promise<string | null> {
    const secret = newSecret();
    const ok = await this.devices.replaceCredential(deviceId, null, this.hash(secret), null, new Date(this.clock()));
    return ok ? secret : null;
  }

  /** The screen still holds the previous credential: the new one was lost in transit, so give it another. */
  private async reissueLost(device: DeviceRow, now: Date): Promise<string | undefined> {
    if (device.credentialHash === null) return undefined;
    const secret = newSecret();
    return (await this.devices.replaceLostCredential(device.id, device.credentialHash, this.hash(secret), now))
      ? secret
      : undefined;
  }

  private async rotateIfDue(device: DeviceRow, now: Date): Promise<string | undefined> {
    if (now.getTime() - device.credentialRotatedAt.getTime() < DEVICE_ROTATE_AFTER_MS || device.credentialHash === null)
      return undefined;
    const secret = newSecret();
    const ok = await this.devices.replaceCredential(
      device.id,
      device.credentialHash,
      this.hash(secret),
      new Date(now.getTime() + DEVICE_PREVIOUS_GRACE_MS),
      now,
    );
    return ok ? secret : undefined;
  }
}

export function deviceIdentity(device: DeviceRow): Identity {
  return {
    kind: 'device',
    id: device.id,
    name: device.name,
    grants: deviceGrants(device.binding),
    device: device.binding,
  };
}
