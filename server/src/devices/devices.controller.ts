/**
 * Wall-screen enrolment over REST (SEC-3).
 * - POST /api/devices/pairings (public, rate-limited per address): a screen with no credential gets a
 *   pairing code to show, and a secret cookie that proves it is that screen. Asking again while a code
 *   is still waiting gives the same code.
 * - GET /api/devices/pairings/current (public): the screen checks on its code; once approved, its own
 *   credential arrives as an HttpOnly cookie. Nothing about a ward is ever answered here.
 * - GET /api/devices, POST /api/devices (approve a code), DELETE /api/devices/:deviceId (remove): admins,
 *   and ward staff for screens of their own wards, signed in themselves (never an API token, which
 *   could otherwise mint screens); enrol and remove are audited.
 */
import {
  Body,
  Controller,
  Delete,
  ForbiddenException,
  Get,
  HttpCode,
  HttpException,
  Inject,
  NotFoundException,
  Param,
  Post,
  Res,
} from '@nestjs/common';
import type { DeviceView, DevicesResponse, Identity, PairingStarted, PairingStatus } from '@wardflow/shared';
import type { Response } from 'express';
import { z } from 'zod';
import { Allow, CurrentCaller, CurrentIdentity, Public } from '../core/access.decorators.js';
import { CredentialsService, DEVICE_COOKIE_MS } from '../auth/credentials.service.js';
import type { Caller } from '../core/identity.js';
import type { RateLimits } from '../redis/rate-limits.adapter.js';
import { AuditService } from '../audit/audit.service.js';
import { RATE_LIMITS } from '../core/tokens.js';
import { idSchema, ZodPipe } from '../http/zod.pipe.js';
import { DeviceService, formatCode, PAIRING_TTL_MS } from './device.service.js';

const pairingBody = z.object({ wardId: idSchema.optional() }).strict();
const name = z.string().trim().min(1, 'name the screen, e.g. "Ash Ward nurses\' station"').max(80);
const enrolBody = z.union([
  z.object({ code: z.string().max(16), name, wardId: idSchema }).strict(),
  z.object({ code: z.string().max(16), name, siteId: idSchema }).strict(),
]);

@Controller('devices')
export class DevicesController {
  constructor(
    private readonly devices: DeviceService,
    private readonly credentials: CredentialsService,
    private readonly audit: AuditService,
    @Inject(RATE_LIMITS) private readonly limits: RateLimits,
  ) {}

  @Public()
  @Post('pairings')
  @HttpCode(201)
  async startPairing(
    @CurrentCaller() caller: Caller,
    @Body(new ZodPipe(pairingBody)) body: z.infer<typeof pairingBody>,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PairingStarted> {
    const existing = this.credentials.cookies.read(res.req.headers.cookie, 'pairing');
    const waiting = existing === null ? null : await this.devices.pairingOf(existing);
    if (waiting !== null && waiting.deviceId === null)
      return { code: formatCode(waiting.code), expiresAt: waiting.expiresAt.toISOString() };
    const verdict = await this.limits.consume('pairings', caller.address ?? 'unknown');
    if (!verdict.ok) {
      res.setHeader('Retry-After', String(Math.ceil(verdict.retryAfterMs / 1_000)));
      throw new HttpException('Too many pairing codes asked for from this address: wait a few minutes.', 429);
    }
    const started = await this.devices.startPairing(body.wardId ?? null, caller.address);
    this.credentials.cookies.set(res, 'pairing', started.secret, PAIRING_TTL_MS);
    return { code: formatCode(started.code), expiresAt: started.expiresAt.toISOString() };
  }

  @Public()
  @Get('pairings/current')
  async pairingStatus(@Res({ passthrough: true }) res: Response): Promise<PairingStatus> {
    const secret = this.credentials.cookies.read(res.req.headers.cookie, 'pairing');
    const { status, credential } = await this.devices.pairingStatus(secret);
    if (credential !== undefined) {
      this.credentials.cookies.set(res, 'device', credential, DEVICE_COOKIE_MS);
      this.credentials.cookies.clear(res, 'pairing');
    }
    return status;
  }

  @Allow(['devices.manage', 'devices.enrol'], 'anywhere', { peopleOnly: true })
  @Get()
  list(@CurrentIdentity() identity: Identity): Promise<DevicesResponse> {
    return this.devices.list(identity);
  }

  @Allow(['devices.manage', 'devices.enrol'], 'anywhere', { peopleOnly: true })
  @Post()
  async enrol(
    @CurrentCaller() caller: Caller,
    @CurrentIdentity() identity: Identity,
    @Body(new ZodPipe(enrolBody)) body: z.infer<typeof enrolBody>,
  ): Promise<DeviceView> {
    const outcome = await this.devices.enrol(identity, body);
    if (!outcome.ok) throw new HttpException(outcome.message, outcome.status);
    const device = outcome.device;
    await this.audit.record(caller, 'device.enrol', 'success', {
      capability: 'wardId' in body ? 'devices.enrol' : 'devices.manage',
      wardId: device.binding.kind === 'ward' ? device.binding.wardId : null,
      detail: { deviceId: device.id, name: device.name, binding: device.binding.kind, siteId: device.binding.siteId },
    });
    return device;
  }

  @Allow(['devices.manage', 'devices.enrol'], 'anywhere', { peopleOnly: true })
  @Delete(':deviceId')
  @HttpCode(200)
  async revoke(
    @CurrentCaller() caller: Caller,
    @CurrentIdentity() identity: Identity,
    @Param('deviceId', new ZodPipe(idSchema)) deviceId: string,
  ): Promise<{ revoked: boolean }> {
    const device = await this.devices.get(deviceId);
    if (device === null) throw new NotFoundException(`Unknown screen ${deviceId}`);
    if (!(await this.devices.mayManage(identity, device.binding)))
      throw new ForbiddenException("Your role does not cover this screen's ward or site.");
    const revoked = await this.devices.revoke(deviceId, identity);
    if (revoked) {
      await this.audit.record(caller, 'device.revoke', 'success', {
        capability: 'devices.enrol',
        wardId: device.binding.kind === 'ward' ? device.binding.wardId : null,
        detail: { deviceId, name: device.name },
      });
    }
    return { revoked };
  }
}
