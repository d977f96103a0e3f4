/**
 * Issue 4's integration bar: a poll of the simulated trust produces scores in PostgreSQL and a
 * heat-map announcement with a higher version; the heat map carries all ten measures for the ward,
 * each with a value and band or the reason there is none, and a prediction with its drivers.
 */
import { QUEUES, type HeatmapChangedMessage, type Ward } from '@wardflow/shared';
import { startIngestHarness, type IngestHarness } from '../testing/ingest-harness.js';
import { BoardRepository } from '../store/board.repository.js';
import { FeedRepository } from '../store/feed.repository.js';
import { OutcomeRepository } from '../store/outcome.repository.js';
import { ScoreRepository } from '../store/score.repository.js';
import { HeatmapService } from './heatmap.service.js';
import { ScoringService } from './scoring.service.js';

describe('scoring after a poll', () => {
  let harness: IngestHarness;
  let scores: ScoreRepository;
  let scoring: ScoringService;
  let heatmaps: HeatmapService;
  const announced: HeatmapChangedMessage[] = [];

  beforeAll(async () => {
    harness = await startIngestHarness({ seed: 4, postgres: true });
    scores = new ScoreRepository(harness.database.db);
    const boards = new BoardRepository(harness.database.db);
    scoring = new ScoringService(
      boards,
      scores,
      harness.events,
      harness.config,
      new FeedRepository(harness.database.db),
      new OutcomeRepository(harness.database.db),
    );
    heatmaps = new HeatmapService(boards, scores, Date.now, harness.config);
    await harness.events.subscribeHeatmap((m) => announced.push(m));
  }, 120_000);

  afterAll(async () => (harness as IngestHarness | undefined)?.close());

  const waitForAnnouncement = async (version: number) => {
    for (let i = 0; i < 100 && !announced.some((m) => m.version === version); i++)
      await new Promise((r) => setTimeout(r, 20));
    return announced.some((m) => m.version === version);
  };

  it('should queue one score job per stored snapshot, score it into the database and announce a higher heat-map version', async () => {
    const ward = harness.wards[0] as Ward;
    const outcome = await harness.ingest.pollWard(ward);
    expect(outcome.ok).toBe(true);
    const jobs = await harness.scoreQueue.getJobs(['waiting', 'delayed', 'active']);
    expect(jobs.map((j) => j.data.wardId)).toEqual([ward.id]);
    expect(harness.scoreQueue.name).toBe(QUEUES.wardScore);

    const before = await scores.heatmapVersion();
    const first = await scoring.scoreWard(ward.id);
    expect(first.scored).toBe(true);
    if (!first.scored) return;
    expect(first.version).toBeGreaterThan(before);
    expect(await scores.countScores(ward.id)).toBe(1);
    expect(await waitForAnnouncement(first.version)).toBe(true);

    // The same snapshot again (a retried job): nothing new, nothing announced.
    expect(await scoring.scoreWard(ward.id)).toEqual({ scored: false, why: 'already scored' });
    expect(await scores.countScores(ward.id)).toBe(1);

    // A new poll, a new snapshot, a higher version.
    await harness.simulator.evolve();
    await harness.ingest.pollWard(ward);
    const second = await scoring.scoreWard(ward.id);
    expect(second.scored && second.version > first.version).toBe(true);
  });

  it('should carry all ten measures for every scored ward, each with value and band or a reason, and a prediction with drivers', async () => {
    for (const ward of harness.wards) {
      await harness.ingest.pollWard(ward);
      await scoring.scoreWard(ward.id);
    }
    const heatmap = await heatmaps.getHeatmap();
    expect(heatmap.version).toBe(await scores.heatmapVersion());
    expect(heatmap.wards).toHaveLength(harness.wards.length);
    for (const row of heatmap.wards) {
      expect(row.cells).toHaveLength(10);
      for (const cell of row.cells) {
        if (cell.value === null) expect(cell.reason).toEqual(expect.any(String));
        else expect(['green', 'amber', 'red']).toContain(cell.band);
      }
      expect(row.freshness).toBe('fresh');
      expect(row.prediction?.probability).toBeGreaterThan(0);
      expect(row.prediction?.probability).toBeLessThan(1);
      expect(row.prediction?.model.source).toBe('expert-default');
      expect(row.prediction?.drivers.length).toBeGreaterThan(0);
      for (const d of row.prediction?.drivers ?? []) expect(d.label).toEqual(expect.any(String));
    }
    // Staffing and incidents reach the cells (the simulator publishes them for every ward).
    const staffed = heatmap.wards.every((row) => row.cells.find((c) => c.measureId === 'bank-agency')?.value !== null);
    expect(staffed).toBe(true);
    // Highest risk first.
    const probabilities = heatmap.wards.map((r) => r.prediction?.probability ?? -1);
    expect([...probabilities].sort((a, b) => b - a)).toEqual(probabilities);
  });
});
