/**
 * A Nest application for integration tests of guarded routes: the given controllers and providers
 * with the real access core (AccessGuard as the global guard, credentials, sessions, audit) and the
 * real HTTP protections (headers, Origin allow-list, caller resolution), on the given database and
 * Redis. `sessionFor` starts a real server-side session for some grants and returns its cookie, so a
 * test can act as any role without going through an identity provider (the end-to-end tests do that).
 */
import type { INestApplication, Provider, Type } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import type { Grant } from '@wardflow/shared';
import type { Redis } from 'ioredis';
import { AuditService } from '../audit/audit.service.js';
import { AccessGuard } from '../auth/access.guard.js';
import { CredentialsService } from '../auth/credentials.service.js';
import { RateLimits } from '../redis/rate-limits.adapter.js';
import { SessionService } from '../auth/session.service.js';
import { WardDirectory } from '../auth/ward-directory.service.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { BOARD_EVENTS, CLOCK, DATABASE, RATE_LIMITS, REDIS, type Clock } from '../core/tokens.js';
import { applyHttpSecurity } from '../auth/http-security.js';
import type { BoardEvents } from '../core/board-events.port.js';
import { AuditRepository } from '../store/audit.repository.js';
import { BoardRepository } from '../store/board.repository.js';
import type { DatabaseHandle } from '../store/database.adapter.js';
import { DeviceRepository } from '../store/device.repository.js';
import { SessionRepository } from '../store/session.repository.js';
import { TokenRepository } from '../store/token.repository.js';

export interface AccessTestApp {
  app: INestApplication;
  /** The Origin browsers of this app send (PUBLIC_URL's). */
  origin: string;
  sessionFor(grants: Grant[], name?: string): Promise<{ cookie: string; sessionId: string }>;
  close(): Promise<void>;
}

export async function startAccessTestApp(options: {
  database: DatabaseHandle;
  redis: Redis;
  events: BoardEvents;
  config: AppConfig;
  prefix: string;
  clock?: Clock;
  controllers: Type[];
  providers?: Provider[];
}): Promise<AccessTestApp> {
  const db = options.database.db;
  const moduleRef = await Test.createTestingModule({
    controllers: options.controllers,
    providers: [
      { provide: APP_CONFIG, useValue: options.config },
      { provide: DATABASE, useValue: options.database },
      { provide: REDIS, useValue: options.redis },
      { provide: BOARD_EVENTS, useValue: options.events },
      { provide: CLOCK, useValue: options.clock ?? Date.now },
      { provide: RATE_LIMITS, useValue: new RateLimits(options.redis, options.prefix) },
      { provide: APP_GUARD, useClass: AccessGuard },
      { provide: BoardRepository, useValue: new BoardRepository(db) },
      { provide: SessionRepository, useValue: new SessionRepository(db) },
      { provide: DeviceRepository, useValue: new DeviceRepository(db) },
      { provide: TokenRepository, useValue: new TokenRepository(db) },
      { provide: AuditRepository, useValue: new AuditRepository(db) },
      AccessGuard,
      CredentialsService,
      WardDirectory,
      AuditService,
      SessionService,
      ...(options.providers ?? []),
    ],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false, bodyParser: false });
  applyHttpSecurity(app, {
    publicOrigin: options.config.publicOrigin,
    https: false,
    credentials: app.get(CredentialsService),
  });
  (app as unknown as { useBodyParser(type: string, options: object): void }).useBodyParser('json', { limit: '16kb' });
  app.setGlobalPrefix('api');
  await app.init();
  const sessions = app.get(SessionService);
  const cookieName = app.get(CredentialsService).cookies.name('session');
  return {
    app,
    origin: options.config.publicOrigin,
    async sessionFor(grants, name = 'Test Person') {
      const started = await sessions.start(
        { issuer: 'https://idp.test', subject: `sub-${name}`, name, grants },
        { address: '127.0.0.1', userAgent: 'jest' },
      );
      return { cookie: `${cookieName}=${started.token}`, sessionId: started.row.id };
    },
    close: () => app.close(),
  };
}
