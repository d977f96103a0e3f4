/**
 * Wall screens as enrolled devices (SEC-3). A screen with no credential asks for a pairing code (and
 * holds a secret cookie proving it asked); a person entitled to the ward (an admin, or ward staff for
 * their own ward) types the code in /admin/devices and binds the screen to one ward or to one site's
 * heat map; the screen's next check collects its own long-lived credential. Removing a screen ends its
 * access at once: every socket it holds is closed and its next request says "removed".
 */
import { randomInt, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  grantsAllow,
  type DeviceBinding,
  type DeviceView,
  type DevicesResponse,
  type Identity,
  type PairingStatus,
  type PendingPairingView,
  type Ward,
} from '@wardflow/shared';
import { actorName } from '../core/identity.js';
import { CredentialsService } from '../auth/credentials.service.js';
import { newSecret } from '../auth/credential-secret.js';
import { WardDirectory } from '../auth/ward-directory.service.js';
import { BOARD_EVENTS, CLOCK, type Clock } from '../core/tokens.js';
import type { BoardEvents } from '../core/board-events.port.js';
import { DeviceRepository, type DeviceRow, type PairingRow } from '../store/device.repository.js';

/** No 0/O, 1/I/L: read off a screen across a room and typed in without confusion. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 6;
export const PAIRING_TTL_MS = 15 * 60_000;

export function formatCode(code: string): string {
  return `${code.slice(0, 3)}-${code.slice(3)}`;
}

/** "abc-def", "ABC DEF", "abcdef" -> "ABCDEF"; null for anything that cannot be a code. */
export function normaliseCode(input: string): string | null {
  const code = input.toUpperCase().replace(/[\s-]/g, '');
  return code.length === CODE_LENGTH && [...code].every((c) => CODE_ALPHABET.includes(c)) ? code : null;
}

export type EnrolOutcome = { ok: true; device: DeviceView } | { ok: false; status: 404 | 403 | 400; message: string };

