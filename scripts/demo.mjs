// `npm run demo`: from a fresh clone to a running dashboard on the simulated trust.
// Installs what is missing, builds, finds or starts Redis, and starts the server (which embeds the
// FHIR simulator, PGlite and a demo OpenID provider) on one port. The demo polls every minute and the
// trust changes every 30 seconds so the screens move; set POLL_INTERVAL / SIMULATOR_EVOLVE to change that.
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
  step('Installing dependencies (npm install, versions pinned by package-lock.json)', 'npm', ['install', '--no-audit', '--no-fund']);
}
step('Building shared, server and client', 'npx', ['turbo', 'run', 'build', '--output-logs=errors-only']);

let redis;
try {
  redis = await ensureRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
} catch (error) {
  process.stderr.write(`\n✗ ${error.message}\n`);
  process.exit(1);
}
if (redis.started) process.stdout.write(`\n▸ No Redis answered: started a private one at ${redis.url} (stops with the demo)\n`);

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
  SIMULATOR_EVOLVE: process.env.SIMULATOR_EVOLVE ?? '30s',
  SESSION_SECRET: process.env.SESSION_SECRET ?? readFileSync(secretFile, 'utf8').trim(),
  // The demo users' password: new at every start, printed by the server with the users.
  DEMO_PASSWORD: process.env.DEMO_PASSWORD ?? randomBytes(9).toString('base64url'),
  // The demo's own calls (asking for this week's digest) use this token; scripts may pass their own.
  DEMO_API_TOKEN: process.env.DEMO_API_TOKEN ?? `demo-${randomBytes(24).toString('base64url')}`,
};
process.stdout.write('\n▸ Starting Wardflow (embedded FHIR simulator, embedded PostgreSQL and demo identity provider)\n');
const server = spawn(process.execPath, ['server/dist/main.js'], { stdio: 'inherit', env });
const forward = (signal) => server.kill(signal);
process.on('SIGINT', forward);
process.on('SIGTERM', forward);
server.on('exit', (code) => {
  redis.stop();
  process.exit(code ?? 0);
});

// The weekly digest runs on Mondays at 07:00; so that a demo shows this week's emails at once, ask for
// this week's run when every ward has been polled and scored. The ledger makes a restart send nothing twice.
const base = `http://127.0.0.1:${process.env.PORT ?? 3000}`;
const auth = { authorization: `Bearer ${env.DEMO_API_TOKEN}` };
for (let i = 0; i < 90 && server.exitCode === null; i++) {
  await new Promise((r) => setTimeout(r, 2_000));
  const wards = await fetch(`${base}/api/wards`, { headers: auth }).then((r) => (r.ok ? r.json() : []), () => []);
  if (wards.length === 0 || wards.some((w) => w.asOf === null)) continue;
  const run = await fetch(`${base}/api/digests/run`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{}' }).catch(() => null);
  if (run?.status === 202) {
    process.stdout.write(`\n▸ This week's digest for the demo trust's leads is on its way to the outbox: ${base}/digests (sign in as lead)\n`);
    process.stdout.write(`  Sign in: ${base}/auth/login · Wall screens: open ${base}/wards/<ward>/display and approve its code in ${base}/admin/devices\n`);
    if (process.env.DEMO_API_TOKEN === undefined) process.stdout.write(`  API token for scripts (every role, this demo only): ${env.DEMO_API_TOKEN}\n\n`);
  }
  break;
}
