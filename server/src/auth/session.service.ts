/**
 * Sessions of signed-in people (SEC-2), kept in PostgreSQL: started after a verified sign-in, ended by
 * sign-out, by an admin, or by their idle and absolute timeouts. Ending one tells every API process
 * (Redis pub/sub), which closes the sockets opened with it at once; the access sweeper catches any
 * announcement lost on the way, and expiry, within seconds.
 */
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Grant, SessionView } from '@wardflow/shared';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { BOARD_EVENTS, CLOCK, type Clock } from '../core/tokens.js';
import type { BoardEvents } from '../core/board-events.port.js';
import { SessionRepository, type SessionRow } from '../store/session.repository.js';
import { newSecret } from './credential-secret.js';
import { CredentialsService } from './credentials.service.js';

export interface StartedSession {
  token: string;
  row: SessionRow;
}

@Injectable()
export class SessionService {
  constructor(
    private readonly repository: SessionRepository,
    private readonly credentials: CredentialsService,
    @Inject(BOARD_EVENTS) private readonly events: BoardEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async start(
    person: { issuer: string; subject: string; name: string; grants: Grant[] },
    client: { address: string | null; userAgent: string | null },
  ): Promise<StartedSession> {
    const now = new Date(this.clock());
    const token = newSecret();
    const row = {
      id: randomUUID(),
      tokenHash: this.credentials.hash(token),
      issuer: person.issuer,
      subject: person.subject,
      userName: person.name,
      grants: person.grants,
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.config.auth.sessionAbsoluteMs),
      address: client.address,
      userAgent: client.userAgent?.slice(0, 300) ?? null,
    };
    await this.repository.create(row);
    return { token, row: { ...row, lastSeenAt: now, endedAt: null, endReason: null, endedBy: null } };
  }

  /** Ends a session and closes its sockets everywhere; false when it had already ended. */
  async end(id: string, reason: 'signed-out' | 'session-revoked', by: string | null): Promise<boolean> {
    const ended = await this.repository.end(id, reason, by, new Date(this.clock()));
    if (ended) await this.events.publishAccessEnded({ kind: 'user', id, reason });
    return ended;
  }

  async get(id: string): Promise<SessionRow | null> {
    return this.repository.get(id);
  }

  async listUsable(currentId: string | null): Promise<SessionView[]> {
    const rows = await this.repository.listUsable(new Date(this.clock()), this.config.auth.sessionIdleMs);
    return rows.map((r) => ({
      id: r.id,
      userName: r.userName,
      subject: r.subject,
      roles: [...new Set(r.grants.map((g) => g.role))],
      createdAt: r.createdAt.toISOString(),
      lastSeenAt: r.lastSeenAt.toISOString(),
      expiresAt: r.expiresAt.toISOString(),
      address: r.address,
      userAgent: r.userAgent,
      current: r.id === currentId,
    }));
  }
}