@Injectable()
export class DeviceService {
  constructor(
    private readonly repository: DeviceRepository,
    private readonly credentials: CredentialsService,
    private readonly wards: WardDirectory,
    @Inject(BOARD_EVENTS) private readonly events: BoardEvents,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** A new pairing code for a screen; the secret goes into the screen's cookie. */
  async startPairing(
    wardHint: string | null,
    address: string | null,
  ): Promise<{ code: string; secret: string; expiresAt: Date }> {
    const now = new Date(this.clock());
    const secret = newSecret();
    const expiresAt = new Date(now.getTime() + PAIRING_TTL_MS);
    for (let attempt = 0; ; attempt++) {
      const code = Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
      try {
        await this.repository.createPairing({
          code,
          secretHash: this.credentials.hash(secret),
          wardHint,
          requestedAt: now,
          expiresAt,
          address,
        });
        return { code, secret, expiresAt };
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
  }

  /** The pairing a screen's secret belongs to, while it is waiting or approved. */
  async pairingOf(secret: string): Promise<PairingRow | null> {
    const row = await this.repository.pairingBySecret(this.credentials.hash(secret));
    return row === null || row.expiresAt.getTime() <= this.clock() ? null : row;
  }

  /**
   * What a screen sees when it checks on its code. Once approved, its first credential is issued here,
   * once (the pairing is then gone), and returned for the caller to set as the screen's cookie.
   */
  async pairingStatus(secret: string | null): Promise<{ status: PairingStatus; credential?: string }> {
    if (secret === null) return { status: { state: 'none' } };
    const row = await this.repository.pairingBySecret(this.credentials.hash(secret));
    if (row === null) return { status: { state: 'none' } };
    if (row.deviceId === null) {
      if (row.expiresAt.getTime() <= this.clock()) return { status: { state: 'expired' } };
      return { status: { state: 'waiting', code: formatCode(row.code), expiresAt: row.expiresAt.toISOString() } };
    }
    await this.repository.deletePairing(row.code);
    // Collected by this screen within the code's life, or never: an approved code left lying is no credential.
    if (row.expiresAt.getTime() <= this.clock()) return { status: { state: 'expired' } };
    const credential = await this.credentials.issueFirstDeviceCredential(row.deviceId);
    const device = await this.repository.get(row.deviceId);
    if (credential === null || device === null || device.revokedAt !== null) return { status: { state: 'expired' } };
    return { status: { state: 'approved', device: this.view(device, await this.wards.list()) }, credential };
  }

  /**
   * Whether the identity may bind a screen to this ward or site: admins anywhere; ward staff a ward
   * screen on their own wards. A site's heat-map screen is an admin's: it shows rows ward staff
   * themselves may not see.
   */
  async mayManage(identity: Identity, binding: DeviceBinding): Promise<boolean> {
    if (grantsAllow(identity.grants, 'devices.manage', 'anywhere')) return true;
    if (binding.kind === 'site-heatmap') return false;
    return grantsAllow(identity.grants, 'devices.enrol', { ward: { id: binding.wardId, siteId: binding.siteId } });
  }

  async enrol(
    identity: Identity,
    request: { code: string; name: string } & ({ wardId: string } | { siteId: string }),
  ): Promise<EnrolOutcome> {
    const code = normaliseCode(request.code);
    if (code === null)
      return {
        ok: false,
        status: 400,
        message: `code: expected the ${CODE_LENGTH} letters and digits shown on the screen, such as ABC-D23`,
      };
    let binding: DeviceBinding;
    if ('wardId' in request) {
      const ward = await this.wards.find(request.wardId);
      if (ward === null) return { ok: false, status: 404, message: `Unknown ward ${request.wardId}` };
      binding = { kind: 'ward', wardId: ward.id, siteId: ward.siteId };
    } else {
      if (!(await this.wards.siteExists(request.siteId)))
        return { ok: false, status: 404, message: `Unknown site ${request.siteId}` };
      binding = { kind: 'site-heatmap', siteId: request.siteId };
    }
    if (!(await this.mayManage(identity, binding)))
      return { ok: false, status: 403, message: 'Your role does not cover this ward or site.' };
    const now = new Date(this.clock());
    const id = randomUUID();
    const approved = await this.repository.approvePairing(
      code,
      { id, name: request.name, binding, credentialRotatedAt: now, enrolledAt: now, enrolledBy: actorName(identity) },
      now,
    );
    if (!approved)
      return {
        ok: false,
        status: 404,
        message:
          'No screen is waiting with this code: it may have expired (codes last 15 minutes) or been used. Reload the screen for a new one.',
      };
    const device = await this.repository.get(id);
    if (device === null) return { ok: false, status: 404, message: 'The screen could not be found after enrolment' };
    return { ok: true, device: this.view(device, await this.wards.list()) };
  }

  async get(id: string): Promise<DeviceRow | null> {
    return this.repository.get(id);
  }

  /** Removes a screen and closes its sockets everywhere; false when it was already removed. */
  async revoke(id: string, by: Identity): Promise<boolean> {
    const revoked = await this.repository.revoke(id, actorName(by), new Date(this.clock()));
    if (revoked) await this.events.publishAccessEnded({ kind: 'device', id, reason: 'device-revoked' });
    return revoked;
  }

  /** Screens and waiting codes the identity may manage. */
  async list(identity: Identity): Promise<DevicesResponse> {
    const now = new Date(this.clock());
    const wards = await this.wards.list();
    const [pending, rows] = await Promise.all([this.repository.pendingPairings(now), this.repository.list()]);
    const visible: DeviceView[] = [];
    for (const row of rows) if (await this.mayManage(identity, row.binding)) visible.push(this.view(row, wards));
    const hinted = (p: PairingRow) => {
      const ward = wards.find((w) => w.id === p.wardHint);
      return (
        ward === undefined ||
        grantsAllow(identity.grants, 'devices.manage', 'anywhere') ||
        grantsAllow(identity.grants, 'devices.enrol', { ward })
      );
    };
    return { pending: pending.filter(hinted).map((p) => pendingView(p, wards)), devices: visible };
  }

  view(row: DeviceRow, wards: readonly Ward[]): DeviceView {
    const binding = row.binding;
    const ward = binding.kind === 'ward' ? wards.find((w) => w.id === binding.wardId) : undefined;
    const site = wards.find((w) => w.siteId === binding.siteId);
    return {
      id: row.id,
      name: row.name,
      binding,
      bindingLabel:
        binding.kind === 'ward' ? (ward?.name ?? binding.wardId) : `${site?.siteName ?? binding.siteId} heat map`,
      enrolledAt: row.enrolledAt.toISOString(),
      enrolledBy: row.enrolledBy,
      lastSeenAt: row.lastSeenAt?.toISOString() ?? null,
      lastAddress: row.lastAddress,
      credentialRotatedAt: row.credentialRotatedAt.toISOString(),
      revokedAt: row.revokedAt?.toISOString() ?? null,
      revokedBy: row.revokedBy,
    };
  }
}

function pendingView(p: PairingRow, wards: readonly Ward[]): PendingPairingView {
  return {
    wardHint: wards.some((w) => w.id === p.wardHint) ? p.wardHint : null,
    requestedAt: p.requestedAt.toISOString(),
    expiresAt: p.expiresAt.toISOString(),
    address: p.address,
  };
}
