// `npm test`: everything CI checks, in order, failing fast with the step named.
// build -> boundaries and lint -> type check -> unit and integration tests (shared, simulator, server, client)
// -> end-to-end tests (real server process, Redis, PostgreSQL, socket.io-client, Chromium) -> the chaos
// scenarios (private Redis and PostgreSQL killed and restarted, FHIR and SMTP faults, processes killed).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureChromium, ensureDockerCompose, ensurePostgres, ensureRedis } from './services.mjs';

process.chdir(resolve(dirname(fileURLToPath(import.meta.url)), '..'));
// No anonymous usage reports from the build tool.
process.env.TURBO_TELEMETRY_DISABLED = '1';

function run(title, command, args, env = {}) {
  process.stdout.write(`\n=== ${title}\n`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) {
    process.stderr.write(`\n✗ ${title} failed (exit ${result.status ?? result.signal})\n`);
    process.exit(result.status ?? 1);
  }
}

// A fresh clone: the npm packages first (as npm run demo does), pinned by package-lock.json.
const installed = 'node_modules/.package-lock.json';
if (!existsSync(installed) || statSync(installed).mtimeMs < statSync('package-lock.json').mtimeMs) {
  run('install npm packages (npm install, versions pinned by package-lock.json)', 'npm', [
    'install',
    '--no-audit',
    '--no-fund',
  ]);
}

// What the tests stand on, installed (as root, through apt-get) or started when missing, or the one
// command to run: PostgreSQL with a `test` database, Redis, Chromium, docker-compose.
let postgresUrl;
let redis;
let chromium;
try {
  postgresUrl = await ensurePostgres(process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
  chromium = ensureChromium();
  ensureDockerCompose();
  redis = await ensureRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
} catch (error) {
  process.stderr.write(`\n✗ ${error.message}\n`);
  process.exit(1);
}
const env = { REDIS_URL: redis.url, TEST_POSTGRES_URL: postgresUrl, CHROMIUM_PATH: chromium };

run('build', 'npx', ['turbo', 'run', 'build', '--output-logs=errors-only'], env);
run('boundaries and lint', 'npm', ['run', 'lint', '--silent'], env);
run('type check', 'npx', ['turbo', 'run', 'typecheck', '--output-logs=errors-only'], env);
run('type check (end-to-end tests)', 'npx', ['tsc', '-p', 'test/tsconfig.json'], env);
// Each jest run writes a JSON report so the closing line can count every test of every stage.
mkdirSync('test/artifacts', { recursive: true });
const totals = { passed: 0, failed: 0 };
function jest(title, cwd, config, extra = []) {
  const report = `${process.cwd()}/test/artifacts/jest-${title.replace(/\W+/g, '-')}.json`;
  const jestBin = `${process.cwd()}/node_modules/jest/bin/jest.js`;
  process.stdout.write(`\n=== ${title}\n`);
  const result = spawnSync(
    'node',
    ['--experimental-vm-modules', jestBin, '--config', config, '--json', `--outputFile=${report}`, ...extra],
    {
      stdio: 'inherit',
      cwd,
      env: { ...process.env, ...env },
    },
  );
  if (existsSync(report)) {
    const summary = JSON.parse(readFileSync(report, 'utf8'));
    totals.passed += summary.numPassedTests;
    totals.failed += summary.numFailedTests + summary.numRuntimeErrorTestSuites;
  }
  if (result.status !== 0) {
    process.stderr.write(`\n✗ ${title} failed (exit ${result.status ?? result.signal})\n`);
    process.stdout.write(`\n${totals.passed} passed, ${Math.max(totals.failed, 1)} failed\n`);
    process.exit(result.status ?? 1);
  }
}

jest('shared unit tests', 'shared', 'jest.config.js');
jest('FHIR simulator tests', 'simulator', 'jest.config.js');
jest('server unit and integration tests', 'server', 'jest.config.js', ['--runInBand']);
jest('client component tests', 'client', 'jest.config.js');
jest('end-to-end and browser tests', '.', 'test/jest.config.js', ['--runInBand']);
// Last, and alone on the machine: the scenarios time their recoveries (npm run chaos runs only these).
jest('chaos scenarios (Redis, PostgreSQL, FHIR, processes, SMTP)', '.', 'test/chaos/jest.config.js', ['--runInBand']);
redis.stop();
process.stdout.write(`\n✓ all test stages passed\n${totals.passed} passed, ${totals.failed} failed\n`);
