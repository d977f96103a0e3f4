// History backfill benchmark (docs/design.md section 11): the compiled backfill (WardPastReader,
// HistoryBackfillRunner, DayScoresWriter) against the FHIR simulator serving 180 days of its trust's
// past, over HTTP, into a fresh PostgreSQL database, as a first start runs it. Reports, for 15 and 30
// wards and for bigger wards: the time of the whole run, FHIR requests in all and per ward (searches
// flat in wards and beds; next pages grow with the stays to read), the share of the time spent
// waiting on FHIR, and T(30 wards) / T(15 wards) (target <= 2.2).
// The simulator runs in a child process, as a trust's FHIR server would run elsewhere.
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startSimulatorProcess } from './fork-simulator.mjs';
import { addCalendarDays, londonDate } from '../../shared/dist/index.js';
import { loadConfig } from '../../server/dist/config/app-config.js';
import { FhirReader } from '../../server/dist/fhir/fhir-reader.adapter.js';
import { RequestPlanService } from '../../server/dist/ingest/request-plan.service.js';
import { WardDiscoveryService } from '../../server/dist/ingest/ward-discovery.service.js';
import { HistoryBackfillRunner } from '../../server/dist/history-backfill/history-backfill.service.js';
import { WardPastReader } from '../../server/dist/history-backfill/ward-past.reader.js';
import { DayScoresWriter } from '../../server/dist/scoring/day-scores.writer.js';
import { ModelRefitService } from '../../server/dist/scoring/model-refit.service.js';
import { ScoringService } from '../../server/dist/scoring/scoring.service.js';
import { BackfillRepository } from '../../server/dist/store/backfill.repository.js';
import { BoardRepository } from '../../server/dist/store/board.repository.js';
import { openDatabase } from '../../server/dist/store/database.adapter.js';
import { FeedRepository } from '../../server/dist/store/feed.repository.js';
import { OutcomeRepository } from '../../server/dist/store/outcome.repository.js';
import { ScoreRepository } from '../../server/dist/store/score.repository.js';

const DAYS = 180;
const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function freshDatabase() {
  const name = `wardflow_bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: ADMIN_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

async function measure(wardCount, bedsPerWard) {
  const simulator = await startSimulatorProcess({
    seed: 11,
    wards: wardCount,
    sites: Math.max(2, Math.ceil(wardCount / 6)),
    bedsPerWard,
    historyDays: DAYS,
    shapes: { bedLayout: 'mixed', readingLinks: 'mixed' },
  });
  const database = await freshDatabase();
  const dir = mkdtempSync(join(tmpdir(), 'wardflow-bench-'));
  const handle = await openDatabase({ databaseUrl: database.url, dataDir: dir });
  try {
    const fhir = new FhirReader({ baseUrl: simulator.baseUrl, timeoutMs: 60_000 });
    // Time spent waiting on FHIR: every search goes through searchAll.
    let fhirMs = 0;
    let searches = 0;
    const searchAll = fhir.searchAll.bind(fhir);
    fhir.searchAll = async (...args) => {
      searches++;
      const started = performance.now();
      try {
        return await searchAll(...args);
      } finally {
        fhirMs += performance.now() - started;
      }
    };
    const config = loadConfig({ WARDFLOW_DEMO: 'true', FHIR_BASE_URL: simulator.baseUrl }, { clientDistDir: null });
    const boards = new BoardRepository(handle.db);
    const scores = new ScoreRepository(handle.db);
    const feeds = new FeedRepository(handle.db);
    const runs = new BackfillRepository(handle.db);
    const wards = await new WardDiscoveryService(fhir).discover();
    await boards.upsertWards(wards, new Date());
    const silentEvents = { publishHeatmap: async () => undefined };
    const outcomes = new OutcomeRepository(handle.db);
    const scoring = new ScoringService(boards, scores, silentEvents, config, feeds, outcomes);
    const runner = new HistoryBackfillRunner(
      runs,
      boards,
      scores,
      feeds,
      outcomes,
      scoring,
      new DayScoresWriter(scores),
      new ModelRefitService(boards, scores),
      new WardPastReader(fhir, new RequestPlanService(fhir, Date.now, config)),
      fhir,
      config,
      Date.now,
    );
    const to = addCalendarDays(londonDate(Date.now()), -1);
    const run = await runs.startRun({
      requestedAt: new Date(),
      requestedBy: 'bench',
      days: DAYS,
      from: addCalendarDays(to, -(DAYS - 1)),
      to,
      wardIds: wards.map((w) => w.id),
    });
    const before = await simulator.requestCount();
    fhirMs = 0;
    searches = 0;
    const started = performance.now();
    const done = await runner.run(run.id);
    const ms = performance.now() - started;
    const requests = (await simulator.requestCount()) - before;
    const written = done.wards.reduce((n, w) => n + w.written, 0);
    if (done.status !== 'done' || written !== wards.length * DAYS)
      throw new Error(`backfill ${done.status}: ${written} of ${wards.length * DAYS} ward-days`);
    return {
      wards: wards.length,
      ms,
      requests,
      perWard: requests / wards.length,
      searchesPerWard: searches / wards.length,
      fhirShare: fhirMs / ms,
      written,
    };
  } finally {
    await handle.close();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
    await simulator.close();
  }
}

// Quiet the Nest logger's per-window lines: the figures are the point here.
process.env.NO_COLOR = '1';
const { Logger } = await import('@nestjs/common');
Logger.overrideLogger(['error', 'warn']);

const small = await measure(15, [20, 30]);
const large = await measure(30, [20, 30]);
const bigBeds = await measure(15, [50, 60]);
const line = (label, r) =>
  `  ${label}: ${(r.ms / 1000).toFixed(1)} s for ${r.written} ward-days, ${r.requests} FHIR requests (per ward ${r.perWard.toFixed(1)}: ${r.searchesPerWard.toFixed(1)} searches and their next pages), ${Math.round(r.fhirShare * 100)} % of the time waiting on FHIR`;
console.log(`History backfill, ${DAYS} days (real HTTP, PostgreSQL):`);
console.log(line('15 wards, 20-30 beds', small));
console.log(line('30 wards, 20-30 beds', large));
console.log(line('15 wards, 50-60 beds', bigBeds));
console.log(`  T(30 wards) / T(15 wards): ${(large.ms / small.ms).toFixed(2)} (target <= 2.2)`);
console.log(
  `  searches per ward, 50-60 beds / 20-30 beds: ${(bigBeds.searchesPerWard / small.searchesPerWard).toFixed(2)} (target: flat, 1); requests with pages: ${(bigBeds.perWard / small.perWard).toFixed(2)} (pages grow with the stays there are to read)`,
);
