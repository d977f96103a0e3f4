/**
 * Secure by default (SEC-2): every route handler of every controller the application mounts, and
 * every socket event handler, declares who may call it; the AccessGuard refuses one that does not,
 * and lets a public one through without a credential. The end-to-end access table then checks each
 * declared policy against real callers.
 */
import 'reflect-metadata';
import { Controller, Get, type Type } from '@nestjs/common';
import { CLIENT_EVENT_NAMES } from '@wardflow/shared';
import type { Redis } from 'ioredis';
import request from 'supertest';
import { AppModule, controllersOf, type AppAdapters } from '../app.module.js';
import { createRedis } from '../redis/redis.adapter.js';
import type { BoardEvents } from '../core/board-events.port.js';
import { RedisBoardEvents } from '../redis/board-events.adapter.js';
import { WardGateway } from '../realtime/ward.gateway.js';
import { openDatabase, type DatabaseHandle } from '../store/database.adapter.js';
import { startAccessTestApp, type AccessTestApp } from '../testing/access-test-app.js';
import { testConfig } from '../testing/test-config.js';
import { createTempDir } from '../testing/test-databases.js';
import { TEST_REDIS_URL, uniquePrefix } from '../testing/test-redis.js';
import { ACCESS_POLICY, Allow, Public, type AccessPolicy } from '../core/access.decorators.js';

function handlers(type: Type, marker: string): Array<{ name: string; fn: object }> {
  return Object.getOwnPropertyNames(type.prototype)
    .filter((name) => name !== 'constructor')
    .map((name) => ({ name, fn: (type.prototype as Record<string, object>)[name] as object }))
    .filter(({ fn }) => typeof fn === 'function' && Reflect.getMetadata(marker, fn) !== undefined);
}

describe('every route and event declares an access policy', () => {
  const controllers = controllersOf(
    AppModule.forRoot({ config: testConfig(), identity: {}, fhirReader: null } as unknown as AppAdapters),
  );

  it('should mount the controllers of every feature in the api role', () => {
    expect(controllers.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        'WardsController',
        'SignInController',
        'DevicesController',
        'AuditController',
        'PatientDetailController',
      ]),
    );
  });

  it.each(controllers.map((c) => [c.name, c] as const))(
    '%s: every route has @Public or @Allow',
    (_name, controller) => {
      const routes = handlers(controller, 'method');
      expect(routes.length).toBeGreaterThan(0);
      const missing = routes.filter(
        ({ fn }) =>
          Reflect.getMetadata(ACCESS_POLICY, fn) === undefined &&
          Reflect.getMetadata(ACCESS_POLICY, controller) === undefined,
      );
      expect(missing.map((r) => r.name)).toEqual([]);
    },
  );

  it('should give every socket event a policy, and handle exactly the events of the shared contract', () => {
    const events = handlers(WardGateway, 'websockets:message_mapping');
    expect(new Set(events.map(({ fn }) => Reflect.getMetadata('message', fn) as string))).toEqual(
      new Set(CLIENT_EVENT_NAMES),
    );
    for (const { name, fn } of events) {
      const policy = Reflect.getMetadata(ACCESS_POLICY, fn) as AccessPolicy | undefined;
      expect([name, policy?.public]).toEqual([name, false]);
    }
  });
});

@Controller('probe')
class ProbeController {
  @Get('forgotten')
  forgotten(): string {
    return 'should never be answered';
  }

  @Public()
  @Get('public')
  open(): string {
    return 'public';
  }

  @Allow('audit.view')
  @Get('audit-only')
  auditOnly(): string {
    return 'audit';
  }
}

describe('the AccessGuard on a live application', () => {
  const dir = createTempDir();
  let database: DatabaseHandle;
  let redis: Redis;
  let events: BoardEvents;
  let access: AccessTestApp;

  beforeAll(async () => {
    database = await openDatabase({ databaseUrl: null, dataDir: dir.path });
    redis = createRedis(TEST_REDIS_URL);
    const prefix = uniquePrefix();
    events = new RedisBoardEvents(createRedis(TEST_REDIS_URL), createRedis(TEST_REDIS_URL), prefix);
    access = await startAccessTestApp({
      database,
      redis,
      events,
      config: testConfig(),
      prefix,
      controllers: [ProbeController],
    });
  });

  afterAll(async () => {
    await access?.close();
    await events?.close();
    redis?.disconnect();
    await database?.close();
    dir.remove();
  });

  it('should refuse a route that declares no policy, even to a signed-in admin', async () => {
    const admin = await access.sessionFor([{ role: 'admin', wards: '*', sites: '*' }]);
    await request(access.app.getHttpServer()).get('/api/probe/forgotten').expect(403);
    const refused = await request(access.app.getHttpServer())
      .get('/api/probe/forgotten')
      .set('Cookie', admin.cookie)
      .expect(403);
    expect(refused.body.message).toBe('This endpoint declares no access policy and is refused.');
  });

  it('should answer a public route without a credential, and a guarded one only to its role', async () => {
    await request(access.app.getHttpServer()).get('/api/probe/public').expect(200, 'public');
    await request(access.app.getHttpServer()).get('/api/probe/audit-only').expect(401);
    const lead = await access.sessionFor([{ role: 'inpatient-lead', wards: '*', sites: [] }]);
    await request(access.app.getHttpServer()).get('/api/probe/audit-only').set('Cookie', lead.cookie).expect(403);
    const officer = await access.sessionFor([{ role: 'safety-officer', wards: [], sites: [] }]);
    await request(access.app.getHttpServer())
      .get('/api/probe/audit-only')
      .set('Cookie', officer.cookie)
      .expect(200, 'audit');
  });
});
