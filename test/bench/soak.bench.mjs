// Memory soak (issue 14 item 8; docs/design.md section 11): the server alone at 30 wards, RSS at most
// 300 MB and flat over 1,000 poll cycles. Starts the FHIR simulator (30 wards, 20-30 beds each) in a
// process of its own, and the compiled server (`node server/dist/main.js`, role all, with the Node.js
// options the Docker image sets) in another, on a fresh PostgreSQL database (SOAK_DB=pglite: embedded
// PGlite, as a trial runs) and a queue prefix of its own.
// The server polls on its own schedule at POLL_INTERVAL=1s, the least it allows (POST /api/polls is
// limited to 20 a caller per 10 minutes), through the real path: BullMQ job schedulers, the poll
// worker (4 at a time), FHIR reads, boards stored, announced and scored. A cycle is 30 polls, counted
// from the server's own wardflow_poll_duration_seconds_count (GET /metrics once a second); after each
// cycle the trust moves on one step (the simulator's evolve), so the next polls find admissions,
// discharges and new readings. The server's RSS is read from /proc/<pid>/status (VmRSS) every 250 ms.
// Time runs about 900 times faster than at a trust (a poll a second, not every 15 minutes), so two
// things keep the load like a trust's rather than a pile-up: full reads come every 4th poll, as the
// defaults make them (FHIR_RECONCILE_INTERVAL 1h against POLL_INTERVAL 15m), so readings the trust has
// since dropped leave the server's read state as they would; and the trust is moved on 600 steps
// before the server starts, so each stay's readings (which the simulator bounds per stay, standing in
// for the 24-hour look-back that wall-clock time never reaches here) are near their steady number.
// Reports RSS after warm-up, max RSS, and the growth per 100 cycles: the least-squares slope of RSS
// over the cycles after warm-up. PASS when max RSS <= 300 MB and that slope is under 1 MB per 100
// cycles: at 15-minute polls, 100 cycles are about a day, so growth under that slope is under
// 30 MB a month, which a deployment's restarts (upgrades) absorb long before it reaches the ceiling.
// SOAK_CYCLES (default 1000), SOAK_WARMUP (cycles, default a tenth, at least 20), SOAK_DB,
// SOAK_TRUST_STEPS (default 600), SOAK_NODE_OPTIONS and SOAK_MALLOC_ARENA_MAX ('' to run without
// the image's settings).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';
import { startSimulatorProcess } from './fork-simulator.mjs';

const CYCLES = Number(process.env.SOAK_CYCLES ?? 1000);
const WARMUP = Number(process.env.SOAK_WARMUP ?? Math.max(20, Math.round(CYCLES / 10)));
const DB = process.env.SOAK_DB ?? 'postgresql';
const WARDS = 30;
// Full reads as often, relative to polls, as the defaults make them (POLL_INTERVAL 15m, FHIR_RECONCILE_INTERVAL 1h).
const RECONCILE = process.env.SOAK_RECONCILE ?? '4s';
const MAX_RSS_MB = 300;
const FLAT_MB_PER_100 = 1;
const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const MAIN = resolve(fileURLToPath(new URL('../../server/dist/main.js', import.meta.url)));
const MB = 1024 * 1024;
// The server runs with the memory settings the Docker image sets (its ENV lines: the heap ceilings in
// NODE_OPTIONS, glibc's arena count in MALLOC_ARENA_MAX), unless SOAK_NODE_OPTIONS or
// SOAK_MALLOC_ARENA_MAX say otherwise ('' for none: V8 then sizes the heap from this machine's memory).
const DOCKERFILE_TEXT = readFileSync(fileURLToPath(new URL('../../docker/Dockerfile', import.meta.url)), 'utf8');
// The stage that runs: settings in the build stage would never reach the server.
const DOCKERFILE = DOCKERFILE_TEXT.slice(DOCKERFILE_TEXT.lastIndexOf('\nFROM '));
const imageEnv = (name) =>
  new RegExp(`^ENV ${name}=(.+)$`, 'm')
    .exec(DOCKERFILE)?.[1]
    .trim()
    .replace(/^"(.*)"$/, '$1') ?? '';
