/**
 * Ends socket access the moment a credential stops working (SEC-2, SEC-3): on the Redis announcement
 * of a sign-out or a revoke, every API process closes the sockets that connected with it, telling
 * them why first. Every few seconds it also asks the database about the credentials of its own
 * sockets (one query per kind), which catches an announcement lost to a Redis blip, sessions that
 * reached their idle or absolute timeout, and tokens that expired.
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { AccessEndedReason } from '@wardflow/shared';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { BOARD_EVENTS, CLOCK, type Clock } from '../core/tokens.js';
import { DeviceRepository } from '../store/device.repository.js';
import { SessionRepository } from '../store/session.repository.js';
import { TokenRepository } from '../store/token.repository.js';
import type { BoardEvents } from '../core/board-events.port.js';
import { WardGateway } from './ward.gateway.js';

export const SWEEP_EVERY_MS = 3_000;

@Injectable()
export class AccessSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(AccessSweeper.name);
  private timer: NodeJS.Timeout | undefined;
  private sweeping = false;

  constructor(
    private readonly gateway: WardGateway,
    private readonly sessions: SessionRepository,
    private readonly devices: DeviceRepository,
    private readonly tokens: TokenRepository,
    @Inject(BOARD_EVENTS) private readonly events: BoardEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.events.subscribeAccessEnded(({ kind, id, reason }) => {
      const sockets = this.gateway.connectedCredentials().filter((c) => c.ref.kind === kind && c.ref.id === id);
      if (sockets.length > 0)
        this.gateway.endAccess(
          sockets.map((s) => s.socketId),
          reason,
        );
    });
    this.timer = setInterval(() => void this.sweep(), SWEEP_EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** One pass over this process's sockets; returns how many were closed. */
  async sweep(): Promise<number> {
    if (this.sweeping) return 0;
    this.sweeping = true;
    try {
      const now = this.clock();
      const connected = this.gateway.connectedCredentials();
      if (connected.length === 0) return 0;
      const ids = (kind: string) => [...new Set(connected.filter((c) => c.ref.kind === kind).map((c) => c.ref.id))];
      const [sessions, devices, tokens] = await Promise.all([
        this.sessions.unusableAmong(ids('user'), new Date(now), this.config.auth.sessionIdleMs),
        this.devices.revokedAmong(ids('device')),
        this.tokens.unusableAmong(ids('token'), new Date(now)),
      ]);
      const ended = new Map<string, AccessEndedReason>([
        ...[...sessions].map(([id, reason]): [string, AccessEndedReason] => [`user:${id}`, reason]),
        ...devices.map((id): [string, AccessEndedReason] => [`device:${id}`, 'device-revoked']),
        ...[...tokens].map(([id, reason]): [string, AccessEndedReason] => [`token:${id}`, reason]),
      ]);
      let closed = 0;
      for (const c of connected) {
        const reason =
          ended.get(`${c.ref.kind}:${c.ref.id}`) ??
          (c.expiresAt !== null && c.expiresAt <= now ? 'session-expired' : undefined);
        if (reason !== undefined) closed += this.gateway.endAccess([c.socketId], reason);
      }
      return closed;
    } catch (error) {
      this.logger.warn(`Access sweep failed (the next one retries): ${(error as Error).message}`);
      return 0;
    } finally {
      this.sweeping = false;
    }
  }
}
