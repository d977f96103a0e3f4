/**
 * Issue 5's integration bar, over real HTTP on real Redis and PostgreSQL: after polls of the simulated
 * trust, /api/sites counts exactly the beds of the stored snapshots, the beds list behind a number is
 * those beds, a bed kept in cleaning across polls keeps the time it started, a bed that changed is
 * dated between the two polls, and bad queries are refused by name. All through the real guard, as a
 * bed manager over the whole trust; one over a single site sees that site only.
 */
import 'reflect-metadata';
import type { Redis } from 'ioredis';
import {
  BED_STATUSES,
  type SiteBedsResponse,
  type SiteFlowResponse,
  type SitesResponse,
  type Ward,
  type WardSnapshot,
} from '@wardflow/shared';
import request from 'supertest';
import { createRedis } from '../redis/redis.adapter.js';
import { SiteRepository } from '../store/site.repository.js';
import { startAccessTestApp, type AccessTestApp } from '../testing/access-test-app.js';
import { startIngestHarness, type IngestHarness } from '../testing/ingest-harness.js';
import { TEST_REDIS_URL, uniquePrefix } from '../testing/test-redis.js';
import { SitesController } from './sites.controller.js';
import { SitesService } from './sites.service.js';

describe('manager drill-down over HTTP', () => {
  let harness: IngestHarness;
  let access: AccessTestApp;
  let redis: Redis;
  /** A bed manager over every site. */
  let manager = '';
  /** Added to the real clock, to look at the same data later (cleaning beds growing long). */
  let clockOffsetMs = 0;

  beforeAll(async () => {
    harness = await startIngestHarness({ seed: 5, postgres: true, env: { CLEANING_ALERT_AFTER: '1h' } });
    redis = createRedis(TEST_REDIS_URL);
    access = await startAccessTestApp({
      database: harness.database,
      redis,
      events: harness.events,
      config: harness.config,
      prefix: uniquePrefix(),
      clock: () => Date.now() + clockOffsetMs,
      controllers: [SitesController],
      providers: [SitesService, { provide: SiteRepository, useValue: new SiteRepository(harness.database.db) }],
    });
    manager = (await access.sessionFor([{ role: 'bed-manager', wards: [], sites: '*' }], 'Trust bed manager')).cookie;
  }, 120_000);

  afterAll(async () => {
    await access?.close();
    redis?.disconnect();
    await (harness as IngestHarness | undefined)?.close();
  });

  beforeEach(() => {
    clockOffsetMs = 0;
  });

  const call = (path: string, cookie = manager) => request(access.app.getHttpServer()).get(path).set('Cookie', cookie);
  /** As the trust's bed manager; a session started at the test's (possibly later) time, so looking hours ahead is not an idle session. */
  const get = async <T>(path: string) => {
    const cookie =
      clockOffsetMs === 0
        ? manager
        : (await access.sessionFor([{ role: 'bed-manager', wards: [], sites: '*' }], 'Later bed manager')).cookie;
    return call(path, cookie)
      .expect(200)
      .then((r) => r.body as T);
  };
  const snapshotOf = async (wardId: string) => (await harness.boards.getBoardState(wardId))?.snapshot as WardSnapshot;
  const pollAll = async () => {
    for (const ward of harness.wards) expect((await harness.ingest.pollWard(ward)).ok).toBe(true);
  };

  it('should count exactly the beds of each stored snapshot, per ward and per site', async () => {
    await pollAll();
    const sites = await get<SitesResponse>('/api/sites');
    expect(Date.parse(sites.serverTime)).toBeGreaterThan(0);
    expect(sites.cleaningAlertAfterMs).toBe(3_600_000);
    expect(sites.sites.flatMap((s) => s.wards.map((w) => w.wardId)).sort()).toEqual(
      harness.wards.map((w) => w.id).sort(),
    );
    for (const site of sites.sites) {
      expect(site.freshness).toBe('fresh');
      let beds = 0;
      for (const row of site.wards) {
        const snapshot = await snapshotOf(row.wardId);
        expect(row.asOf).toBe(snapshot.asOf);
        expect(row.freshness).toBe('fresh');
        for (const status of BED_STATUSES)
          expect([status, row.counts?.[status]]).toEqual([
            status,
            snapshot.beds.filter((b) => b.status === status).length,
          ]);
        expect(row.counts?.beds).toBe(snapshot.census.beds);
        expect(row.counts?.onLeave).toBe(
          snapshot.beds.filter((b) => b.patient?.onLeave === true).length +
            snapshot.unplaced.filter((u) => u.patient.onLeave).length,
        );
        beds += snapshot.beds.length;
      }
      expect(site.totals.beds).toBe(beds);
    }
  });

  it('should list behind each number exactly the beds it counts', async () => {
    const sites = await get<SitesResponse>('/api/sites');
    const site = sites.sites[0];
    if (site === undefined) throw new Error('no site');
    for (const filter of [
      'cleaning',
      'free',
      'occupied',
      'edd-today',
      'edd-tomorrow',
      'past-edd',
      'delayed',
      'on-leave',
    ] as const) {
      const list = await get<SiteBedsResponse>(`/api/sites/${site.siteId}/beds?filter=${filter}`);
      const key = {
        cleaning: 'cleaning',
        free: 'free',
        occupied: 'occupied',
        'edd-today': 'expectedDischargesToday',
        'edd-tomorrow': 'expectedDischargesTomorrow',
        'past-edd': 'pastExpectedDischarge',
        delayed: 'delayedDischarges',
        'on-leave': 'onLeave',
      } as const;
      expect([filter, list.beds.length]).toEqual([filter, site.totals[key[filter]]]);
    }
    const ward = site.wards[0];
    if (ward === undefined) throw new Error('no ward');
    const wardBeds = await get<SiteBedsResponse>(`/api/sites/${site.siteId}/beds?wardId=${ward.wardId}`);
    const snapshot = await snapshotOf(ward.wardId);
    expect(wardBeds.beds.filter((b) => b.bedId !== null).map((b) => [b.bedId, b.status, b.statusSince])).toEqual(
      snapshot.beds.map((b) => [b.id, b.status, b.statusSince]),
    );
    expect(wardBeds).toMatchObject({ siteId: site.siteId, wardId: ward.wardId, filter: 'all', asOf: snapshot.asOf });
    // The allow-list: nothing but initials identifies a patient.
    expect(JSON.stringify(wardBeds)).not.toMatch(/encounterId|nhsNumber|birthDate|"name"/);
  });

  it('should keep the start of a status across polls while it lasts, and date a change between the two polls', async () => {
    const before = new Map<string, WardSnapshot>();
    for (const ward of harness.wards) before.set(ward.id, await snapshotOf(ward.id));
    const cleaning = [...before.values()].flatMap((s) => s.beds.filter((b) => b.status === 'cleaning'));
    expect(cleaning.length).toBeGreaterThan(0);
    // The simulator's beds carry meta.lastUpdated, so a first snapshot dates them.
    expect(cleaning.every((b) => b.statusSince !== null)).toBe(true);

    // Unchanged trust: every bed keeps its time exactly.
    await pollAll();
    const middle = new Map<string, WardSnapshot>();
    for (const ward of harness.wards) {
      const again = await snapshotOf(ward.id);
      expect(again.asOf > (before.get(ward.id)?.asOf ?? '')).toBe(true);
      expect(again.beds.map((b) => [b.id, b.status, b.statusSince])).toEqual(
        before.get(ward.id)?.beds.map((b) => [b.id, b.status, b.statusSince]),
      );
      middle.set(ward.id, again);
    }

    // The trust moves on: changed beds are dated after the previous poll, unchanged ones keep their time.
    await harness.simulator.evolve(3);
    await pollAll();
    let changed = 0;
    for (const ward of harness.wards) {
      const previous = middle.get(ward.id);
      const after = await snapshotOf(ward.id);
      const was = new Map(previous?.beds.map((b) => [b.id, b]));
      for (const bed of after.beds) {
        const old = was.get(bed.id);
        if (old === undefined) continue;
        if (old.status === bed.status) {
          expect(bed.statusSince).toBe(old.statusSince);
        } else {
          changed++;
          expect(bed.statusSince).not.toBeNull();
          expect(Date.parse(bed.statusSince ?? '')).toBeGreaterThan(Date.parse(previous?.asOf ?? ''));
          expect(Date.parse(bed.statusSince ?? '')).toBeLessThanOrEqual(Date.parse(after.asOf));
        }
      }
    }
    expect(changed).toBeGreaterThan(0);
  });

  it('should count a bed as cleaning long once it has been cleaning past CLEANING_ALERT_AFTER, and list it', async () => {
    const sites = await get<SitesResponse>('/api/sites');
    const site = sites.sites.find((s) => s.totals.cleaning > 0);
    if (site === undefined) throw new Error('no site with a bed in cleaning');
    clockOffsetMs = 2 * 3_600_000;
    const later = (await get<SitesResponse>('/api/sites')).sites.find((s) => s.siteId === site.siteId);
    expect(later?.totals.cleaningLong).toBe(site.totals.cleaning - site.totals.cleaningSinceUnknown);
    expect(later?.totals.cleaningLong).toBeGreaterThan(0);
    // Two hours on, nothing has been polled: the data says so.
    expect(later?.freshness).toBe('expired');
    const list = await get<SiteBedsResponse>(`/api/sites/${site.siteId}/beds?filter=cleaning-long`);
    expect(list.beds).toHaveLength(later?.totals.cleaningLong ?? -1);
    for (const bed of list.beds) expect(bed.minutesInStatus).toBeGreaterThan(60);
  });

  it('should give the flow: movements in the window, occupancy by hour from history, and the stay of every current inpatient', async () => {
    const sites = await get<SitesResponse>('/api/sites');
    const site = sites.sites[0];
    if (site === undefined) throw new Error('no site');
    const flow = await get<SiteFlowResponse>(`/api/sites/${site.siteId}/flow?days=2`);
    expect(flow).toMatchObject({ siteId: site.siteId, days: 2, freshness: 'fresh' });
    expect(flow.asOf).toBe(site.asOf);
    expect(flow.movements.byHour).toHaveLength(24);
    expect(flow.movements.wardsWithoutMovements).toBe(0);
    const snapshots = await Promise.all(site.wards.map((w) => snapshotOf(w.wardId)));
    const from = Date.parse(flow.movements.from);
    const events = snapshots.flatMap((s) => s.flow.events ?? []).filter((e) => Date.parse(e.at) >= from);
    expect(flow.movements.totals.admissions).toBe(events.filter((e) => e.kind === 'admission').length);
    expect(flow.movements.totals.discharges).toBe(events.filter((e) => e.kind === 'discharge').length);
    expect(flow.movements.totals.admissions + flow.movements.totals.discharges).toBeGreaterThan(0);
    // Three polls so far, all inside this hour or the last: one or two hourly points, every ward reporting in the latest.
    expect(flow.occupancy.points.length).toBeGreaterThanOrEqual(1);
    const latest = flow.occupancy.points.at(-1);
    expect(latest?.wardsReporting).toBe(site.wards.length);
    expect(latest?.occupied).toBe(snapshots.reduce((n, s) => n + s.census.occupied, 0));
    const patients = snapshots.reduce(
      (n, s) => n + s.beds.filter((b) => b.patient !== null).length + s.unplaced.length,
      0,
    );
    expect(flow.lengthOfStay.patients).toBe(patients);
    expect(flow.lengthOfStay.bins.reduce((n, b) => n + b.patients, 0) + flow.lengthOfStay.unknown).toBe(patients);
  });

  it.each([
    ['/api/sites/nowhere', 404],
    ['/api/sites/nowhere/beds', 404],
    ['/api/sites/nowhere/flow', 404],
  ])('should answer %s with %s', async (path, status) => {
    await call(path).expect(status);
  });

  it('should show a bed manager over one site that site only, and refuse the others', async () => {
    const siteId = (harness.wards[0] as Ward).siteId;
    const other = harness.wards.find((w) => w.siteId !== siteId) as Ward;
    const oneSite = (await access.sessionFor([{ role: 'bed-manager', wards: [], sites: [siteId] }], 'Site bed manager'))
      .cookie;
    const sites = (await call('/api/sites', oneSite).expect(200)).body as SitesResponse;
    expect(sites.sites.map((s) => s.siteId)).toEqual([siteId]);
    await call(`/api/sites/${siteId}/beds`, oneSite).expect(200);
    await call(`/api/sites/${other.siteId}/beds`, oneSite).expect(403);
    await call(`/api/sites/${other.siteId}/flow`, oneSite).expect(403);
    await call(`/api/sites/${siteId}/beds?wardId=${other.id}`, oneSite).expect(403);
    const nurse = (
      await access.sessionFor([{ role: 'ward-staff', wards: [(harness.wards[0] as Ward).id], sites: [] }], 'Nurse')
    ).cookie;
    await call('/api/sites', nurse).expect(403);
    await request(access.app.getHttpServer()).get('/api/sites').expect(401);
  });

  it('should refuse a bad filter, an unknown ward, bad days and unknown parameters, naming what is allowed', async () => {
    const siteId = (harness.wards[0] as Ward).siteId;
    const other = harness.wards.find((w) => w.siteId !== siteId);
    const bad = await call(`/api/sites/${siteId}/beds?filter=everything`).expect(400);
    expect((bad.body as { message: string }).message).toContain('filter: expected one of all, occupied, free');
    await call(`/api/sites/${siteId}/beds?colour=red`).expect(400);
    await call(`/api/sites/${siteId}/beds?wardId=no-such-ward`).expect(404);
    if (other !== undefined) await call(`/api/sites/${siteId}/beds?wardId=${other.id}`).expect(404);
    await call(`/api/sites/${siteId}/beds?wardId=${'w'.repeat(300)}`).expect(400);
    for (const days of ['0', '8', '1.5', 'three']) await call(`/api/sites/${siteId}/flow?days=${days}`).expect(400);
  });
});