const IMAGE_NODE_OPTIONS = imageEnv('NODE_OPTIONS');
const NODE_OPTIONS = process.env.SOAK_NODE_OPTIONS ?? IMAGE_NODE_OPTIONS;
const IMAGE_MALLOC_ARENA_MAX = imageEnv('MALLOC_ARENA_MAX');
const MALLOC_ARENA_MAX = process.env.SOAK_MALLOC_ARENA_MAX ?? IMAGE_MALLOC_ARENA_MAX;

if (!(CYCLES > WARMUP + 10))
  throw new Error(`SOAK_CYCLES (${CYCLES}) must exceed the warm-up (${WARMUP}) by 10 or more`);
if (DB !== 'postgresql' && DB !== 'pglite') throw new Error(`SOAK_DB is postgresql or pglite, not ${DB}`);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Resident set size of a process, in bytes, as the kernel counts it; null once it has exited. */
function rssOf(pid) {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match === null ? null : Number(match[1]) * 1024;
  } catch {
    return null;
  }
}

/** Least-squares slope of y over x. */
function slope(points) {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    sxy += (p.x - mx) * (p.y - my);
    sxx += (p.x - mx) ** 2;
  }
  return sxy / sxx;
}

const POLLS = 'wardflow_poll_duration_seconds_count';

/** The sum of a metric's samples in a Prometheus exposition, over the label sets that contain `having`. */
function metricSum(text, name, having = '') {
  let sum = 0;
  for (const line of text.split('\n'))
    if ((line.startsWith(`${name}{`) || line.startsWith(`${name} `)) && line.includes(having))
      sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  return sum;
}

const TRUST_STEPS = Number(process.env.SOAK_TRUST_STEPS ?? 600);
const simulator = await startSimulatorProcess({ seed: 14, wards: WARDS, bedsPerWard: [20, 30] });
const trustStarted = performance.now();
await simulator.evolve(TRUST_STEPS);
const trustS = (performance.now() - trustStarted) / 1000;
const dataDir = mkdtempSync(join(tmpdir(), 'wardflow-soak-'));
const token = `soak-${randomBytes(24).toString('base64url')}`;
let admin = null;
let dbName = null;
let databaseUrl;
if (DB === 'postgresql') {
  dbName = `wardflow_soak_${Date.now().toString(36)}`;
  admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  databaseUrl = new URL(ADMIN_URL);
  databaseUrl.pathname = `/${dbName}`;
}

