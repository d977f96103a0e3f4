/**
 * Escalation after score on real PostgreSQL and Redis (through the ingest harness): a poll, its score
 * and the evaluation raise one escalation per crossing and announce it; evaluating again (a retried
 * job) raises nothing; two evaluations racing raise one row (the partial unique index) and announce it
 * once; a condition that clears resolves; a raised escalation is emailed once to the site manager.
 * Then over HTTP: sign-in, a tampered cookie refused, and acknowledgement recording the user.
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { EscalationChangedMessage, EscalationView, Ward } from '@wardflow/shared';
import { and, eq, isNull, sql } from 'drizzle-orm';
import request from 'supertest';
import { hashPassword } from '../auth/password-hash.js';
import { SessionController } from '../auth/session.controller.js';
import { SessionService } from '../auth/session.service.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { BOARD_EVENTS, CLOCK, MAILER } from '../core/tokens.js';
import type { Mailer, OutgoingEmail } from '../mail/mailer.adapter.js';
import { ScoringService } from '../scoring/scoring.service.js';
import { BoardRepository } from '../store/board.repository.js';
import { EscalationRepository } from '../store/escalation.repository.js';
import { escalations } from '../store/schema.js';
import { ScoreRepository } from '../store/score.repository.js';
import { createTempDir } from '../testing/test-databases.js';
import { startIngestHarness, type IngestHarness } from '../testing/ingest-harness.js';
import { EscalationNotifier } from './escalation-notifier.service.js';
import { EscalationService } from './escalation.service.js';
import { EscalationsController } from './escalations.controller.js';

const PASSWORD = 'correct horse battery';

class RecordingMailer implements Mailer {
  readonly sent: OutgoingEmail[] = [];
  async send(email: OutgoingEmail) {
    this.sent.push(email);
    return { messageId: email.messageId ?? `<${this.sent.length}@test>`, via: 'outbox' as const };
  }
}

describe('escalation after score', () => {
  const dir = createTempDir();
  let harness: IngestHarness;
  let repo: EscalationRepository;
  let scoring: ScoringService;
  let mailer: RecordingMailer;
  const announced: EscalationChangedMessage[] = [];

  const serviceWith = (config: AppConfig) =>
    new EscalationService(harness.boards, new ScoreRepository(harness.database.db), repo, new EscalationNotifier(repo, config, Date.now, mailer), harness.events, Date.now, config);

  beforeAll(async () => {
    const path = join(dir.path, 'wards.json');
    writeFileSync(
      path,
      JSON.stringify({
        escalation: { rules: [{ id: 'occupancy-high', threshold: 1, label: 'Occupancy above 1%' }], notify: [] },
        users: [{ username: 'amy', name: 'Amy Bed Manager', role: 'manager', passwordHash: await hashPassword(PASSWORD) }],
      }),
    );
    harness = await startIngestHarness({ seed: 6, postgres: true, env: { WARDS_CONFIG: path, SESSION_SECRET: 'x'.repeat(40) } });
    repo = new EscalationRepository(harness.database.db);
    scoring = new ScoringService(harness.boards, new ScoreRepository(harness.database.db), harness.events, harness.config);
    mailer = new RecordingMailer();
    await harness.events.subscribeEscalations((m) => announced.push(m));
  }, 120_000);

  afterAll(async () => {
    await (harness as IngestHarness | undefined)?.close();
    dir.remove();
  });

  const openRows = (wardId: string) =>
    harness.database.db
      .select({ ruleId: escalations.ruleId, subject: escalations.subject, n: sql<number>`count(*)::int` })
      .from(escalations)
      .where(and(eq(escalations.wardId, wardId), isNull(escalations.resolvedAt)))
      .groupBy(escalations.ruleId, escalations.subject);
  const waitFor = async (test: () => boolean) => {
    for (let i = 0; i < 100 && !test(); i++) await new Promise((r) => setTimeout(r, 20));
    return test();
  };

  it('should raise one escalation per crossing after a score, announce it, and raise nothing when evaluated again', async () => {
    const ward = harness.wards[0] as Ward;
    const service = serviceWith(harness.config);
    expect((await harness.ingest.pollWard(ward)).ok).toBe(true);
    expect((await scoring.scoreWard(ward.id)).scored).toBe(true);
    const first = await service.evaluateWard(ward.id);
    expect(first.evaluated).toBe(true);
    if (!first.evaluated) return;
    const occupancy = (await service.list('open', ward.id)).find((e) => e.rule === 'occupancy-high') as EscalationView;
    expect(occupancy).toMatchObject({ wardId: ward.id, wardName: ward.name, siteId: ward.siteId, ruleLabel: 'Occupancy above 1%', kind: 'occupancy', subject: '' });
    expect(occupancy.detail).toMatch(/^Occupancy \d+% \(\d+ of \d+ open beds; above 1%\)$/);
    expect(first.raised).toContain(occupancy.id);
    expect(await waitFor(() => announced.some((m) => m.escalationId === occupancy.id && m.change === 'raised'))).toBe(true);

    // The same score job again (a retry) and a later snapshot: still one open row per rule and subject.
    const again = await service.evaluateWard(ward.id);
    expect(again).toMatchObject({ evaluated: true, raised: [], resolved: [] });
    await harness.simulator.evolve();
    await harness.ingest.pollWard(ward);
    await scoring.scoreWard(ward.id);
    await service.evaluateWard(ward.id);
    for (const row of await openRows(ward.id)) expect(row.n).toBe(1);
    const kept = (await service.list('open', ward.id)).find((e) => e.rule === 'occupancy-high');
    expect(kept?.id).toBe(occupancy.id);
    expect(announced.filter((m) => m.escalationId === occupancy.id && m.change === 'raised')).toHaveLength(1);
  });

  it('should raise one row and one announcement when two evaluations of a ward race', async () => {
    const ward = harness.wards[1] as Ward;
    await harness.ingest.pollWard(ward);
    await scoring.scoreWard(ward.id);
    const [a, b] = await Promise.all([serviceWith(harness.config).evaluateWard(ward.id), serviceWith(harness.config).evaluateWard(ward.id)]);
    const raised = [...(a.evaluated ? a.raised : []), ...(b.evaluated ? b.raised : [])];
    const open = await openRows(ward.id);
    expect(open.length).toBeGreaterThan(0);
    for (const row of open) expect(row.n).toBe(1);
    expect(new Set(raised).size).toBe(raised.length);
    expect(raised.length).toBe(open.length);
    await waitFor(() => raised.every((id) => announced.some((m) => m.escalationId === id)));
    for (const id of raised) expect(announced.filter((m) => m.escalationId === id && m.change === 'raised')).toHaveLength(1);
  });

  it('should resolve an escalation when its condition clears, and announce it once', async () => {
    const ward = harness.wards[1] as Ward;
    const before = (await repo.list({ state: 'open', wardId: ward.id, resolvedSince: new Date(0), limit: 100 })).find((e) => e.rule === 'occupancy-high');
    expect(before).toBeDefined();
    const cleared: AppConfig = { ...harness.config, escalation: { ...harness.config.escalation, rules: harness.config.escalation.rules.map((r) => (r.id === 'occupancy-high' ? { ...r, threshold: 200 } : r)) } };
    const outcome = await serviceWith(cleared).evaluateWard(ward.id);
    expect(outcome.evaluated && outcome.resolved).toContain(before?.id);
    const row = await repo.get(before?.id ?? 0);
    expect(row?.resolvedAt).toEqual(expect.any(String));
    expect((await serviceWith(cleared).evaluateWard(ward.id)).evaluated).toBe(true);
    await waitFor(() => announced.some((m) => m.escalationId === before?.id && m.change === 'resolved'));
    expect(announced.filter((m) => m.escalationId === before?.id && m.change === 'resolved')).toHaveLength(1);
    // A resolved escalation stays in "recent", not in "open".
    expect((await serviceWith(cleared).list('recent', ward.id)).some((e) => e.id === before?.id && e.resolvedAt !== undefined)).toBe(true);
  });

  it('should email the site manager once per raised escalation, with no patient identifiers', async () => {
    const ward = harness.wards[2] as Ward;
    const config: AppConfig = { ...harness.config, escalation: { ...harness.config.escalation, notify: [{ siteId: ward.siteId, email: 'beds@nhs.example' }] } };
    await harness.ingest.pollWard(ward);
    await scoring.scoreWard(ward.id);
    await serviceWith(config).evaluateWard(ward.id);
    await serviceWith(config).evaluateWard(ward.id);
    const open = await repo.list({ state: 'open', wardId: ward.id, resolvedSince: new Date(0), limit: 100 });
    expect(mailer.sent).toHaveLength(open.length);
    expect(new Set(mailer.sent.map((m) => m.messageId)).size).toBe(open.length);
    const occupancy = mailer.sent.find((m) => m.subject.includes('Occupancy above 1%'));
    expect(occupancy?.to).toBe('beds@nhs.example');
    expect(occupancy?.text).toContain(`Ward: ${ward.name}`);
    expect(occupancy?.text).toContain('/sites');
    const snapshot = (await harness.boards.getBoardState(ward.id))?.snapshot;
    for (const initials of (snapshot?.beds ?? []).flatMap((b) => (b.patient?.initials ? [b.patient.initials] : []))) {
      for (const m of mailer.sent) expect(m.text.includes(` ${initials} `)).toBe(false);
    }
  });

  describe('over HTTP with the interim sign-in', () => {
    let app: INestApplication;
    let now = Date.now();

    beforeAll(async () => {
      const moduleRef = await Test.createTestingModule({
        controllers: [SessionController, EscalationsController],
        providers: [
          SessionService,
          EscalationService,
          EscalationNotifier,
          { provide: EscalationRepository, useValue: repo },
          { provide: BoardRepository, useValue: harness.boards },
          { provide: ScoreRepository, useValue: new ScoreRepository(harness.database.db) },
          { provide: BOARD_EVENTS, useValue: harness.events },
          { provide: CLOCK, useValue: () => now },
          { provide: APP_CONFIG, useValue: harness.config },
          { provide: MAILER, useValue: mailer },
        ],
      }).compile();
      app = moduleRef.createNestApplication({ logger: false });
      app.setGlobalPrefix('api');
      await app.init();
    });

    afterAll(async () => app?.close());

    const signIn = (password: string) => request(app.getHttpServer()).post('/api/session').send({ username: 'amy', password });
    const openId = async () => ((await request(app.getHttpServer()).get('/api/escalations?state=open').expect(200)).body as EscalationView[]).find((e) => e.acknowledgedBy === undefined)?.id;

    it('should refuse a wrong password with 401 and set no cookie', async () => {
      const response = await signIn('wrong password').expect(401);
      expect(response.headers['set-cookie']).toBeUndefined();
      await request(app.getHttpServer()).post('/api/session').send({ username: 'nobody', password: PASSWORD }).expect(401);
      await request(app.getHttpServer()).post('/api/session').send({ username: 'amy' }).expect(400);
    });

    it('should refuse acknowledgement without a session, with a tampered cookie, or with an expired one', async () => {
      const id = await openId();
      expect(id).toEqual(expect.any(Number));
      await request(app.getHttpServer()).post(`/api/escalations/${id}/acknowledge`).expect(401);
      const cookie = (await signIn(PASSWORD).expect(200)).headers['set-cookie']?.[0] ?? '';
      const value = /wardflow_session=([^;]+)/.exec(cookie)?.[1] ?? '';
      const [v, payload, signature] = value.split('.') as [string, string, string];
      const forged = Buffer.from(JSON.stringify({ u: 'mallory', exp: now + 3_600_000 })).toString('base64url');
      for (const bad of [`${v}.${forged}.${signature}`, `${v}.${payload}.${signature.slice(0, -2)}AA`, `${v}.${payload}`]) {
        await request(app.getHttpServer()).post(`/api/escalations/${id}/acknowledge`).set('Cookie', `wardflow_session=${bad}`).expect(401);
      }
      now += 13 * 3_600_000;
      await request(app.getHttpServer()).post(`/api/escalations/${id}/acknowledge`).set('Cookie', `wardflow_session=${value}`).expect(401);
      now = Date.now();
      expect((await repo.get(id ?? 0))?.acknowledgedBy).toBeUndefined();
    });

    it('should sign in with an HttpOnly SameSite=Strict cookie, record who acknowledged and when, and refuse a second or a resolved one', async () => {
      const response = await signIn(PASSWORD).expect(200);
      expect(response.body).toEqual({ signedIn: true, username: 'amy', name: 'Amy Bed Manager', role: 'manager' });
      const cookie = response.headers['set-cookie']?.[0] ?? '';
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Strict/);
      const session = cookie.split(';')[0] ?? '';
      expect((await request(app.getHttpServer()).get('/api/session').set('Cookie', session).expect(200)).body).toMatchObject({ signedIn: true, username: 'amy' });
      expect((await request(app.getHttpServer()).get('/api/session').expect(200)).body).toEqual({ signedIn: false });

      const id = await openId();
      const acked = await request(app.getHttpServer()).post(`/api/escalations/${id}/acknowledge`).set('Cookie', session).expect(200);
      expect(acked.body).toMatchObject({ id, acknowledgedBy: 'amy', acknowledgedAt: new Date(now).toISOString() });
      expect(acked.body.resolvedAt).toBeUndefined();
      const stored = await repo.get(id ?? 0);
      expect(stored?.acknowledgedBy).toBe('amy');
      expect(stored?.resolvedAt).toBeUndefined();
      await waitFor(() => announced.some((m) => m.escalationId === id && m.change === 'acknowledged'));
      expect(announced.filter((m) => m.escalationId === id && m.change === 'acknowledged')).toHaveLength(1);
      await request(app.getHttpServer()).post(`/api/escalations/${id}/acknowledge`).set('Cookie', session).expect(409);

      const resolved = (await repo.list({ state: 'recent', wardId: null, resolvedSince: new Date(0), limit: 100 })).find((e) => e.resolvedAt !== undefined);
      expect(resolved).toBeDefined();
      await request(app.getHttpServer()).post(`/api/escalations/${resolved?.id}/acknowledge`).set('Cookie', session).expect(409);
      await request(app.getHttpServer()).post('/api/escalations/999999/acknowledge').set('Cookie', session).expect(404);
      await request(app.getHttpServer()).get('/api/escalations?state=closed').expect(400);
      const cleared = await request(app.getHttpServer()).delete('/api/session').set('Cookie', session).expect(200);
      expect(cleared.headers['set-cookie']?.[0]).toMatch(/wardflow_session=;/);
    });

    it('should limit sign-in attempts per address', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push((await signIn('wrong password')).status);
      expect(statuses).toContain(429);
      // The limit counts attempts, so the right password is refused too until the window passes.
      await signIn(PASSWORD).expect(429);
    });
  });
});
