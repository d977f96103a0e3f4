/**
 * Escalation after score on real PostgreSQL and Redis (through the ingest harness): a poll, its score
 * and the evaluation raise one escalation per crossing and announce it; evaluating again (a retried
 * job) raises nothing; two evaluations racing raise one row (the partial unique index) and announce it
 * once; a condition that clears resolves; a raised escalation is emailed once to the site manager.
 * Then over HTTP through the real guard: no credential, the wrong role, another site and a foreign
 * page are refused; a bed manager's acknowledgement records who and is audited once; sign-out and the
 * idle and absolute timeouts end access at once.
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EscalationChangedMessage, EscalationView, Ward } from '@wardflow/shared';
import { and, eq, isNull, sql } from 'drizzle-orm';
import request from 'supertest';
import type { Redis } from 'ioredis';
import { SessionController } from '../auth/session.controller.js';
import { type AppConfig } from '../config/app-config.js';
import { MAILER } from '../core/tokens.js';
import { createRedis } from '../redis/redis.adapter.js';
import { startAccessTestApp, type AccessTestApp } from '../testing/access-test-app.js';
import { TEST_REDIS_URL, uniquePrefix } from '../testing/test-redis.js';
import type { Mailer, OutgoingEmail } from '../mail/mailer.adapter.js';
import { ScoringService } from '../scoring/scoring.service.js';
import { EscalationRepository } from '../store/escalation.repository.js';
import { FeedRepository } from '../store/feed.repository.js';
import { OutcomeRepository } from '../store/outcome.repository.js';
import { auditLog, escalations } from '../store/schema.js';
import { ScoreRepository } from '../store/score.repository.js';
import { createTempDir } from '../testing/test-databases.js';
import { startIngestHarness, type IngestHarness } from '../testing/ingest-harness.js';
import { EscalationNotifier } from './escalation-notifier.service.js';
import { EscalationService } from './escalation.service.js';
import { EscalationsController } from './escalations.controller.js';

let harnessRef: IngestHarness;

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
    new EscalationService(
      harness.boards,
      new ScoreRepository(harness.database.db),
      repo,
      new EscalationNotifier(repo, config, Date.now, mailer),
      harness.events,
      Date.now,
      config,
    );

  beforeAll(async () => {
    const path = join(dir.path, 'wards.json');
    writeFileSync(
      path,
      JSON.stringify({
        escalation: { rules: [{ id: 'occupancy-high', threshold: 1, label: 'Occupancy above 1%' }], notify: [] },
      }),
    );
    harness = await startIngestHarness({
      seed: 6,
      postgres: true,
      env: { WARDS_CONFIG: path, SESSION_SECRET: 'x'.repeat(40) },
    });
    harnessRef = harness;
    repo = new EscalationRepository(harness.database.db);
    scoring = new ScoringService(
      harness.boards,
      new ScoreRepository(harness.database.db),
      harness.events,
      harness.config,
      new FeedRepository(harness.database.db),
      new OutcomeRepository(harness.database.db),
    );
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
    expect(occupancy).toMatchObject({
      wardId: ward.id,
      wardName: ward.name,
      siteId: ward.siteId,
      ruleLabel: 'Occupancy above 1%',
      kind: 'occupancy',
      subject: '',
    });
    expect(occupancy.detail).toMatch(/^Occupancy \d+% \(\d+ of \d+ open beds; above 1%\)$/);
    expect(first.raised).toContain(occupancy.id);
    expect(await waitFor(() => announced.some((m) => m.escalationId === occupancy.id && m.change === 'raised'))).toBe(
      true,
    );

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
    const [a, b] = await Promise.all([
      serviceWith(harness.config).evaluateWard(ward.id),
      serviceWith(harness.config).evaluateWard(ward.id),
    ]);
    const raised = [...(a.evaluated ? a.raised : []), ...(b.evaluated ? b.raised : [])];
    const open = await openRows(ward.id);
    expect(open.length).toBeGreaterThan(0);
    for (const row of open) expect(row.n).toBe(1);
    expect(new Set(raised).size).toBe(raised.length);
    expect(raised.length).toBe(open.length);
    await waitFor(() => raised.every((id) => announced.some((m) => m.escalationId === id)));
    for (const id of raised)
      expect(announced.filter((m) => m.escalationId === id && m.change === 'raised')).toHaveLength(1);
  });

  it('should resolve an escalation when its condition clears, and announce it once', async () => {
    const ward = harness.wards[1] as Ward;
    const before = (await repo.list({ state: 'open', wardId: ward.id, resolvedSince: new Date(0), limit: 100 })).find(
      (e) => e.rule === 'occupancy-high',
    );
    expect(before).toBeDefined();
    const cleared: AppConfig = {
      ...harness.config,
      escalation: {
        ...harness.config.escalation,
        rules: harness.config.escalation.rules.map((r) => (r.id === 'occupancy-high' ? { ...r, threshold: 200 } : r)),
      },
    };
    const outcome = await serviceWith(cleared).evaluateWard(ward.id);
    expect(outcome.evaluated && outcome.resolved).toContain(before?.id);
    const row = await repo.get(before?.id ?? 0);
    expect(row?.resolvedAt).toEqual(expect.any(String));
    expect((await serviceWith(cleared).evaluateWard(ward.id)).evaluated).toBe(true);
    await waitFor(() => announced.some((m) => m.escalationId === before?.id && m.change === 'resolved'));
    expect(announced.filter((m) => m.escalationId === before?.id && m.change === 'resolved')).toHaveLength(1);
    // A resolved escalation stays in "recent", not in "open".
    expect(
      (await serviceWith(cleared).list('recent', ward.id)).some(
        (e) => e.id === before?.id && e.resolvedAt !== undefined,
      ),
    ).toBe(true);
  });

  it('should email the site manager once per raised escalation, with no patient identifiers', async () => {
    const ward = harness.wards[2] as Ward;
    const config: AppConfig = {
      ...harness.config,
      escalation: { ...harness.config.escalation, notify: [{ siteId: ward.siteId, email: 'beds@nhs.example' }] },
    };
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

  describe('over HTTP, by role and scope', () => {
    let access: AccessTestApp;
    let redis: Redis;
    let now = Date.now();
    const prefix = uniquePrefix();
    const http = () => request(access.app.getHttpServer());
    const ward = () => harness.wards[0] as Ward;
    const otherSite = () => harness.wards.find((w) => w.siteId !== ward().siteId) as Ward;

    beforeAll(async () => {
      redis = createRedis(TEST_REDIS_URL);
      access = await startAccessTestApp({
        database: harness.database,
        redis,
        events: harness.events,
        config: harness.config,
        prefix,
        clock: () => now,
        controllers: [SessionController, EscalationsController],
        providers: [
          EscalationService,
          EscalationNotifier,
          { provide: EscalationRepository, useValue: repo },
          { provide: ScoreRepository, useValue: new ScoreRepository(harness.database.db) },
          { provide: MAILER, useValue: mailer },
        ],
      });
    });

    afterAll(async () => {
      await access?.close();
      redis?.disconnect();
    });

    const openOn = async (cookie: string, wardId: string) =>
      (
        (await http().get(`/api/escalations?state=open&wardId=${wardId}`).set('Cookie', cookie).expect(200))
          .body as EscalationView[]
      ).find((e) => e.acknowledgedBy === undefined)?.id;
    const acknowledge = (id: number | undefined, cookie?: string, origin?: string) => {
      const call = http().post(`/api/escalations/${id}/acknowledge`);
      if (origin !== undefined) void call.set('Origin', origin);
      return cookie === undefined ? call : call.set('Cookie', cookie);
    };

    it('should refuse every escalation route without a credential, and say where to sign in', async () => {
      await http().get('/api/escalations').expect(401);
      await acknowledge(1, undefined, access.origin).expect(401);
      expect((await http().get('/api/session').expect(200)).body).toEqual({
        signedIn: false,
        signInUrl: '/auth/login',
      });
    });

    it('should show ward staff their own ward only, and never let them acknowledge', async () => {
      const nurse = await access.sessionFor([{ role: 'ward-staff', wards: [ward().id], sites: [] }], 'Nurse Nia');
      const mine = (await http().get('/api/escalations?state=open').set('Cookie', nurse.cookie).expect(200))
        .body as EscalationView[];
      expect(mine.length).toBeGreaterThan(0);
      expect(new Set(mine.map((e) => e.wardId))).toEqual(new Set([ward().id]));
      await http().get(`/api/escalations?wardId=${harness.wards[1]?.id}`).set('Cookie', nurse.cookie).expect(403);
      await acknowledge(mine[0]?.id, nurse.cookie, access.origin).expect(403);
    });

    it('should let a bed manager acknowledge on their site only, recording who and auditing it once', async () => {
      const manager = await access.sessionFor(
        [{ role: 'bed-manager', wards: [], sites: [ward().siteId] }],
        'Amy Bed Manager',
      );
      const elsewhere = await access.sessionFor(
        [{ role: 'bed-manager', wards: [], sites: [otherSite().siteId] }],
        'Bob Elsewhere',
      );
      const id = await openOn(manager.cookie, ward().id);
      expect(id).toEqual(expect.any(Number));
      await acknowledge(id, elsewhere.cookie, access.origin).expect(403);
      // A foreign page cannot acknowledge with the manager's cookie; nor can a request with a cookie and no Origin.
      await acknowledge(id, manager.cookie, 'https://attacker.example').expect(403);
      await acknowledge(id, manager.cookie).expect(403);
      expect((await repo.get(id ?? 0))?.acknowledgedBy).toBeUndefined();

      const auditedBefore = await auditCount('escalation.acknowledge');
      const acked = await acknowledge(id, manager.cookie, access.origin).expect(200);
      expect(acked.body).toMatchObject({
        id,
        acknowledgedBy: 'Amy Bed Manager',
        acknowledgedAt: new Date(now).toISOString(),
      });
      expect(await auditCount('escalation.acknowledge')).toBe(auditedBefore + 1);
      await waitFor(() => announced.some((m) => m.escalationId === id && m.change === 'acknowledged'));
      expect(announced.filter((m) => m.escalationId === id && m.change === 'acknowledged')).toHaveLength(1);
      await acknowledge(id, manager.cookie, access.origin).expect(409);

      const resolved = (
        await repo.list({ state: 'recent', wardId: null, resolvedSince: new Date(0), limit: 100 })
      ).find((e) => e.resolvedAt !== undefined && e.siteId === ward().siteId);
      if (resolved !== undefined) await acknowledge(resolved.id, manager.cookie, access.origin).expect(409);
      await acknowledge(999_999, manager.cookie, access.origin).expect(404);
      await http().get('/api/escalations?state=closed').set('Cookie', manager.cookie).expect(400);
      await http()
        .get(`/api/escalations?wardId=${'x'.repeat(200)}`)
        .set('Cookie', manager.cookie)
        .expect(400);
    });

    it('should end access at once on sign-out, and after the idle and absolute timeouts', async () => {
      const manager = await access.sessionFor([{ role: 'bed-manager', wards: [], sites: [ward().siteId] }], 'Cara');
      await http().get('/api/escalations').set('Cookie', manager.cookie).expect(200);
      const out = await http()
        .delete('/api/session')
        .set('Cookie', manager.cookie)
        .set('Origin', access.origin)
        .expect(200);
      expect(out.headers['set-cookie']?.[0]).toMatch(/wardflow_session=;/);
      expect((await http().get('/api/escalations').set('Cookie', manager.cookie).expect(401)).body).toMatchObject({
        reason: 'signed-out',
      });

      const idle = await access.sessionFor([{ role: 'bed-manager', wards: [], sites: [ward().siteId] }], 'Dev');
      now += harness.config.auth.sessionIdleMs + 1_000;
      expect((await http().get('/api/escalations').set('Cookie', idle.cookie).expect(401)).body).toMatchObject({
        reason: 'session-idle',
      });
      now = Date.now();

      const long = await access.sessionFor([{ role: 'bed-manager', wards: [], sites: [ward().siteId] }], 'Eve');
      // Used every 10 minutes. Use is recorded without holding the request up, so each step gives that
      // write a moment to land: on a loaded machine two late writes in a row would read as idle.
      for (let t = 0; t < harness.config.auth.sessionAbsoluteMs; t += harness.config.auth.sessionIdleMs / 3) {
        now += harness.config.auth.sessionIdleMs / 3;
        await http().get('/api/escalations').set('Cookie', long.cookie);
        await new Promise((r) => setTimeout(r, 50));
      }
      expect((await http().get('/api/escalations').set('Cookie', long.cookie).expect(401)).body).toMatchObject({
        reason: 'session-expired',
      });
      now = Date.now();
    });
  });
});

async function auditCount(action: string): Promise<number> {
  const rows = await harnessRef.database.db
    .select({ n: sql<number>`count(*)::int` })
    .from(auditLog)
    .where(eq(auditLog.action, action));
  return rows[0]?.n ?? 0;
}
