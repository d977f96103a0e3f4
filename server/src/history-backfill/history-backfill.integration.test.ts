/**
 * The history backfill over real HTTP against the simulator serving its past as FHIR, into a real
 * PostgreSQL database: the days stored agree with what the FHIR resources say (the simulator's truth
 * table), on a full server and on a minimal one (GET only, no _revinclude or _lastUpdated), across bays;
 * a run stopped mid-way carries on from its last window; a second run changes nothing; days a live poll
 * scored or a trust imported are left alone.
 */
import { startSimulator, type HistoryTruthRow, type RunningSimulator } from '@wardflow/fhir-simulator';
import {
  addCalendarDays,
  londonDate,
  londonNoon,
  NOT_BACKFILLED,
  round1,
  type MeasureCell,
  type Ward,
} from '@wardflow/shared';
import type { BoardEvents } from '../core/board-events.port.js';
import { FhirReader } from '../fhir/fhir-reader.adapter.js';
import { RequestPlanService } from '../ingest/request-plan.service.js';
import { WardDiscoveryService } from '../ingest/ward-discovery.service.js';
import { DayScoresWriter } from '../scoring/day-scores.writer.js';
import { ModelRefitService } from '../scoring/model-refit.service.js';
import { ScoringService } from '../scoring/scoring.service.js';
import { BackfillRepository } from '../store/backfill.repository.js';
import { BoardRepository } from '../store/board.repository.js';
import { openDatabase, type DatabaseHandle } from '../store/database.adapter.js';
import { FeedRepository } from '../store/feed.repository.js';
import { OutcomeRepository } from '../store/outcome.repository.js';
import { ScoreRepository, type ScoreRow } from '../store/score.repository.js';
import { createPostgresDatabase, createTempDir } from '../testing/test-databases.js';
import { testConfig } from '../testing/test-config.js';
import { HistoryBackfillRunner } from './history-backfill.service.js';
import { WardPastReader } from './ward-past.reader.js';

const HISTORY_DAYS = 45;
const RUN_DAYS = 40;
const silentEvents = { publishHeatmap: async () => undefined } as unknown as BoardEvents;

interface Rig {
  simulator: RunningSimulator;
  database: DatabaseHandle;
  runs: BackfillRepository;
  scores: ScoreRepository;
  boards: BoardRepository;
  outcomes: OutcomeRepository;
  reader: WardPastReader;
  runner: HistoryBackfillRunner;
  wards: Ward[];
  close(): Promise<void>;
}

async function rig(mode: 'full' | 'minimal'): Promise<Rig> {
  const simulator = await startSimulator({
    seed: 5,
    wards: 4,
    historyDays: HISTORY_DAYS,
    mode,
    shapes: { bedLayout: 'mixed', readingLinks: 'mixed' },
  });
  const postgres = await createPostgresDatabase();
  const dir = createTempDir();
  const database = await openDatabase({ databaseUrl: postgres.url, dataDir: dir.path });
  const fhir = new FhirReader({ baseUrl: simulator.baseUrl, timeoutMs: 10_000 });
  const config = testConfig({ HISTORY_BACKFILL_DAYS: String(RUN_DAYS) });
  const boards = new BoardRepository(database.db);
  const scores = new ScoreRepository(database.db);
  const feeds = new FeedRepository(database.db);
  const runs = new BackfillRepository(database.db);
  const wards = await new WardDiscoveryService(fhir).discover();
  await boards.upsertWards(wards, new Date());
  const outcomes = new OutcomeRepository(database.db);
  const scoring = new ScoringService(boards, scores, silentEvents, config, feeds, outcomes);
  const reader = new WardPastReader(fhir, new RequestPlanService(fhir, Date.now, config));
  const runner = new HistoryBackfillRunner(
    runs,
    boards,
    scores,
    feeds,
    outcomes,
    scoring,
    new DayScoresWriter(scores),
    new ModelRefitService(boards, scores),
    reader,
    fhir,
    config,
    Date.now,
  );
  return {
    simulator,
    database,
    runs,
    scores,
    boards,
    outcomes,
    reader,
    runner,
    wards,
    async close() {
      await database.close();
      await postgres.drop();
      await simulator.close();
      dir.remove();
    },
  };
}

async function newRun(r: Rig, days = RUN_DAYS): Promise<number> {
  const to = addCalendarDays(londonDate(Date.now()), -1);
  const run = await r.runs.startRun({
    requestedAt: new Date(),
    requestedBy: 'test',
    days,
    from: addCalendarDays(to, -(days - 1)),
    to,
    wardIds: r.wards.map((w) => w.id),
  });
  if (run === null) throw new Error('a run is running already');
  return run.id;
}

async function storedDays(r: Rig): Promise<Map<string, ScoreRow>> {
  const rows = await r.scores.dayScores(
    r.wards.map((w) => w.id),
    new Date(Date.now() - 400 * 86_400_000),
    new Date(),
  );
  return new Map(rows.map((row) => [`${row.wardId}|${londonDate(row.at)}`, row]));
}

const valueOf = (cells: readonly MeasureCell[], id: string) => cells.find((c) => c.measureId === id)?.value;

