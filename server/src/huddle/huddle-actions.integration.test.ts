/**
 * The huddle's recorded actions on real PostgreSQL over HTTP through the real guard: no credential, a
 * screen, the wrong role, another ward and a foreign page are refused (and audited); ward staff record
 * an action against a bed or the ward, it is listed at the next check-in (carried) until done, every
 * record and close is audited once; the words are checked for NHS numbers; and with the write-back
 * turned on the action is a FHIR Task on the trust's server (the simulator), completed when done, and
 * never read back as a delay on the card.
 */
import 'reflect-metadata';
import type { Bundle, Task } from '@medplum/fhirtypes';
import {
  HUDDLE_ACTION_IDENTIFIER,
  type AuditAction,
  type AuditOutcome,
  type HuddleAction,
  type Ward,
} from '@wardflow/shared';
import { and, eq, sql } from 'drizzle-orm';
import request from 'supertest';
import type { Redis } from 'ioredis';
import { SessionController } from '../auth/session.controller.js';
import { FHIR_READER } from '../core/tokens.js';
import { FhirReader } from '../fhir/fhir-reader.adapter.js';
import { createRedis } from '../redis/redis.adapter.js';
import { startAccessTestApp, type AccessTestApp } from '../testing/access-test-app.js';
import { TEST_REDIS_URL, uniquePrefix } from '../testing/test-redis.js';
import { startIngestHarness, type IngestHarness } from '../testing/ingest-harness.js';
import { testConfig } from '../testing/test-config.js';
import { HuddleActionRepository } from '../store/huddle-action.repository.js';
import { ScoreRepository } from '../store/score.repository.js';
import { auditLog } from '../store/schema.js';
import { BoardService } from '../wards/board.service.js';
import { HuddleActionsController } from './huddle-actions.controller.js';
import { HuddleActionsService } from './huddle-actions.service.js';

