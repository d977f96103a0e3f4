// Weekly digest benchmark (docs/design.md section 11: weekly email to 1,000 leads in <= 60 s). Drives the
// real, compiled digest code (DigestService: ledger claim, content, MJML templates, PNG charts,
// nodemailer over SMTP) for 1,000 leads with 3 of 30 wards each, against PostgreSQL (a fresh
// database, dropped afterwards; PGlite with DIGEST_BENCH_DB=pglite) and a real SMTP server in this
// process (smtp-server on 127.0.0.1) that receives and counts every message. Reports the whole run,
// its parts (gathering the wards' data, rendering alone) and a second run that must send nothing.
// Run with `npm run bench:digest` (or as part of `npm run bench`).
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { loadConfig } from '../../server/dist/config/app-config.js';
import { DigestContentService } from '../../server/dist/digest/digest-content.service.js';
import { makeDigestWard } from '../../server/dist/digest/digest.builders.js';
import { DigestRenderCache, renderDigest } from '../../server/dist/digest/digest.renderer.js';
import { DigestService } from '../../server/dist/digest/digest.service.js';
import { LeadsService } from '../../server/dist/digest/leads.service.js';
import { NodemailerMailer } from '../../server/dist/mail/mailer.adapter.js';
import { BoardRepository } from '../../server/dist/store/board.repository.js';
import { openDatabase } from '../../server/dist/store/database.adapter.js';
import { DigestRepository } from '../../server/dist/store/digest.repository.js';
import { ScoreRepository } from '../../server/dist/store/score.repository.js';

const LEADS = Number(process.env.DIGEST_BENCH_LEADS ?? 1000);
const WARDS = 30;
const WARDS_PER_LEAD = 3;
const TARGET_S = 60;
const NOW = Date.now();
const DAY = 86_400_000;

async function database(dir) {
  if (process.env.DIGEST_BENCH_DB === 'pglite') {
    return {
      kind: 'PGlite',
      handle: await openDatabase({ databaseUrl: null, dataDir: dir }),
      drop: async () => undefined,
    };
  }
  const adminUrl = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = `wardflow_bench_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    kind: 'PostgreSQL',
    handle: await openDatabase({ databaseUrl: url.toString(), dataDir: '' }),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

async function smtpSink() {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    disableReverseLookup: true,
    logger: false,
    size: 20 * 1024 * 1024,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        received++;
        callback();
      });
    },
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${server.server.address().port}`,
    received: () => received,
    close: () => new Promise((r) => server.close(r)),
  };
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'wardflow-digest-bench-'));
  const db = await database(dir);
  const sink = await smtpSink();
  try {
    const wards = Array.from({ length: WARDS }, (_, i) => ({
      id: `ward-${String(i + 1).padStart(2, '0')}`,
      name: `Ward ${i + 1}`,
      siteId: `site-${(i % 3) + 1}`,
      siteName: ['Royal Infirmary', 'Cedar House', 'St Anne’s'][i % 3],
      profile: i % 2 === 0 ? 'acute' : 'mental-health',
      displayLabel: 'initials',
      showMentalHealthAct: true,
    }));
    const leads = Array.from({ length: LEADS }, (_, i) => {
      const picks = new Set();
      for (let k = 0; picks.size < WARDS_PER_LEAD; k++)
        picks.add(wards[(i * 7 + k * 11 + (k > 0 ? i % 5 : 0)) % WARDS].id);
      return {
        id: `lead-${i + 1}`,
        name: `Inpatient lead ${i + 1}`,
        email: `lead.${i + 1}@bench.example`,
        wardIds: [...picks],
      };
    });
    const configFile = join(dir, 'wards.json');
    writeFileSync(configFile, JSON.stringify({ leads, emailDomains: ['bench.example'] }));
    const config = loadConfig(
      {
        WARDFLOW_DEMO: 'true',
        FHIR_BASE_URL: 'http://fhir.invalid/fhir',
        WARDS_CONFIG: configFile,
        SMTP_URL: sink.url,
        DIGEST_FROM: 'wardflow@bench.example',
      },
      { clientDistDir: null },
    );

    const boards = new BoardRepository(db.handle.db);
    const scores = new ScoreRepository(db.handle.db);
    const ledger = new DigestRepository(db.handle.db);
    await boards.upsertWards(wards, new Date(NOW - 60 * DAY));
    const rows = [];
    wards.forEach((ward, i) => {
      const { row } = makeDigestWard(ward.id, i, { name: ward.name }, ward.profile);
      for (let d = 56; d >= 0; d--) {
        rows.push({
          wardId: ward.id,
          at: new Date(NOW - d * DAY - 10 * 60_000),
          granularity: d === 0 ? 'poll' : 'day',
          cells: row.cells,
          composite: Math.max(0, (row.composite.value ?? 0) + ((d * 7 + i) % 13) - 6),
          compositeBand: row.composite.band,
          trend: row.trend,
          prediction: row.prediction,
          harmIncidents7d: null,
          occupiedBedDays7d: null,
          source: 'simulated',
        });
      }
    });
    await scores.insertScores(rows);

    const leadsService = new LeadsService(config, boards);
    const content = new DigestContentService(config, boards, scores, ledger);
    const mailer = new NodemailerMailer({
      smtpUrl: sink.url,
      from: config.digest.from,
      outboxDir: '',
      allowedDomains: config.digest.emailDomains,
      timeoutMs: 30_000,
    });
    const service = new DigestService(config, () => NOW, mailer, ledger, leadsService, content);
    const week = '2099-01-05';

    // Parts, measured apart: gathering the wards' data once, and rendering every email without sending.
    let t = performance.now();
    const snapshot = await content.snapshot(NOW, week);
    const gatherMs = performance.now() - t;
    t = performance.now();
    const cache = new DigestRenderCache();
    let bytes = 0;
    for (const lead of leads) bytes += (await renderDigest(content.compose(snapshot, lead), cache)).html.length;
    const renderMs = performance.now() - t;

    t = performance.now();
    const result = await service.run(week);
    const runMs = performance.now() - t;
    t = performance.now();
    const again = await service.run(week);
    const againMs = performance.now() - t;
    mailer.close();

    const ok = result.sent === LEADS && sink.received() === LEADS && again.sent === 0 && again.skipped === LEADS;
    console.log(
      `Weekly digest, ${LEADS} leads x ${WARDS_PER_LEAD} of ${WARDS} wards, ${db.kind}, SMTP to 127.0.0.1 (node ${process.version}):`,
    );
    console.log(`  gather ward data once      ${seconds(gatherMs)}`);
    console.log(
      `  render ${LEADS} emails         ${seconds(renderMs)}  (${(renderMs / LEADS).toFixed(1)} ms each, HTML ${(bytes / LEADS / 1024).toFixed(0)} KB each)`,
    );
    console.log(
      `  whole run (ledger, render, send)  ${seconds(runMs)}  -> ${result.sent} sent, ${sink.received()} received   target <= ${TARGET_S} s: ${runMs <= TARGET_S * 1000 ? 'met' : 'MISSED'}`,
    );
    console.log(
      `  second run (ledger says sent)     ${seconds(againMs)}  -> ${again.sent} sent, ${again.skipped} skipped`,
    );
    if (!ok) {
      console.log('  MISSED: the counts are wrong (every lead must get exactly one email)');
      process.exitCode = 1;
    }
    if (runMs > TARGET_S * 1000) process.exitCode = 1;
  } finally {
    await sink.close();
    await db.handle.close();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
