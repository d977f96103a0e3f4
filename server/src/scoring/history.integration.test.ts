/**
 * History on both databases the server runs on (PostgreSQL and PGlite): the compaction that keeps
 * growth bounded, the history import (here with the simulated trust's 180 days, as the demo loads
 * them), and the refit that learns from it (or says it keeps the expert defaults, and why).
 */
import { formatHistory, generateWardHistory, historyWardsOf } from '@wardflow/fhir-simulator';
import { testConfig } from '../testing/test-config.js';
import type { MeasureCell, Ward } from '@wardflow/shared';
import type { BoardEvents } from '../core/board-events.port.js';
import { BoardRepository } from '../store/board.repository.js';
import { FeedRepository } from '../store/feed.repository.js';
import { OutcomeRepository } from '../store/outcome.repository.js';
import { openDatabase, type DatabaseHandle } from '../store/database.adapter.js';
import { ScoreRepository, type NewScore } from '../store/score.repository.js';
import { createPostgresDatabase, createTempDir } from '../testing/test-databases.js';
import { DayScoresWriter } from './day-scores.writer.js';
import { ModelRefitService } from './model-refit.service.js';
import { ScoringService } from './scoring.service.js';
import { HistoryImportService } from '../history-import/history-import.service.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = new Date('2026-11-22T10:00:00Z');
const wards: Ward[] = [
  {
    id: 'mh-1',
    name: 'Cedar',
    siteId: 's',
    siteName: 'S',
    profile: 'mental-health',
    displayLabel: 'initials',
    showMentalHealthAct: true,
  },
  {
    id: 'mh-2',
    name: 'Elm',
    siteId: 's',
    siteName: 'S',
    profile: 'mental-health',
    displayLabel: 'initials',
    showMentalHealthAct: true,
  },
  {
    id: 'ac-1',
    name: 'Ash',
    siteId: 's',
    siteName: 'S',
    profile: 'acute',
    displayLabel: 'initials',
    showMentalHealthAct: true,
  },
  {
    id: 'ac-2',
    name: 'Oak',
    siteId: 's',
    siteName: 'S',
    profile: 'acute',
    displayLabel: 'initials',
    showMentalHealthAct: true,
  },
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
      for (let q = 0; q < 12; q++)
        rows.push(score('mh-1', new Date(NOW.getTime() - daysAgo * DAY - 4 * HOUR + q * 15 * 60_000)));
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

  const scoringWith = (config: ReturnType<typeof testConfig>) =>
    new ScoringService(
      boards,
      scores,
      silentEvents,
      config,
      new FeedRepository(database.db),
      new OutcomeRepository(database.db),
    );

  it('should import 180 days of history once (the same file again changes nothing), and refit a model on it per profile', async () => {
    const config = testConfig({});
    const scoring = scoringWith(config);
    const history = new HistoryImportService(
      boards,
      new DayScoresWriter(scores),
      scoring,
      new ModelRefitService(boards, scores),
      () => NOW.getTime(),
    );
    const file = formatHistory(
      generateWardHistory({ seed: 3, wards: historyWardsOf(wards), days: 180, endDate: '2026-11-21' }),
      'ndjson',
    );
    const first = await history.import(file, 'ndjson', false);
    expect(first).toMatchObject({
      rows: 720,
      written: 720,
      unchanged: 0,
      errors: [],
      wards: ['ac-1', 'ac-2', 'mh-1', 'mh-2'],
    });
    expect(await scores.countScores('mh-1')).toBe(180);
    const again = await history.import(file, 'ndjson', false);
    expect(again).toMatchObject({ rows: 720, written: 0, unchanged: 720, refit: [] });
    expect(await scores.countScores()).toBe(4 * 180);

    expect(first.refit).toEqual([
      expect.stringMatching(/^mental-health: Fitted on \d+ ward-days over \d+ days from 2 wards/),
      expect.stringMatching(/^acute: Fitted on/),
    ]);
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

  it('should write nothing from a file with any bad row, and never overwrite a live poll', async () => {
    const config = testConfig({});
    const scoring = scoringWith(config);
    const history = new HistoryImportService(
      boards,
      new DayScoresWriter(scores),
      scoring,
      new ModelRefitService(boards, scores),
      () => NOW.getTime(),
    );
    const csv = [
      'ward,date,occupancy,falls',
      'ac-1,2026-11-20,91.5,2',
      'ac-1,2026-11-21,abc,1',
      'nowhere,2026-11-19,90,',
    ].join('\n');
    const refused = await history.import(csv, 'csv', false);
    expect(refused.errors).toEqual([
      { line: 3, column: 'occupancy', message: 'not a number: "abc"' },
      { line: 4, column: 'ward', message: 'unknown ward "nowhere" (use the ward ids GET /api/wards lists)' },
    ]);
    expect(refused.written).toBe(0);
    expect(await scores.countScores()).toBe(0);

    // A live poll's score at the instant an imported day would take stays as it was.
    await scores.insertScore({ ...score('ac-1', new Date('2026-11-20T12:00:00Z')), composite: 42 });
    const report = await history.import('ward,date,occupancy\nac-1,2026-11-20,80\nac-1,2026-11-19,85\n', 'csv', false);
    expect(report).toMatchObject({ written: 1, liveKept: 1, errors: [] });
    const kept = await scores.history('ac-1', new Date('2026-11-18T00:00:00Z'), NOW);
    expect(kept.map((r) => [r.source, r.composite === 42])).toEqual([
      ['imported', false],
      ['live', true],
    ]);
  }, 60_000);

  it('should keep the expert defaults with too little history, and say how much there was', async () => {
    const rows: NewScore[] = [];
    for (let d = 0; d < 20; d++)
      for (const w of wards) rows.push({ ...score(w.id, new Date(NOW.getTime() - d * DAY)), granularity: 'day' });
    await scores.insertScores(rows);
    const outcomes = await new ModelRefitService(boards, scores).refitAll(NOW);
    expect(outcomes.every((o) => o.source === 'expert-default')).toBe(true);
    expect(outcomes[0]?.summary).toBe(
      'Expert default weights: 13 days of history with known outcomes (0 ward-weeks needing support, 26 not); a fit needs 56 days and 30 of each.',
    );
    expect((await scores.latestModel('mental-health'))?.source).toBe('expert-default');
  });
});
