/**
 * Issue 13 item 5, over real HTTP on real PostgreSQL and Redis: staffing and incidents from CSV feeds.
 * A good roster file turns the staffing cells from "no data" into values that say they came from the
 * roster import; an incident file adds to what FHIR gave, an incident both have counted once; a file
 * with any bad row is refused with every problem by line and column and stores nothing; the same file
 * twice changes nothing, and a corrected one replaces what it corrects; the drop folder imports a
 * settled file into processed/, refuses a bad one into rejected/ with its report, and leaves a file
 * still being written alone; callers without the right are refused, and the refusals audited.
 */
import 'reflect-metadata';
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  QUEUES,
  type AuditOutcome,
  type FeedImportReport,
  type Heatmap,
  type MeasureCell,
  type Ward,
  type WardPollJob,
  type WardSnapshot,
} from '@wardflow/shared';
import { makeCensus, makeWardSnapshot } from '@wardflow/shared/testing';
import { Queue } from 'bullmq';
import { and, eq, sql } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import request from 'supertest';
import { AuditService } from '../audit/audit.service.js';
import type { AppConfig } from '../config/app-config.js';
import { PollSchedulerService } from '../ingest/poll-scheduler.service.js';
import { RedisBoardEvents } from '../redis/board-events.adapter.js';
import { createRedis } from '../redis/redis.adapter.js';
import { HeatmapController } from '../scoring/heatmap.controller.js';
import { HeatmapService } from '../scoring/heatmap.service.js';
import { ScoringService } from '../scoring/scoring.service.js';
import { BoardRepository } from '../store/board.repository.js';
import { openDatabase, type DatabaseHandle } from '../store/database.adapter.js';
import { FeedRepository } from '../store/feed.repository.js';
import { OutcomeRepository } from '../store/outcome.repository.js';
import { auditLog, feedImports, feedIncidents, staffingDays } from '../store/schema.js';
import { ScoreRepository } from '../store/score.repository.js';
import { startAccessTestApp, type AccessTestApp } from '../testing/access-test-app.js';
import { testConfig } from '../testing/test-config.js';
import { createPostgresDatabase, createTempDir } from '../testing/test-databases.js';
import { TEST_REDIS_URL, uniquePrefix } from '../testing/test-redis.js';
import { DropFolder } from './drop-folder.adapter.js';
import { FeedDropService } from './feed-drop.service.js';
import { FeedImportService } from './feed-import.service.js';
import { FeedsController } from './feeds.controller.js';

const MINUTE = 60_000;
/** Sunday 6 December 2026, 07:00 GMT: the roster export for the week before has just arrived. */
const START = Date.parse('2026-12-06T07:00:00Z');
const WEEK = ['2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05'];
const ddmmyyyy = (date: string) => date.split('-').reverse().join('/');

const wards: Ward[] = [
  {
    id: 'ward-cedar',
    name: 'Cedar Ward',
    siteId: 'site-north',
    siteName: 'North',
    profile: 'mental-health',
    displayLabel: 'initials',
    showMentalHealthAct: true,
  },
  {
    id: 'ward-ash',
    name: 'Ash Ward',
    siteId: 'site-north',
    siteName: 'North',
    profile: 'acute',
    displayLabel: 'initials',
    showMentalHealthAct: true,
  },
];

/** A week of a HealthRoster-style export, as trusts' exports come: BOM, CRLF, extra columns, a unit name mapped in FEEDS_CONFIG. */
function rosterWeek(cedarSickness = '7.5'): string {
  const lines = [
    '\uFEFFRoster Period,Unit,Date,Planned Hours,Actual Hours,Bank Hours,Agency Hours,Sickness Hours,Comments',
    ...WEEK.map((d) => `P12,"7A Cedar (MH)",${ddmmyyyy(d)},240,228,24,12,${cedarSickness},"Short, covered"`),
    ...WEEK.map((d) => `P12,ASH WARD,${ddmmyyyy(d)},180:00,171:00,9,0,0,`),
    '',
    '',
  ];
  return lines.join('\r\n');
}

const INCIDENTS = [
  'Incident Ref,Incident Date,Location (exact),Type/Category,Severity/Harm',
  // W1001 is also on the FHIR server (an AdverseEvent with that id): one incident, counted once.
  'W1001,04/12/2026 22:15,7A Cedar (MH),"Violence, aggression & abuse",Low harm',
  'W1002,05/12/2026,Cedar Ward,"Violence, aggression & abuse",No harm',
  'W1003,05/12/2026,Cedar Ward,Medication error,No harm',
].join('\r\n');