const queuePrefix = `wf-soak-${randomBytes(4).toString('hex')}`;
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const child = spawn(process.execPath, [MAIN], {
  env: {
    PATH: process.env.PATH,
    HOME: process.env.HOME ?? '/tmp',
    NODE_ENV: 'production',
    // The demo's sign-in (an API token for /metrics); the embedded identity provider runs in this process too.
    WARDFLOW_DEMO: 'true',
    FHIR_BASE_URL: simulator.baseUrl,
    ...(databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl.toString() }),
    REDIS_URL: redisUrl,
    WARDFLOW_DATA_DIR: dataDir,
    WARDFLOW_QUEUE_PREFIX: queuePrefix,
    PORT: '0',
    DEMO_API_TOKEN: token,
    DEMO_PASSWORD: `pw-${randomBytes(9).toString('base64url')}`,
    HISTORY_BACKFILL_DAYS: '0',
    POLL_INTERVAL: '1s',
    FHIR_RECONCILE_INTERVAL: RECONCILE,
    ...(NODE_OPTIONS === '' ? {} : { NODE_OPTIONS }),
    ...(MALLOC_ARENA_MAX === '' ? {} : { MALLOC_ARENA_MAX }),
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
// Only the tail of the server's log is kept, for a failure's explanation.
let output = '';
const keep = (d) => {
  output = (output + d).slice(-20_000);
};
child.stdout.on('data', keep);
child.stderr.on('data', keep);
let exited = false;
child.once('exit', (code, signal) => {
  exited = true;
  if (code !== 0 && signal !== 'SIGTERM') process.stderr.write(`server exited (${code ?? signal}):\n${output}\n`);
});

try {
  const base = await new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 120_000);
    child.once('exit', (code) => reject(new Error(`server exited (${code}) at start:\n${output}`)));
    child.stdout.on('data', () => {
      const match = /Wardflow is running: (\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolvePromise(match[1]);
      }
    });
  });
  const headers = { authorization: `Bearer ${token}` };
  const scrape = async () => {
    const response = await fetch(`${base}/metrics`, { headers });
    if (!response.ok) throw new Error(`GET /metrics: ${response.status}`);
    return response.text();
  };

  /** Samples: cycle (fractional: polls / wards), RSS, seconds since start; heap figures from the scrapes. */
  const samples = [];
  const scrapes = [];
  let polls = 0;
  let failedPolls = 0;
  let newVersions = 0;
  let evolved = 0;
  const started = performance.now();
  const rssTimer = setInterval(() => {
    const rss = rssOf(child.pid);
    if (rss !== null) samples.push({ cycle: polls / WARDS, rss, s: (performance.now() - started) / 1000 });
  }, 250);
  let lastReport = 0;
  let evolving = Promise.resolve();
  while (polls < CYCLES * WARDS) {
    if (exited) throw new Error(`server exited during the soak:\n${output}`);
    const text = await scrape();
    polls = metricSum(text, POLLS);
    failedPolls = metricSum(text, POLLS, 'outcome="failed"') + metricSum(text, POLLS, 'outcome="refused"');
    newVersions = metricSum(text, POLLS, 'outcome="new-version"');
    scrapes.push({
      cycle: polls / WARDS,
      heapUsed: metricSum(text, 'wardflow_nodejs_heap_size_used_bytes'),
      heapTotal: metricSum(text, 'wardflow_nodejs_heap_size_total_bytes'),
      external: metricSum(text, 'wardflow_nodejs_external_memory_bytes'),
    });
    // The trust moves on one step per completed cycle (one step at a time; a slow step is not queued twice).
    const cycle = Math.floor(polls / WARDS);
    if (cycle > evolved) {
      evolved = cycle;
      evolving = evolving.then(() => simulator.evolve());
    }
    if (cycle - lastReport >= 100) {
      lastReport = cycle - (cycle % 100);
      const rss = samples.at(-1)?.rss ?? 0;
      process.stderr.write(
        `  cycle ${cycle}: RSS ${(rss / MB).toFixed(1)} MB, ${Math.round((performance.now() - started) / 1000)} s\n`,
      );
    }
    await sleep(1_000);
  }
  clearInterval(rssTimer);
  // Where the resident memory is at the end: the V8 heap (committed, and live), and the rest.
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const statusMb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status)?.[1] ?? NaN) / 1024;
  await evolving;
  const wallS = (performance.now() - started) / 1000;

  const after = samples.filter((s) => s.cycle >= WARMUP);
  const atWarmup = after[0];
  const maxRss = Math.max(...samples.map((s) => s.rss));
  const growth = slope(after.map((s) => ({ x: s.cycle, y: s.rss / MB }))) * 100;
  const heapAfter = scrapes.filter((s) => s.cycle >= WARMUP);
  const heapGrowth = slope(heapAfter.map((s) => ({ x: s.cycle, y: s.heapUsed / MB }))) * 100;
  const lastTenth = after.filter((s) => s.cycle >= CYCLES - (CYCLES - WARMUP) / 10);
  const meanMb = (list) => list.reduce((s, x) => s + x.rss, 0) / list.length / MB;
  const firstTenth = after.filter((s) => s.cycle < WARMUP + (CYCLES - WARMUP) / 10);
  const maxOk = maxRss / MB <= MAX_RSS_MB;
  const flatOk = growth < FLAT_MB_PER_100;

  console.log(
    `Memory soak: the server alone (node server/dist/main.js, role all, ${DB === 'pglite' ? 'embedded PGlite' : 'PostgreSQL'}, Redis), ${WARDS} wards of 20-30 beds, POLL_INTERVAL=1s, FHIR_RECONCILE_INTERVAL=${RECONCILE}, the trust moving on a step per cycle`,
  );
  console.log(`  the trust moved on ${TRUST_STEPS} steps before the server started (${Math.round(trustS)} s)`);
  console.log(
    `  NODE_OPTIONS: ${NODE_OPTIONS === '' ? '(none: V8 sizes the heap from this machine)' : NODE_OPTIONS}${NODE_OPTIONS === IMAGE_NODE_OPTIONS ? " (the Docker image's)" : ''}; MALLOC_ARENA_MAX: ${MALLOC_ARENA_MAX === '' ? '(unset)' : MALLOC_ARENA_MAX}${MALLOC_ARENA_MAX === IMAGE_MALLOC_ARENA_MAX ? " (the Docker image's)" : ''}`,
  );
  console.log(
    `  cycles: ${Math.floor(polls / WARDS)} (${polls} polls, ${newVersions} new board versions, ${failedPolls} failed) in ${Math.round(wallS)} s (${(wallS / 60).toFixed(1)} min, ${((wallS / polls) * WARDS).toFixed(2)} s per cycle), ${evolved} trust steps`,
  );
  console.log(`  RSS after warm-up (cycle ${WARMUP}): ${(atWarmup.rss / MB).toFixed(1)} MB`);
  console.log(
    `  RSS mean, first and last tenth after warm-up: ${meanMb(firstTenth).toFixed(1)} MB -> ${meanMb(lastTenth).toFixed(1)} MB`,
  );
  console.log(`  max RSS: ${(maxRss / MB).toFixed(1)} MB  (target <= ${MAX_RSS_MB} MB) ${maxOk ? 'PASS' : 'FAIL'}`);
  console.log(
    `  growth per 100 cycles after warm-up (least squares over ${after.length} samples): ${growth >= 0 ? '+' : ''}${growth.toFixed(2)} MB  (flat: < ${FLAT_MB_PER_100} MB) ${flatOk ? 'PASS' : 'FAIL'}`,
  );
  console.log(
    `  V8 heap used, growth per 100 cycles (scrapes, not after GC): ${heapGrowth >= 0 ? '+' : ''}${heapGrowth.toFixed(2)} MB; last ${(heapAfter.at(-1).heapUsed / MB).toFixed(1)} MB, external ${(heapAfter.at(-1).external / MB).toFixed(1)} MB`,
  );
  const last = heapAfter.at(-1);
  console.log(
    `  at the end: RSS ${statusMb('VmRSS').toFixed(1)} MB (anonymous ${statusMb('RssAnon').toFixed(1)}, files ${statusMb('RssFile').toFixed(1)}); V8 heap committed ${(last.heapTotal / MB).toFixed(1)} MB, used ${(last.heapUsed / MB).toFixed(1)} MB`,
  );
  console.log(`  ${maxOk && flatOk ? 'PASS' : 'FAIL'}`);
  if (process.env.SOAK_SAMPLES !== undefined) {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(process.env.SOAK_SAMPLES, JSON.stringify({ samples, scrapes }));
  }
  if (!(maxOk && flatOk)) process.exitCode = 1;
} finally {
  if (!exited) {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
  await simulator.close();
  if (admin !== null) {
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  }
  rmSync(dataDir, { recursive: true, force: true });
  // This run's keys only (its own prefix): the queues and schedules it left behind.
  const redis = new Redis(redisUrl);
  for await (const keys of redis.scanStream({ match: `${queuePrefix}*`, count: 500 }))
    if (keys.length > 0) await redis.unlink(...keys);
  redis.disconnect();
}
