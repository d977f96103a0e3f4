// `npm run demo`: from a fresh clone to a running dashboard on the simulated trust.
// Installs what is missing, builds, finds or starts Redis, and starts the server (which embeds the
// FHIR simulator and PGlite) on one port. The demo polls every minute and the trust changes every
// 30 seconds so the screens move; set POLL_INTERVAL / SIMULATOR_EVOLVE to change that.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureRedis } from './services.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

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

const env = {
  ...process.env,
  REDIS_URL: redis.url,
  POLL_INTERVAL: process.env.POLL_INTERVAL ?? '1m',
  SIMULATOR_EVOLVE: process.env.SIMULATOR_EVOLVE ?? '30s',
  // The simulated trust's one sign-in (interim, until OIDC): a new password every start, printed here only.
  DEMO_MANAGER_PASSWORD: process.env.DEMO_MANAGER_PASSWORD ?? randomBytes(9).toString('base64url'),
};
process.stdout.write('\n▸ Starting Wardflow (embedded FHIR simulator, embedded PostgreSQL in .data/)\n');
if (process.env.WARDS_CONFIG === undefined) {
  process.stdout.write(`  Bed manager sign-in at /sites (acknowledges escalations): username demo, password ${env.DEMO_MANAGER_PASSWORD}\n`);
}
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
for (let i = 0; i < 90 && server.exitCode === null; i++) {
  await new Promise((r) => setTimeout(r, 2_000));
  const wards = await fetch(`${base}/api/wards`).then((r) => (r.ok ? r.json() : []), () => []);
  if (wards.length === 0 || wards.some((w) => w.asOf === null)) continue;
  const run = await fetch(`${base}/api/digests/run`, { method: 'POST' }).catch(() => null);
  if (run?.status === 202) {
    process.stdout.write(`\n▸ This week's digest for the demo trust's leads is on its way to the outbox: ${base}/digests\n`);
    process.stdout.write(`  Escalations, live: ${base}/sites · Heat map: ${base}/heatmap · Ward list: ${base}/\n\n`);
  }
  break;
}
