/**
 * The huddle's run charts end to end on real PostgreSQL and the simulated trust: a poll, the worker's
 * scoring (which stores the snapshot's outcome days), and the chart over HTTP through the real guard,
 * with the week's VTE share equal to what the board itself says. The store's merge: a newer reading
 * wins field by field, an older one (a retried job, a backfill) only fills what nothing newer read.
 */
import 'reflect-metadata';
import { londonDate, wardVte, type Ward, type WardOutcomeDay, type WardOutcomes } from '@wardflow/shared';
import request from 'supertest';
import type { Redis } from 'ioredis';
import { createRedis } from '../redis/redis.adapter.js';
import { ScoringService } from '../scoring/scoring.service.js';
import { FeedRepository } from '../store/feed.repository.js';
import { OutcomeRepository } from '../store/outcome.repository.js';
import { ScoreRepository } from '../store/score.repository.js';
import { startAccessTestApp, type AccessTestApp } from '../testing/access-test-app.js';
import { startIngestHarness, type IngestHarness } from '../testing/ingest-harness.js';
import { TEST_REDIS_URL, uniquePrefix } from '../testing/test-redis.js';
import { WardOutcomesController } from './ward-outcomes.controller.js';
import { WardOutcomesService } from './ward-outcomes.service.js';

describe('the huddle’s outcome run charts', () => {
  let harness: IngestHarness;
  let access: AccessTestApp;
  let redis: Redis;
  let outcomes: OutcomeRepository;
  const prefix = uniquePrefix();
  const ward = () => harness.wards.find((w) => w.profile === 'acute') as Ward;
  const http = () => request(access.app.getHttpServer());

  beforeAll(async () => {
    harness = await startIngestHarness({ seed: 11, postgres: true, env: { SESSION_SECRET: 'x'.repeat(40) } });
    outcomes = new OutcomeRepository(harness.database.db);
    redis = createRedis(TEST_REDIS_URL);
    access = await startAccessTestApp({
      database: harness.database,
      redis,
      events: harness.events,
      config: harness.config,
      prefix,
      controllers: [WardOutcomesController],
      providers: [WardOutcomesService, { provide: OutcomeRepository, useValue: outcomes }],
    });
  }, 120_000);

  afterAll(async () => {
    await access?.close();
    redis?.disconnect();
    await harness?.close();
  });

  it('should chart what each scored snapshot read: this week’s VTE share is the board’s own', async () => {
    expect((await harness.ingest.pollWard(ward())).ok).toBe(true);
    const scoring = new ScoringService(
      harness.boards,
      new ScoreRepository(harness.database.db),
      harness.events,
      harness.config,
      new FeedRepository(harness.database.db),
      outcomes,
    );
    expect((await scoring.scoreWard(ward().id)).scored).toBe(true);
    const snapshot = (await harness.boards.getBoardState(ward().id))?.snapshot;
    if (snapshot == null) throw new Error('no snapshot');
    const patients = [
      ...snapshot.beds.flatMap((b) => (b.patient === null ? [] : [b.patient])),
      ...snapshot.unplaced.map((u) => u.patient),
    ];
    const vte = wardVte(patients, Date.parse(snapshot.asOf)).prophylaxisWhereIndicated;
    expect(vte.denominator).toBeGreaterThan(0);

    const nurse = await access.sessionFor([{ role: 'ward-staff', wards: [ward().id], sites: [] }], 'Nurse Nia');
    const res = await http().get(`/api/wards/${ward().id}/outcomes`).set('Cookie', nurse.cookie).expect(200);
    const body = res.body as WardOutcomes;
    expect(body.readAt).toBe(snapshot.asOf);
    expect(body.firstDay).not.toBeNull();
    const thisWeek = body.charts['vte-prophylaxis'].points.at(-1);
    expect(thisWeek).toMatchObject({ partial: true, n: vte.denominator });
    expect(thisWeek?.value).toBeCloseTo((100 * vte.numerator) / vte.denominator, 1);
    expect(body.charts.falls.points).toHaveLength(12);
    // The days FHIR's incidents and movements covered were read whole: counted, not left blank.
    const days = await outcomes.days(ward().id, '2000-01-01');
    expect(days.find((d) => d.date === londonDate(Date.parse(snapshot.asOf)))?.vte).toEqual({
      indicated: vte.denominator,
      prescribed: vte.numerator,
    });
    expect(days.filter((d) => d.falls !== null).length).toBeGreaterThanOrEqual(7);
    expect(days.filter((d) => d.discharges !== null).length).toBeGreaterThanOrEqual(2);
    // Counts and shares only: nothing that names a patient.
    expect(JSON.stringify(body)).not.toMatch(/encounter|patient|initials|nhs/i);
  }, 60_000);

  it('should keep a newer reading’s counts over an older one’s, and fill only what the newer did not read', async () => {
    const wardId = 'outcome-merge-ward';
    const day = (extra: Partial<WardOutcomeDay>): WardOutcomeDay => ({
      date: '2026-11-02',
      vte: null,
      discharges: null,
      falls: null,
      lowGlucose: null,
      ...extra,
    });
    await outcomes.record(
      wardId,
      [day({ vte: { indicated: 5, prescribed: 4 }, falls: 2 })],
      new Date('2026-11-03T09:00:00Z'),
      'live',
    );
    // An older reading (a backfill at that day's census): its falls lose, its discharges fill the gap.
    await outcomes.record(
      wardId,
      [day({ discharges: { total: 3, beforeNoon: 1 }, falls: 0, lowGlucose: 1 })],
      new Date('2026-11-02T23:59:59Z'),
      'backfilled',
    );
    expect(await outcomes.days(wardId, '2026-11-01')).toEqual([
      day({ vte: { indicated: 5, prescribed: 4 }, discharges: { total: 3, beforeNoon: 1 }, falls: 2, lowGlucose: 1 }),
    ]);
    // A later poll that read the discharges again (one recorded late) replaces them, and keeps VTE.
    await outcomes.record(
      wardId,
      [day({ discharges: { total: 4, beforeNoon: 1 }, falls: 3, lowGlucose: 1 })],
      new Date('2026-11-04T09:00:00Z'),
      'live',
    );
    expect(await outcomes.days(wardId, '2026-11-01')).toEqual([
      day({ vte: { indicated: 5, prescribed: 4 }, discharges: { total: 4, beforeNoon: 1 }, falls: 3, lowGlucose: 1 }),
    ]);
    expect(await outcomes.extent(wardId)).toEqual({
      readAt: new Date('2026-11-04T09:00:00Z'),
      firstDay: '2026-11-02',
    });
  });
});