describe('the huddle’s recorded actions', () => {
  let harness: IngestHarness;
  let access: AccessTestApp;
  let redis: Redis;
  let now = Date.now();
  const prefix = uniquePrefix();
  const http = () => request(access.app.getHttpServer());
  const ward = () => harness.wards[0] as Ward;
  const other = () => harness.wards[1] as Ward;

  beforeAll(async () => {
    harness = await startIngestHarness({ seed: 8, postgres: true, env: { SESSION_SECRET: 'x'.repeat(40) } });
    for (const w of harness.wards.slice(0, 2)) expect((await harness.ingest.pollWard(w)).ok).toBe(true);
    redis = createRedis(TEST_REDIS_URL);
    // The write-back turned on, against the simulated trust's server.
    const config = { ...harness.config, fhirWriteHuddleTasks: true };
    access = await startAccessTestApp({
      database: harness.database,
      redis,
      events: harness.events,
      config,
      prefix,
      clock: () => now,
      controllers: [SessionController, HuddleActionsController],
      providers: [
        HuddleActionsService,
        BoardService,
        { provide: HuddleActionRepository, useValue: new HuddleActionRepository(harness.database.db) },
        { provide: ScoreRepository, useValue: new ScoreRepository(harness.database.db) },
        { provide: FHIR_READER, useValue: new FhirReader({ baseUrl: harness.simulator.baseUrl, timeoutMs: 5_000 }) },
      ],
    });
  }, 120_000);

  afterAll(async () => {
    await access?.close();
    redis?.disconnect();
    await harness?.close();
  });

  const audited = async (action: AuditAction, outcome: AuditOutcome) =>
    (
      await harness.database.db
        .select({ n: sql<number>`count(*)::int` })
        .from(auditLog)
        .where(and(eq(auditLog.action, action), eq(auditLog.outcome, outcome)))
    )[0]?.n ?? 0;
  const post = (path: string, body: object, cookie?: string, origin: string | null = access.origin) => {
    const call = http().post(path).send(body);
    if (origin !== null) void call.set('Origin', origin);
    return cookie === undefined ? call : call.set('Cookie', cookie);
  };
  const actionsPath = (wardId: string) => `/api/wards/${wardId}/huddle/actions`;
  const occupied = async () => {
    const board = await new BoardService(
      harness.boards,
      new ScoreRepository(harness.database.db),
      () => now,
      harness.config,
    ).getBoard(ward().id);
    const bed = board?.beds.find((b) => b.patient !== null);
    return { bed: bed?.label as string, encounterId: bed?.patient?.encounterId as string };
  };
  const chase = async () => ({
    ...(await occupied()),
    text: 'Chase TTO with pharmacy',
    owner: 'Charge nurse',
    dueAt: new Date(now + 2 * 3_600_000).toISOString(),
    checkIn: 'flow',
  });

  it('should refuse without a credential, to a screen, to the wrong role, on another ward and from a foreign page', async () => {
    await http().get(actionsPath(ward().id)).expect(401);
    await post(actionsPath(ward().id), await chase()).expect(401);
    const nurse = await access.sessionFor([{ role: 'ward-staff', wards: [ward().id], sites: [] }], 'Nurse Nia');
    const manager = await access.sessionFor([{ role: 'bed-manager', wards: [], sites: '*' }], 'Amy Bed Manager');
    const refusedBefore = await audited('huddle.action.create', 'denied');
    // A bed manager sees the ward's board (and so its actions) but does not record the ward's huddle.
    await http().get(actionsPath(ward().id)).set('Cookie', manager.cookie).expect(200);
    await post(actionsPath(ward().id), await chase(), manager.cookie).expect(403);
    // Ward staff of one ward: not another's.
    await http().get(actionsPath(other().id)).set('Cookie', nurse.cookie).expect(403);
    await post(actionsPath(other().id), await chase(), nurse.cookie).expect(403);
    // A foreign page with the nurse's cookie, or a cookie with no Origin at all.
    await post(actionsPath(ward().id), await chase(), nurse.cookie, 'https://attacker.example').expect(403);
    await post(actionsPath(ward().id), await chase(), nurse.cookie, null).expect(403);
    expect(await audited('huddle.action.create', 'denied')).toBeGreaterThanOrEqual(refusedBefore + 2);
    // Nothing was recorded by any of them.
    expect((await http().get(actionsPath(ward().id)).set('Cookie', nurse.cookie).expect(200)).body).toEqual([]);
  });

  it('should refuse an NHS number, a long-gone due time, and a bed its patient has left, saying why', async () => {
    const nurse = await access.sessionFor([{ role: 'ward-staff', wards: [ward().id], sites: [] }], 'Nurse Nia');
    const nhs = await post(
      actionsPath(ward().id),
      { ...(await chase()), text: 'Bloods for 943 476 5919' },
      nurse.cookie,
    ).expect(400);
    expect(nhs.body.problems).toEqual(['No NHS numbers: the huddle screen shows bed and initials only']);
    const late = await post(
      actionsPath(ward().id),
      { ...(await chase()), dueAt: new Date(now - 5 * 3_600_000).toISOString() },
      nurse.cookie,
    ).expect(400);
    expect(late.body.problems).toEqual(['The due time has passed']);
    const moved = await post(actionsPath(ward().id), { ...(await chase()), bed: 'Bed 999' }, nurse.cookie).expect(409);
    expect(moved.body.message).toMatch(/now in Bed \d+: refresh the huddle/);
    await post(actionsPath(ward().id), { ...(await chase()), encounterId: 'not-here' }, nurse.cookie).expect(409);
    // Unknown fields are refused, not ignored.
    await post(actionsPath(ward().id), { ...(await chase()), nhsNumber: '9434765919' }, nurse.cookie).expect(400);
  });

  let recorded: HuddleAction;

  it('should record an action against a bed, audit it once, and write it to FHIR as a Task', async () => {
    const nurse = await access.sessionFor([{ role: 'ward-staff', wards: [ward().id], sites: [] }], 'Nurse Nia');
    const before = await audited('huddle.action.create', 'success');
    const body = await chase();
    recorded = (await post(actionsPath(ward().id), body, nurse.cookie).expect(201)).body as HuddleAction;
    expect(recorded).toMatchObject({
      wardId: ward().id,
      bed: body.bed,
      encounterId: body.encounterId,
      text: 'Chase TTO with pharmacy',
      owner: 'Charge nurse',
      status: 'open',
      createdBy: 'Nurse Nia',
      checkIn: 'flow',
      task: { id: expect.any(String), error: null },
    });
    expect(await audited('huddle.action.create', 'success')).toBe(before + 1);
    const task = (await (await fetch(`${harness.simulator.baseUrl}/Task/${recorded.task?.id}`)).json()) as Task;
    expect(task).toMatchObject({
      status: 'requested',
      description: 'Chase TTO with pharmacy',
      encounter: { reference: `Encounter/${body.encounterId}` },
      owner: { display: 'Charge nurse' },
      restriction: { period: { end: body.dueAt } },
      identifier: [{ system: HUDDLE_ACTION_IDENTIFIER, value: `${ward().id}/${recorded.id}` }],
    });
    // The next poll reads the ward's Tasks: the action is not turned into a delay on the card.
    expect((await harness.ingest.pollWard(ward())).ok).toBe(true);
    const snapshot = (await harness.boards.getBoardState(ward().id))?.snapshot;
    const patient = snapshot?.beds.find((b) => b.patient?.encounterId === body.encounterId)?.patient;
    expect(patient?.delays.some((d) => d.description === 'Chase TTO with pharmacy')).toBe(false);
  });

  it('should list it at the next check-in, carried, and a screen of the ward sees it too', async () => {
    now += 4 * 3_600_000;
    const screen = await access.sessionFor([{ role: 'ward-staff', wards: [ward().id], sites: [] }], 'Nurse Nia');
    const listed = (await http().get(actionsPath(ward().id)).set('Cookie', screen.cookie).expect(200))
      .body as HuddleAction[];
    expect(listed.map((a) => [a.id, a.status])).toEqual([[recorded.id, 'open']]);
  });

  it('should close it once (a second close is a conflict), audit both, and complete the Task', async () => {
    const nurse = await access.sessionFor([{ role: 'ward-staff', wards: [ward().id], sites: [] }], 'Sister Sam');
    const closedBefore = await audited('huddle.action.close', 'success');
    const closed = (
      await post(`${actionsPath(ward().id)}/${recorded.id}/close`, { status: 'done' }, nurse.cookie).expect(200)
    ).body as HuddleAction;
    expect(closed).toMatchObject({ status: 'done', closedBy: 'Sister Sam', closedAt: new Date(now).toISOString() });
    await post(`${actionsPath(ward().id)}/${recorded.id}/close`, { status: 'dropped' }, nurse.cookie).expect(409);
    expect(await audited('huddle.action.close', 'success')).toBe(closedBefore + 1);
    expect(await audited('huddle.action.close', 'failure')).toBeGreaterThanOrEqual(1);
    const task = (await (await fetch(`${harness.simulator.baseUrl}/Task/${recorded.task?.id}`)).json()) as Task;
    expect(task.status).toBe('completed');
    // Another ward's id cannot close it through this ward, nor this ward's action through another.
    await post(`${actionsPath(ward().id)}/999999/close`, { status: 'done' }, nurse.cookie).expect(404);
    // Closed today: still listed, as done.
    const listed = (await http().get(actionsPath(ward().id)).set('Cookie', nurse.cookie).expect(200))
      .body as HuddleAction[];
    expect(listed.map((a) => [a.id, a.status])).toEqual([[recorded.id, 'done']]);
  });

  it('should announce each record and close to the ward’s screens with the ward id only', async () => {
    const heard: unknown[] = [];
    await harness.events.subscribeHuddleActions((message) => heard.push(message));
    const nurse = await access.sessionFor([{ role: 'ward-staff', wards: [ward().id], sites: [] }], 'Nurse Nia');
    const recorded = (await post(actionsPath(ward().id), await chase(), nurse.cookie).expect(201)).body as HuddleAction;
    await post(`${actionsPath(ward().id)}/${recorded.id}/close`, { status: 'dropped' }, nurse.cookie).expect(200);
    // Redis delivers asynchronously: give it a moment.
    for (let tries = 0; heard.length < 2 && tries < 50; tries++) await new Promise((r) => setTimeout(r, 20));
    // Nothing of the action itself crosses Redis: the screens read it through the guarded route.
    expect(heard).toEqual([{ wardId: ward().id }, { wardId: ward().id }]);
  });

  it('should write nothing to FHIR when the write-back is off (the default), and still record the action', async () => {
    expect(testConfig({}).fhirWriteHuddleTasks).toBe(false);
    const service = new HuddleActionsService(
      new HuddleActionRepository(harness.database.db),
      new BoardService(harness.boards, new ScoreRepository(harness.database.db), () => now, harness.config),
      harness.config,
      () => now,
      harness.events,
      new FhirReader({ baseUrl: harness.simulator.baseUrl, timeoutMs: 5_000 }),
    );
    const outcome = await service.create(
      ward().id,
      {
        bed: null,
        encounterId: null,
        text: 'Check the resus trolley',
        owner: 'HCA',
        dueAt: new Date(now + 3_600_000).toISOString(),
        checkIn: 'safety',
      },
      'Nurse Nia',
    );
    expect(outcome.ok && outcome.action.task).toBeNull();
    const id = outcome.ok ? outcome.action.id : -1;
    const found = (await (
      await fetch(
        `${harness.simulator.baseUrl}/Task?identifier=${encodeURIComponent(`${HUDDLE_ACTION_IDENTIFIER}|${ward().id}/${id}`)}`,
      )
    ).json()) as Bundle;
    expect(found.entry ?? []).toEqual([]);
  });
});
