/**
 * History on both databases the server runs on (PostgreSQL and PGlite): the compaction that keeps
 * growth bounded, the simulated history of the demo trust, and the weekly refit that learns from it
 * (or says it keeps the expert defaults, and why).
 */
import { testConfig } from '../testing/test-config.js';
import type { MeasureCell, Ward } from '@wardflow/shared';
import type { BoardEvents } from '../realtime/board-events.adapter.js';
import { BoardRepository } from '../store/board.repository.js';
import { openDatabase, type DatabaseHandle } from '../store/database.adapter.js';
import { ScoreRepository, type NewScore } from '../store/score.repository.js';
import { createPostgresDatabase, createTempDir } from '../testing/test-databases.js';
import { ModelRefitService } from './model-refit.service.js';
import { ScoringService } from './scoring.service.js';
import { SimulatedHistoryService } from './simulated-history.service.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = new Date('2026-11-22T10:00:00Z');
const wards: Ward[] = [
  { id: 'mh-1', name: 'Cedar', siteId: 's', siteName: 'S', profile: 'mental-health', displayLabel: 'initials', showMentalHealthAct: true },
  { id: 'mh-2', name: 'Elm', siteId: 's', siteName: 'S', profile: 'mental-health', displayLabel: 'initials', showMentalHealthAct: true },
  { id: 'ac-1', name: 'Ash', siteId: 's', siteName: 'S', profile: 'acute', displayLabel: 'initials', showMentalHealthAct: true },
  { id: 'ac-2', name: 'Oak', siteId: 's', siteName: 'S', profile: 'acute', displayLabel: 'initials', showMentalHealthAct: true },
];
// Announcements are not what these tests are about; the scoring integration test checks them on real Redis.
const silentEvents = { publishHeatmap: async () => undefined } as unknown as BoardEvents;

const score = (wardId: string, at: Date): NewScore => ({
  wardId,
  at,
  granularity: 'poll',
  cells: [] as MeasureCell[],
  composite: 10,
  compositeBand: 'green',
  trend: null,
  prediction: null,
  harmIncidents7d: 0,
  occupiedBedDays7d: 100,
  source: 'live',
});

describe.each([
  ['PostgreSQL', 'postgres'],
  ['PGlite', 'pglite'],
])('history on %s', (_name, kind) => {
  let database: DatabaseHandle;
  let cleanup: () => Promise<void> | void;
  let scores: ScoreRepository;
  let boards: BoardRepository;

  beforeEach(async () => {
    if (kind === 'postgres') {
      const pg = await createPostgresDatabase();
      database = await openDatabase({ databaseUrl: pg.url, dataDir: '' });
      cleanup = async () => {
        await database.close();
        await pg.drop();
      };
    } else {
      const dir = createTempDir();
      database = await openDatabase({ databaseUrl: null, dataDir: dir.path });
      cleanup = async () => {
        await database.close();
        dir.remove();
      };
    }
    scores = new ScoreRepository(database.db);
    boards = new BoardRepository(database.db);
    await boards.upsertWards(wards, NOW);
  }, 60_000);

  afterEach(async () => cleanup());

  it('should keep every poll for 7 days, the last of each hour after that and the last of each day after 90, and do nothing a second time', async () => {
    const rows: NewScore[] = [];
    // Every 15 minutes for 3 hours: today, 10 days ago, 100 days ago.
    for (const daysAgo of [0, 10, 100]) {
      for (let q = 0; q < 12; q++) rows.push(score('mh-1', new Date(NOW.getTime() - daysAgo * DAY - 4 * HOUR + q * 15 * 60_000)));
    }
    await scores.insertScores(rows);
    const newest = await scores.heatmapVersion();

    const first = await scores.compactHistory(NOW);
    expect(first.scoresRemoved).toBe(9 + 11);
    const kept = await scores.history('mh-1', new Date(NOW.getTime() - 200 * DAY), NOW);
    const by = (g: string) => kept.filter((r) => r.granularity === g).length;
    expect([by('poll'), by('hour'), by('day')]).toEqual([12, 3, 1]);
    // The newest score survives, so the heat-map version never goes back.
    expect(await scores.heatmapVersion()).toBe(newest);
    expect(await scores.compactHistory(NOW)).toEqual({ scoresRemoved: 0, snapshotsRemoved: 0 });
  });

  it('should load 180 days of simulated history once, and refit a model on it per profile', async () => {
    const config = testConfig({});
    const scoring = new ScoringService(boards, scores, silentEvents, config);
    const history = new SimulatedHistoryService(scores, scoring);
    expect(await history.load(wards, NOW, 3)).toBe(4);
    expect(await scores.countScores('mh-1')).toBe(180);
    expect(await history.load(wards, NOW, 3)).toBe(0);
    expect(await scores.countScores()).toBe(4 * 180);

    const outcomes = await new ModelRefitService(boards, scores).refitAll(NOW);
    expect(outcomes.map((o) => [o.profile, o.source])).toEqual([
      ['mental-health', 'fitted'],
      ['acute', 'fitted'],
    ]);
    expect(outcomes[0]?.summary).toMatch(/^Fitted on \d+ ward-days over \d+ days from 2 wards/);
    const model = await scores.latestModel('acute');
    expect(model?.source).toBe('fitted');
    expect(model?.featureNames).toContain('bank-agency');
  }, 60_000);

  it('should keep the expert defaults with too little history, and say how much there was', async () => {
    const rows: NewScore[] = [];
    for (let d = 0; d < 20; d++) for (const w of wards) rows.push({ ...score(w.id, new Date(NOW.getTime() - d * DAY)), granularity: 'day' });
    await scores.insertScores(rows);
    const outcomes = await new ModelRefitService(boards, scores).refitAll(NOW);
    expect(outcomes.every((o) => o.source === 'expert-default')).toBe(true);
    expect(outcomes[0]?.summary).toBe('Expert default weights: 13 days of history with known outcomes (0 ward-weeks needing support, 26 not); a fit needs 56 days and 30 of each.');
    expect((await scores.latestModel('mental-health'))?.source).toBe('expert-default');
  });
});