describe('staffing and incidents from CSV feeds', () => {
  let database: DatabaseHandle;
  let dropDb: () => Promise<void>;
  const dir = createTempDir();
  const dropDir = join(dir.path, 'feeds');
  let config: AppConfig;
  let redis: Redis;
  let events: RedisBoardEvents;
  let pollQueue: Queue<WardPollJob>;
  let access: AccessTestApp;
  let boards: BoardRepository;
  let scoring: ScoringService;
  let drop: FeedDropService;
  let admin = '';
  let lead = '';
  let now = START;

  beforeAll(async () => {
    const pg = await createPostgresDatabase();
    database = await openDatabase({ databaseUrl: pg.url, dataDir: '' });
    dropDb = async () => {
      await database.close();
      await pg.drop();
    };
    const feedsConfig = join(dir.path, 'feeds.json');
    writeFileSync(
      feedsConfig,
      JSON.stringify({
        wards: { '7A Cedar (MH)': 'ward-cedar' },
        incidents: {
          categories: { 'Violence, aggression & abuse': ['violence-aggression'], 'Medication error': [] },
        },
      }),
    );
    config = testConfig({ FEEDS_CONFIG: feedsConfig, FEEDS_DIR: dropDir, FEEDS_SETTLE: '30s' });
    const prefix = uniquePrefix();
    redis = createRedis(TEST_REDIS_URL);
    events = new RedisBoardEvents(createRedis(TEST_REDIS_URL), createRedis(TEST_REDIS_URL), prefix);
    pollQueue = new Queue<WardPollJob>(QUEUES.wardPoll, {
      connection: { url: TEST_REDIS_URL, maxRetriesPerRequest: null },
      prefix,
    });
    boards = new BoardRepository(database.db);
    await boards.upsertWards(wards, new Date(START));
    const scores = new ScoreRepository(database.db);
    const feeds = new FeedRepository(database.db);
    const clock = () => now;
    scoring = new ScoringService(boards, scores, events, config, feeds, new OutcomeRepository(database.db));
    access = await startAccessTestApp({
      database,
      redis,
      events,
      config,
      prefix,
      clock,
      controllers: [FeedsController, HeatmapController],
      providers: [
        FeedImportService,
        { provide: PollSchedulerService, useValue: new PollSchedulerService(pollQueue, config) },
        { provide: FeedRepository, useValue: feeds },
        { provide: ScoreRepository, useValue: scores },
        { provide: ScoringService, useValue: scoring },
        { provide: HeatmapService, useValue: new HeatmapService(boards, scores, clock, config) },
      ],
    });
    drop = new FeedDropService(
      new DropFolder(dropDir),
      access.app.get(FeedImportService),
      access.app.get(AuditService),
      config,
      clock,
    );
    admin = (await access.sessionFor([{ role: 'admin', wards: '*', sites: '*' }], 'Trust admin')).cookie;
    lead = (await access.sessionFor([{ role: 'inpatient-lead', wards: '*', sites: '*' }], 'Inpatient lead')).cookie;
  }, 60_000);

  afterAll(async () => {
    await access?.close();
    await pollQueue?.obliterate({ force: true });
    await pollQueue?.close();
    await events?.close();
    redis?.disconnect();
    await dropDb?.();
    dir.remove();
  });

  const http = () => request(access.app.getHttpServer());
  const upload = (kind: 'roster' | 'incidents', body: string, name: string, cookie = admin) =>
    http()
      .post(`/api/feeds/${kind}?name=${encodeURIComponent(name)}`)
      .set('Cookie', cookie)
      .set('Origin', access.origin)
      .set('Content-Type', 'text/csv')
      .send(body);
  /** A complete poll of the ward at `now` (what the poll the import queues would store), scored. */
  const pollAndScore = async (wardId: string, context: Partial<WardSnapshot['wardContext']> = {}) => {
    const asOf = new Date(now).toISOString();
    const snapshot = makeWardSnapshot(asOf, {
      wardId,
      census: makeCensus({ beds: 20, occupied: 18, free: 2 }),
      wardContext: { readAt: asOf, incidents: [], staffing: [], ...context },
    });
    expect(await boards.acceptSnapshot(snapshot)).not.toBeNull();
    expect((await scoring.scoreWard(wardId)).scored).toBe(true);
  };
  const cellsOf = async (wardId: string): Promise<Record<string, MeasureCell>> => {
    const heatmap = (await http().get('/api/heatmap').set('Cookie', lead).expect(200)).body as Heatmap;
    const row = heatmap.wards.find((w) => w.wardId === wardId);
    return Object.fromEntries((row?.cells ?? []).map((c) => [c.measureId, c]));
  };
  const count = async (table: typeof feedImports | typeof staffingDays | typeof feedIncidents) =>
    Number((await database.db.select({ n: sql<number>`count(*)` }).from(table))[0]?.n ?? 0);
  const audited = (outcome: AuditOutcome) =>
    database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'feeds.import'), eq(auditLog.outcome, outcome)));

  it('should turn the staffing cells from "no data" into values from a roster file, saying they came from the roster import', async () => {
    await pollAndScore('ward-cedar');
    const before = await cellsOf('ward-cedar');
    for (const id of ['bank-agency', 'sickness', 'fill-rate'])
      expect(before[id]).toMatchObject({ value: null, reason: 'staffing reported for 0 of the last 7 days' });

    const response = await upload('roster', rosterWeek(), 'roster-week-48.csv').expect(200);
    const report = response.body as FeedImportReport;
    expect(report).toMatchObject({
      kind: 'roster',
      outcome: 'imported',
      fileName: 'roster-week-48.csv',
      rows: 14,
      added: 14,
      replaced: 0,
      unchanged: 0,
      wards: ['ward-ash', 'ward-cedar'],
      errors: [],
      receivedAt: '2026-12-06T07:00:00.000Z',
    });
    expect(report.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await count(staffingDays)).toBe(14);
    // The wards the file changed are polled at once, so their next scores take it up.
    const queued = await pollQueue.getJobs(['waiting', 'delayed']);
    expect(queued.map((j) => [j.data.wardId, j.data.trigger]).sort()).toEqual([
      ['ward-ash', 'manual'],
      ['ward-cedar', 'manual'],
    ]);

    now += 15 * MINUTE;
    await pollAndScore('ward-cedar');
    const after = await cellsOf('ward-cedar');
    const source = 'Staffing: roster import, Sun 6 Dec 07:00 GMT';
    expect(after['bank-agency']).toEqual({ measureId: 'bank-agency', value: 15.8, band: 'amber', source });
    expect(after.sickness).toEqual({ measureId: 'sickness', value: 3.1, band: 'green', source });
    expect(after['fill-rate']).toEqual({ measureId: 'fill-rate', value: 95, band: 'amber', source });
    expect(after.occupancy?.source).toBeUndefined();

    const [entry] = await audited('success');
    expect(entry).toMatchObject({ actorKind: 'user', role: 'admin', actorName: 'Trust admin' });
    expect(entry?.detail).toMatchObject({ kind: 'roster', via: 'upload', outcome: 'imported', rows: 14, added: 14 });
  });

  it('should change nothing when the same file comes again, and replace only what a corrected file corrects', async () => {
    const imports = await count(feedImports);
    const again = (await upload('roster', rosterWeek(), 'roster-week-48 (1).csv').expect(200)).body as FeedImportReport;
    expect(again).toMatchObject({ outcome: 'already-imported', rows: 14, added: 0, replaced: 0, errors: [] });
    expect(again.message).toBe(
      'already imported on Sun 6 Dec 07:00 GMT (import 1, "roster-week-48.csv"): nothing changed',
    );
    expect(await count(feedImports)).toBe(imports);

    now += MINUTE;
    const corrected = (await upload('roster', rosterWeek('15'), 'roster-week-48-corrected.csv').expect(200))
      .body as FeedImportReport;
    expect(corrected).toMatchObject({ outcome: 'imported', rows: 14, added: 0, replaced: 7, unchanged: 7 });
    expect(await count(staffingDays)).toBe(14);
    const [day] = await database.db
      .select()
      .from(staffingDays)
      .where(and(eq(staffingDays.wardId, 'ward-cedar'), eq(staffingDays.date, '2026-12-01')));
    expect([day?.sicknessHours, day?.importId]).toEqual([15, corrected.importId]);
    now += 15 * MINUTE;
    await pollAndScore('ward-cedar');
    expect((await cellsOf('ward-cedar')).sickness).toMatchObject({
      value: 6.3,
      source: 'Staffing: roster import, Sun 6 Dec 07:16 GMT',
    });
  });

  it('should refuse a file with any bad row, naming every problem by line and column, and store nothing of it', async () => {
    const [imports, days] = [await count(feedImports), await count(staffingDays)];
    const bad = [
      'Unit,Date,Planned Hours,Actual Hours,Bank Hours,Agency Hours,Sickness Hours',
      'Cedar Ward,30/11/2026,240,200,10,0,0',
      'Birch Ward,30/11/2026,240,200,10,0,0',
      'Ash Ward,31/11/2026,180,170,-5,0,0',
      'Ash Ward,01/12/2026,40,170,0,0,0',
      'Cedar Ward,30/11/2026,240,201,10,0,0',
    ].join('\n');
    const response = await upload('roster', bad, 'roster-bad.csv').expect(422);
    const report = response.body as FeedImportReport;
    expect(report).toMatchObject({ outcome: 'rejected', importId: null, rows: 5, added: 0, moreErrors: 0 });
    expect(report.message).toBe('rejected: 5 problems; nothing was imported');
    expect(report.errors).toEqual([
      {
        line: 3,
        column: 'Unit',
        message: 'unknown ward "Birch Ward": not a ward name or id Wardflow knows, nor mapped in FEEDS_CONFIG wards',
      },
      { line: 4, column: 'Date', message: 'no such date: "31/11/2026" (DD/MM/YYYY)' },
      { line: 4, column: 'Bank Hours', message: 'negative hours: -5' },
      {
        line: 5,
        column: 'Actual Hours',
        message: '170 actual hours is more than 3 times the 40 planned: check the export',
      },
      { line: 6, column: null, message: 'ward ward-cedar on 2026-11-30 is already on line 2 with different hours' },
    ]);
    expect([await count(feedImports), await count(staffingDays)]).toEqual([imports, days]);
    const unknownCategory = await upload(
      'incidents',
      `${INCIDENTS}\r\nW1004,05/12/2026,Cedar Ward,Verbal abuse,Low`,
      'incidents-bad.csv',
    ).expect(422);
    expect((unknownCategory.body as FeedImportReport).errors).toEqual([
      {
        line: 5,
        column: 'Type/Category',
        message: expect.stringMatching(/^category "Verbal abuse" is not in FEEDS_CONFIG/),
      },
    ]);
    expect(await count(feedIncidents)).toBe(0);
    const [failure] = await audited('failure');
    expect(failure?.detail).toMatchObject({ kind: 'roster', outcome: 'rejected', errors: 5 });
  });

  it('should add imported incidents to those FHIR gave, counting an incident both have once, and say both sources', async () => {
    const report = (await upload('incidents', INCIDENTS, 'datix-2026-12-06.csv').expect(200)).body as FeedImportReport;
    expect(report).toMatchObject({ outcome: 'imported', rows: 3, added: 3, wards: ['ward-cedar'] });
    now += 15 * MINUTE;
    const readAt = new Date(now).toISOString();
    await pollAndScore('ward-cedar', {
      incidents: [{ id: 'W1001', categories: ['violence-aggression'], occurredAt: '2026-12-04T22:15:00Z' }],
    });
    const cells = await cellsOf('ward-cedar');
    expect(cells['violence-aggression']).toMatchObject({
      detail: expect.stringMatching(/^2 incidents over /),
      source: 'Incidents: FHIR, read Sun 6 Dec 07:46 GMT; incident import, Sun 6 Dec 07:31 GMT',
    });
    expect(readAt).toBe('2026-12-06T07:46:00.000Z');
    // The medication error is stored (a later file may re-categorise it) but counted nowhere.
    expect(await count(feedIncidents)).toBe(3);
    expect(cells['self-harm']).toMatchObject({ value: 0, detail: expect.stringMatching(/^0 incidents/) });
  });

  it('should import a settled file from the drop folder into processed/, refuse a bad one into rejected/ with its report, and leave a file being written alone', async () => {
    now += MINUTE;
    const roster = join(dropDir, 'roster');
    const incidents = join(dropDir, 'incidents');
    mkdirSync(roster, { recursive: true });
    mkdirSync(incidents, { recursive: true });
    const settled = (path: string, body: string, ageMs = 5 * MINUTE) => {
      writeFileSync(path, body);
      utimesSync(path, new Date(now - ageMs), new Date(now - ageMs));
    };
    const nextWeek = rosterWeek().replaceAll('P12', 'P13').replace('Sickness Hours', 'Sickness Hours ');
    settled(join(roster, 'week-49.csv'), nextWeek);
    settled(join(incidents, 'datix-bad.csv'), `${INCIDENTS}\r\nW1005,05/12/2026,Nowhere Ward,Falls,Low`);
    // Still being written (changed 5 s ago), and names that are never read: a temporary file and an Excel lock file.
    settled(join(roster, 'week-50.csv'), rosterWeek('1'), 5_000);
    settled(join(roster, 'week-51.csv.part'), 'Unit,Date\n', 5 * MINUTE);
    settled(join(roster, '~$week-49.csv'), 'lock', 5 * MINUTE);

    expect(await drop.scan()).toEqual({ imported: 1, alreadyImported: 0, rejected: 1, waiting: 1 });
    expect(readdirSync(roster).sort()).toEqual([
      'processed',
      'rejected',
      'week-50.csv',
      'week-51.csv.part',
      '~$week-49.csv',
    ]);
    expect(readdirSync(join(roster, 'processed'))).toEqual(['week-49.csv']);
    expect(readdirSync(join(incidents, 'rejected')).sort()).toEqual(['datix-bad.csv', 'datix-bad.csv.report.json']);
    const report = JSON.parse(
      readFileSync(join(incidents, 'rejected', 'datix-bad.csv.report.json'), 'utf8'),
    ) as FeedImportReport;
    expect(report).toMatchObject({ kind: 'incidents', outcome: 'rejected', fileName: 'datix-bad.csv', rows: 4 });
    expect(report.errors).toEqual([
      { line: 5, column: 'Location (exact)', message: expect.stringMatching(/^unknown ward "Nowhere Ward"/) },
    ]);
    const [stored] = await database.db.select().from(feedImports).where(eq(feedImports.fileName, 'week-49.csv'));
    expect(stored).toMatchObject({ kind: 'roster', via: 'drop-folder', actor: roster, rows: 14 });
    const system = await database.db.select().from(auditLog).where(eq(auditLog.actorKind, 'system'));
    expect(system.map((e) => [e.actorName, e.outcome, e.detail.fileName])).toEqual([
      ['drop folder', 'success', 'week-49.csv'],
      ['drop folder', 'failure', 'datix-bad.csv'],
    ]);

    // Once it has settled it is read; the same bytes dropped again are processed as already imported.
    now += MINUTE;
    utimesSync(join(roster, 'week-50.csv'), new Date(now - MINUTE), new Date(now - MINUTE));
    settled(join(roster, 'week-49.csv'), nextWeek);
    expect(await drop.scan()).toEqual({ imported: 1, alreadyImported: 1, rejected: 0, waiting: 0 });
    expect(readdirSync(join(roster, 'processed')).sort()).toEqual([
      'week-49.20261206T074800Z.csv',
      'week-49.csv',
      'week-50.csv',
    ]);
    expect(existsSync(join(roster, 'week-50.csv'))).toBe(false);
    expect(await drop.scan()).toEqual({ imported: 0, alreadyImported: 0, rejected: 0, waiting: 0 });
  });

  it('should refuse callers without the right (401, 403), a body that is not CSV (415) or too large (413), auditing refusals of those who presented a credential', async () => {
    const deniedBefore = (await audited('denied')).length;
    await http().post('/api/feeds/roster').set('Content-Type', 'text/csv').send(rosterWeek()).expect(401);
    await upload('roster', rosterWeek(), 'x.csv', lead).expect(403);
    await upload('incidents', INCIDENTS, 'x.csv', lead).expect(403);
    const denied = await audited('denied');
    // The anonymous probe is nobody to hold to account; the lead's two attempts are recorded.
    expect(denied.length).toBe(deniedBefore + 2);
    expect(denied.at(-1)).toMatchObject({ actorName: 'Inpatient lead', outcome: 'denied' });

    const failuresBefore = (await audited('failure')).length;
    await http()
      .post('/api/feeds/roster')
      .set('Cookie', admin)
      .set('Origin', access.origin)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ rows: [] }))
      .expect(415);
    await http()
      .post('/api/feeds/roster')
      .set('Cookie', admin)
      .set('Origin', access.origin)
      .set('Content-Type', 'text/csv; charset=windows-1252')
      .send('Unit,Date\n')
      .expect(415);
    await upload('roster', 'x'.repeat(10 * 1024 * 1024 + 1), 'huge.csv').expect(413);
    const failures = await audited('failure');
    expect(failures.slice(failuresBefore).map((e) => e.detail.status)).toEqual([415, 415, 413]);
    // A foreign page riding an admin's session imports nothing: refused before the body is read.
    await http()
      .post('/api/feeds/roster')
      .set('Cookie', admin)
      .set('Origin', 'https://attacker.example')
      .set('Content-Type', 'text/csv')
      .send(rosterWeek())
      .expect(403);
    expect(await count(staffingDays)).toBe(14);
  });
});
