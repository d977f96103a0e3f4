// `npm run demo`: from a fresh clone to a running dashboard on a simulated trust.
// Installs what is missing, builds, finds, starts or installs Redis, then runs two processes as a
// trust's deployment would: the FHIR simulator (@wardflow/fhir-simulator, the trust's FHIR server) and
// Wardflow pointed at it through FHIR_BASE_URL, with PGlite and a demo OpenID provider. The simulator
// serves the trust's last 180 days as FHIR (past stays, incidents, staffing reports), and Wardflow's
// first start backfills them as it would at a trust (HISTORY_BACKFILL_DAYS; progress at /admin/history).
// With FHIR_BASE_URL already set, no simulator starts: the demo reads, and backfills from, that server. The demo polls every minute and the trust changes every 30
// seconds so the screens move (POLL_INTERVAL, SIMULATOR_EVOLVE; SIMULATOR_SEED picks another trust).
// Sign-in: one demo user per role, with a password made here at every start and printed. Scripts can
// pass DEMO_API_TOKEN (at least 32 characters) to get an API token with every role for the demo.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureRedis } from './services.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
// No anonymous usage reports from the build tool.
process.env.TURBO_TELEMETRY_DISABLED = '1';

function step(title, command, args) {
  process.stdout.write(`\n▸ ${title}\n`);
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write(`\n✗ ${title} failed. Fix the error above and run npm run demo again.\n`);
    process.exit(result.status ?? 1);
  }
}

const installed = join(root, 'node_modules/.package-lock.json');
if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(join(root, 'package-lock.json')).mtimeMs) {
  // npm install, not npm ci: see .ci/run (the lock cannot list other platforms' optional binaries here).
  step('Installing dependencies (npm install, versions pinned by package-lock.json)', 'npm', [
    'install',
    '--no-audit',
    '--no-fund',
  ]);
}
step('Building shared, simulator, server and client', 'npx', ['turbo', 'run', 'build', '--output-logs=errors-only']);

let redis;
try {
  redis = await ensureRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
} catch (error) {
  process.stderr.write(`\n✗ ${error.message}\n`);
  process.exit(1);
}
if (redis.started)
  process.stdout.write(`\n▸ No Redis answered: started a private one at ${redis.url} (stops with the demo)\n`);

// The demo keeps one session secret in its data folder, so a restart keeps people signed in and
// enrolled screens enrolled (a trust sets SESSION_SECRET; outside the demo it is required).
const dataDir = process.env.WARDFLOW_DATA_DIR ?? '.data';
const secretFile = join(dataDir, 'demo-session-secret');
if (process.env.SESSION_SECRET === undefined && !existsSync(secretFile)) {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(secretFile, randomBytes(48).toString('base64url'), { mode: 0o600 });
}
const env = {
  ...process.env,
  WARDFLOW_DEMO: 'true',
  REDIS_URL: redis.url,
  POLL_INTERVAL: process.env.POLL_INTERVAL ?? '1m',
  SESSION_SECRET: process.env.SESSION_SECRET ?? readFileSync(secretFile, 'utf8').trim(),
  // The demo users' password: new at every start, printed by the server with the users.
  DEMO_PASSWORD: process.env.DEMO_PASSWORD ?? randomBytes(9).toString('base64url'),
  // The demo's own calls (asking for this week's digest) use this token; scripts may pass their own.
  DEMO_API_TOKEN: process.env.DEMO_API_TOKEN ?? `demo-${randomBytes(24).toString('base64url')}`,
};
const children = [];
const stopAll = (signal) => {
  for (const child of children) if (child.exitCode === null) child.kill(signal);
};
process.on('SIGINT', () => stopAll('SIGINT'));
process.on('SIGTERM', () => stopAll('SIGTERM'));

/** Starts a process and resolves with the first match of `pattern` in its output (which is passed on). */
function startProcess(title, args, childEnv, pattern) {
  process.stdout.write(`\n▸ ${title}\n`);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], env: childEnv });
  children.push(child);
  child.on('exit', (code) => {
    stopAll('SIGTERM');
    redis.stop();
    process.exit(code ?? 0);
  });
  return new Promise((resolveMatch) => {
    let seen = '';
    child.stdout.on('data', (data) => {
      process.stdout.write(data);
      if (seen === null) return;
      seen += data.toString();
      const match = pattern.exec(seen);
      if (match !== null) {
        seen = null;
        resolveMatch(match);
      }
    });
  });
}

