/**
 * API tokens for integrations (SEC-5): monitoring, BI and scripts. An admin creates one with roles,
 * a ward or site scope and an expiry (at most a year); the secret is shown once and kept only as a
 * keyed hash. Revoking one closes its sockets everywhere at once.
 *
 * `npm run demo` may pass DEMO_API_TOKEN: that token is (re)created at start with every role over the
 * whole trust and a day's expiry, so scripts and smoke tests reach every view of a demo. Configuration
 * refuses it outside the demo.
 */
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  ROLES,
  type Grant,
  type Identity,
  type Role,
  type ScopeList,
  type TokenCreateRequest,
  type TokenCreated,
  type TokenView,
} from '@wardflow/shared';
import { actorName } from '../core/identity.js';
import { CredentialsService, TOKEN_PREFIX } from '../auth/credentials.service.js';
import { newSecret } from '../auth/credential-secret.js';
import { BOARD_EVENTS, CLOCK, type Clock } from '../core/tokens.js';
import type { BoardEvents } from '../core/board-events.port.js';
import { TokenRepository, type TokenRow } from '../store/token.repository.js';

const DAY_MS = 86_400_000;

@Injectable()
export class TokenService {
  constructor(
    private readonly repository: TokenRepository,
    private readonly credentials: CredentialsService,
    @Inject(BOARD_EVENTS) private readonly events: BoardEvents,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async create(by: Identity, request: TokenCreateRequest): Promise<TokenCreated> {
    const secret = `${TOKEN_PREFIX}${newSecret()}`;
    const now = new Date(this.clock());
    const row = {
      id: randomUUID(),
      name: request.name,
      tokenHash: this.credentials.hash(secret),
      prefix: secret.slice(0, TOKEN_PREFIX.length + 6),
      grants: grantsOf(request.roles, request.wards, request.sites),
      createdAt: now,
      createdBy: actorName(by),
      expiresAt: new Date(now.getTime() + request.expiresInDays * DAY_MS),
    };
    await this.repository.create(row);
    return { token: view({ ...row, lastUsedAt: null, revokedAt: null, revokedBy: null }), secret };
  }

  /** The demo's token from DEMO_API_TOKEN: every role, whole trust, a day from now. */
  async ensureDemoToken(secret: string): Promise<void> {
    const now = new Date(this.clock());
    await this.repository.upsertByHash({
      id: randomUUID(),
      name: 'Demo token (DEMO_API_TOKEN)',
      tokenHash: this.credentials.hash(secret),
      prefix: secret.slice(0, 6),
      grants: grantsOf([...ROLES], '*', '*'),
      createdAt: now,
      createdBy: 'npm run demo',
      expiresAt: new Date(now.getTime() + DAY_MS),
    });
  }

  async list(): Promise<TokenView[]> {
    return (await this.repository.list()).map(view);
  }

  async get(id: string): Promise<TokenView | null> {
    const row = await this.repository.get(id);
    return row === null ? null : view(row);
  }

  async revoke(id: string, by: Identity): Promise<boolean> {
    const revoked = await this.repository.revoke(id, actorName(by), new Date(this.clock()));
    if (revoked) await this.events.publishAccessEnded({ kind: 'token', id, reason: 'token-revoked' });
    return revoked;
  }
}

function grantsOf(roles: readonly Role[], wards: ScopeList, sites: ScopeList): Grant[] {
  return [...new Set(roles)].map((role) => ({ role, wards, sites }));
}

function view(row: TokenRow): TokenView {
  const first = row.grants[0];
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    roles: row.grants.map((g) => g.role).filter((r): r is Role => (ROLES as readonly string[]).includes(r)),
    wards: first?.wards ?? [],
    sites: first?.sites ?? [],
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    expiresAt: row.expiresAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}