describe('history backfill from FHIR (real HTTP, PostgreSQL)', () => {
  let full: Rig;
  let truth: Map<string, HistoryTruthRow>;
  let days: Map<string, ScoreRow>;
  let firstRequests: number;

  beforeAll(async () => {
    full = await rig('full');
    truth = new Map(full.simulator.history().map((t) => [`${t.wardId}|${t.date}`, t]));
    const runId = await newRun(full);
    const before = full.simulator.requestCount();
    const run = await full.runner.run(runId);
    firstRequests = full.simulator.requestCount() - before;
    expect(run?.status).toBe('done');
    days = await storedDays(full);
  }, 120_000);

  afterAll(async () => {
    await full.close();
  });

  it('should store every ward-day of the run as backfilled, with FHIR requests per ward independent of its beds', async () => {
    const run = await full.runs.latestRun();
    expect(run?.wards.map((w) => w.status)).toEqual(full.wards.map(() => 'done'));
    expect(run?.wards.every((w) => w.doneThrough === run.to)).toBe(true);
    expect(days.size).toBe(full.wards.length * RUN_DAYS);
    expect([...days.values()].every((d) => d.source === 'backfilled')).toBe(true);
    // The tree walk (1-2 searches), then per 30-day window: encounters, incidents, staffing, and their pages.
    const perWard = run?.wards.map((w) => w.requests) ?? [];
    // All but the CapabilityStatement read by the request plan are counted against a ward.
    expect(perWard.reduce((a, b) => a + b, 0)).toBe(firstRequests - 1);
    for (const requests of perWard) expect(requests).toBeLessThanOrEqual(16);
  });

  it('should give each day the occupancy the FHIR stays say at its midnight census, over the ward’s beds', async () => {
    let checked = 0;
    for (const ward of full.wards) {
      const { places } = await full.reader.places(ward.id);
      for (const [key, row] of days) {
        if (!key.startsWith(`${ward.id}|`)) continue;
        const t = truth.get(key);
        if (t === undefined) throw new Error(`no truth for ${key}`);
        expect(valueOf(row.cells, 'occupancy')).toBe(round1((t.occupiedAtCensus / places.bedCount) * 100));
        checked++;
      }
    }
    expect(checked).toBe(full.wards.length * RUN_DAYS);
  });

  it('should work out staffing over the 7 days before from the MeasureReports, and incidents per 1,000 occupied bed days', async () => {
    let staffingChecked = 0;
    let incidentsChecked = 0;
    for (const [key, row] of days) {
      const [wardId, date] = key.split('|') as [string, string];
      const ward = full.wards.find((w) => w.id === wardId) as Ward;
      const before = [1, 2, 3, 4, 5, 6, 7].map((back) => truth.get(`${wardId}|${addCalendarDays(date, -back)}`));
      if (before.every((t) => t?.wardContext === 'history')) {
        const reported = before.filter((t) => t?.staffing !== null).map((t) => t?.staffing);
        const expected =
          reported.length < 4
            ? null
            : round1(
                (reported.reduce((n, s) => n + (s?.actual ?? 0), 0) /
                  reported.reduce((n, s) => n + (s?.planned ?? 0), 0)) *
                  100,
              );
        expect(valueOf(row.cells, 'fill-rate')).toBe(expected);
        staffingChecked++;
      }
      const week = [0, 1, 2, 3, 4, 5, 6].map((back) => truth.get(`${wardId}|${addCalendarDays(date, -back)}`));
      if (week.every((t) => t?.wardContext === 'history')) {
        const category = ward.profile === 'acute' ? 'fall' : 'self-harm';
        const measure = ward.profile === 'acute' ? 'falls' : 'self-harm';
        const count = week.reduce((n, t) => n + (t?.incidentsByCategory?.[category] ?? 0), 0);
        const bedDays = week.reduce((n, t) => n + (t?.occupiedAtCensus ?? 0), 0);
        expect(valueOf(row.cells, measure)).toBe(round1((count / bedDays) * 1000));
        expect(row.occupiedBedDays7d).toBe(bedDays);
        incidentsChecked++;
      }
    }
    expect(staffingChecked).toBeGreaterThan(40);
    expect(incidentsChecked).toBeGreaterThan(40);
  });

  it('should leave the measures that need each patient’s record then null with the reason, and still score a composite', () => {
    for (const row of days.values()) {
      for (const id of [
        'enhanced-observations',
        'awol',
        'deteriorating',
        'overdue-observations',
        'delayed-discharges',
      ]) {
        const cell = row.cells.find((c) => c.measureId === id);
        if (cell === undefined) continue;
        expect(cell.value).toBeNull();
        expect(cell.reason).toBe(NOT_BACKFILLED);
      }
    }
    const scored = [...days.values()].filter((d) => d.composite !== null);
    expect(scored.length).toBeGreaterThan(days.size * 0.8);
  });

  it('should change nothing when run again, and leave alone a day a live poll scored and a day a trust imported', async () => {
    const ward = full.wards[0] as Ward;
    const to = addCalendarDays(londonDate(Date.now()), -1);
    const liveDate = addCalendarDays(to, -3);
    const importedDate = addCalendarDays(to, -20);
    const { id: _id, ...imported } = days.get(`${ward.id}|${importedDate}`) as ScoreRow;
    await full.scores.insertScore({
      ...imported,
      at: new Date(londonNoon(liveDate).getTime() + 3_600_000),
      granularity: 'poll',
      source: 'live',
    });
    await full.scores.upsertDayScores([{ ...imported, composite: 99, source: 'imported' }]);

    const runId = await newRun(full);
    const run = await full.runner.run(runId);
    expect(run?.status).toBe('done');
    const total = (key: 'written' | 'unchanged' | 'kept') => run?.wards.reduce((n, w) => n + w[key], 0);
    expect(total('written')).toBe(0);
    expect(total('kept')).toBe(2);
    expect(total('unchanged')).toBe(full.wards.length * RUN_DAYS - 2);
    const after = await storedDays(full);
    expect(after.get(`${ward.id}|${importedDate}`)?.source).toBe('imported');
    expect(after.get(`${ward.id}|${importedDate}`)?.composite).toBe(99);

    // Windows that fall on other days work the same days out the same way, trends included.
    const shifted = await full.runner.run(await newRun(full, RUN_DAYS - 7));
    expect(shifted?.wards.reduce((n, w) => n + w.written, 0)).toBe(0);
  }, 60_000);

  it('should count each window once when two workers hold the same run (a lock lost, the job taken over)', async () => {
    const r = await rig('full');
    try {
      const second = new HistoryBackfillRunner(
        r.runs,
        r.boards,
        r.scores,
        new FeedRepository(r.database.db),
        r.outcomes,
        new ScoringService(
          r.boards,
          r.scores,
          silentEvents,
          testConfig({}),
          new FeedRepository(r.database.db),
          r.outcomes,
        ),
        new DayScoresWriter(r.scores),
        new ModelRefitService(r.boards, r.scores),
        r.reader,
        { baseUrl: r.simulator.baseUrl },
        testConfig({}),
        Date.now,
      );
      const runId = await newRun(r);
      const [a, b] = await Promise.all([r.runner.run(runId), second.run(runId)]);
      const run = await r.runs.run(runId);
      expect(run?.status).toBe('done');
      expect([a?.status, b?.status]).toContain('done');
      expect(run?.wards.every((w) => w.status === 'done' && w.doneThrough === run.to)).toBe(true);
      expect(run?.wards.reduce((n, w) => n + w.written + w.unchanged, 0)).toBe(r.wards.length * RUN_DAYS);
      expect((await storedDays(r)).size).toBe(r.wards.length * RUN_DAYS);
    } finally {
      await r.close();
    }
  }, 120_000);

  it('should carry a run stopped mid-way on from its last window, not from the start', async () => {
    const r = await rig('full');
    try {
      const runId = await newRun(r);
      let windows = 0;
      const stopAfterThree = async () => {
        windows++;
        if (windows === 3) throw new Error('worker killed');
      };
      await expect(r.runner.run(runId, stopAfterThree)).rejects.toThrow('worker killed');
      const stopped = await r.runs.run(runId);
      expect(stopped?.status).toBe('running');
      const done = stopped?.wards.filter((w) => w.doneThrough !== null) ?? [];
      expect(done.map((w) => w.doneThrough)).toEqual([stopped?.to, addCalendarDays(stopped?.from ?? '', 29)]);

      const before = r.simulator.requestCount();
      const finished = await r.runner.run(runId);
      const resumedRequests = r.simulator.requestCount() - before;
      expect(finished?.status).toBe('done');
      // Three of eight windows were done: carrying on costs well under a whole run.
      expect(resumedRequests).toBeLessThan(firstRequests * 0.8);
      expect(finished?.wards.reduce((n, w) => n + w.written, 0)).toBe(r.wards.length * RUN_DAYS);
      const stored = await storedDays(r);
      expect(stored.size).toBe(r.wards.length * RUN_DAYS);
      // The same days as a run that was never stopped.
      for (const [key, row] of stored) expect(row.cells).toEqual(days.get(key)?.cells);
    } finally {
      await r.close();
    }
  }, 120_000);

  it('should store the same days from a minimal server (GET only, no _revinclude or _lastUpdated)', async () => {
    const r = await rig('minimal');
    try {
      const runId = await newRun(r);
      const run = await r.runner.run(runId);
      expect(run?.status).toBe('done');
      const stored = await storedDays(r);
      expect(stored.size).toBe(days.size);
      for (const [key, row] of stored) {
        expect(row.cells).toEqual(days.get(key)?.cells);
        expect(row.harmIncidents7d).toBe(days.get(key)?.harmIncidents7d);
      }
    } finally {
      await r.close();
    }
  }, 120_000);

  it('should refuse a second run while one is running (one at a time, whoever asks)', async () => {
    const first = await newRun(full);
    await expect(newRun(full)).rejects.toThrow('a run is running already');
    await full.runs.finishRun(first, 'done', new Date());
  });
});