// The simulator's command line, as its package declares it (bin: wardflow-simulator).
const simulatorPackage = fileURLToPath(import.meta.resolve('@wardflow/fhir-simulator/package.json'));
const simulatorCli = join(
  dirname(simulatorPackage),
  JSON.parse(readFileSync(simulatorPackage, 'utf8')).bin['wardflow-simulator'],
);
const seed = process.env.SIMULATOR_SEED ?? '1';
let simulated = false;
if (env.FHIR_BASE_URL === undefined) {
  const [, baseUrl] = await startProcess(
    'Starting the FHIR simulator (a synthetic 12-ward trust; set FHIR_BASE_URL to read a real FHIR server instead)',
    // A mix of the shapes real trusts send: some wards with bays and side rooms, some whose readings
    // name only the patient, a PAS bed code nobody defined. SIMULATOR_MODE=minimal serves it as a server without POST search,
    // _revinclude or _lastUpdated.
    [
      simulatorCli,
      'serve',
      '--seed',
      seed,
      '--evolve',
      process.env.SIMULATOR_EVOLVE ?? '30s',
      '--bed-layout',
      'mixed',
      '--reading-links',
      'mixed',
      // One ward's PAS sends its own code for an available bed: the board shows it as unknown.
      '--bed-state-codes',
      'mixed',
      '--mode',
      process.env.SIMULATOR_MODE ?? 'full',
      // The trust's past, served as FHIR for Wardflow's first start to backfill.
      '--history-days',
      '180',
    ],
    process.env,
    /FHIR simulator: \d+ wards at (\S+)/,
  );
  env.FHIR_BASE_URL = baseUrl;
  // The simulator takes a new port at every start: its wards are the same trust's (the seed says
  // which), so they keep their boards and history across demo restarts rather than retire.
  env.FHIR_SOURCE_ID ??= `wardflow-simulator-seed-${seed}`;
  simulated = true;
}
const [, base] = await startProcess(
  `Starting Wardflow on ${env.FHIR_BASE_URL} (embedded PostgreSQL and demo identity provider)`,
  ['server/dist/main.js'],
  env,
  /Wardflow is running: (\S+)/,
);
const auth = { authorization: `Bearer ${env.DEMO_API_TOKEN}` };

// History from day one: the first start backfills the trust's past from FHIR (a restart on the same
// data folder has it already). Shown here when it is done, so the digest below has the fitted model.
{
  const started = Date.now();
  let last = null;
  for (let i = 0; i < 150; i++) {
    last = await fetch(`${base}/api/history/backfill`, { headers: auth }).then(
      (r) => (r.ok ? r.json() : null),
      () => null,
    );
    if (last !== null && (last.latest === null || last.latest.status !== 'running')) break;
    await new Promise((r) => setTimeout(r, 2_000));
  }
  const run = last?.latest ?? null;
  const sum = (key) => (run?.wards ?? []).reduce((n, w) => n + w[key], 0);
  if (run === null)
    process.stdout.write('\n▸ History: no backfill has run (HISTORY_BACKFILL_DAYS=0); the heat map starts from now\n');
  else if (run.status === 'running')
    process.stdout.write(`\n▸ History: the backfill is still running; progress at ${base}/admin/history\n`);
  else
    process.stdout.write(
      `\n▸ History: ${run.days} days backfilled from FHIR for ${run.wards.length} wards (${run.status}${run.error === null ? '' : `: ${run.error}`}), ${sum('written')} ward-days written, ${sum('unchanged')} already there, ${sum('requests')} FHIR requests${Date.now() - started > 2_500 ? `, in ${Math.round((Date.now() - started) / 1000)} s` : ''}\n`,
    );
}

// The weekly digest runs on Mondays at 07:00; so that a demo shows this week's emails at once, ask for
// this week's run when every ward has been polled and scored. The ledger makes a restart send nothing twice.
for (let i = 0; i < 90; i++) {
  await new Promise((r) => setTimeout(r, 2_000));
  const wards = await fetch(`${base}/api/wards`, { headers: auth }).then(
    (r) => (r.ok ? r.json() : []),
    () => [],
  );
  if (wards.length === 0 || wards.some((w) => w.asOf === null)) continue;
  const run = await fetch(`${base}/api/digests/run`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: '{}',
  }).catch(() => null);
  if (run?.status === 202) {
    process.stdout.write(
      `\n▸ This week's digest for the demo trust's leads is on its way to the outbox: ${base}/digests (sign in as lead)\n`,
    );
    process.stdout.write(
      `  Sign in: ${base}/auth/login · Wall screens: open ${base}/wards/<ward>/display and approve its code in ${base}/admin/devices\n`,
    );
    if (process.env.DEMO_API_TOKEN === undefined)
      process.stdout.write(`  API token for scripts (every role, this demo only): ${env.DEMO_API_TOKEN}\n\n`);
  }
  break;
}
