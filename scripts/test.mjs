// `npm test`: everything CI checks, in order, failing fast with the step named.
// build -> boundaries and lint -> type check -> unit and integration tests (shared, server, client)
// -> end-to-end tests (real server process, Redis, PostgreSQL, socket.io-client, Chromium).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ensureRedis, tcpAnswers } from './services.mjs';

function run(title, command, args, env = {}) {
  process.stdout.write(`\n=== ${title}\n`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) {
    process.stderr.write(`\n✗ ${title} failed (exit ${result.status ?? result.signal})\n`);
    process.exit(result.status ?? 1);
  }
}

const postgresUrl = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const pg = new URL(postgresUrl);
if (!(await tcpAnswers(pg.hostname, Number(pg.port || 5432)))) {
  process.stderr.write(
    `PostgreSQL does not answer at ${pg.host}: the integration tests need it.\n` +
      `  Start it (Debian: pg_ctlcluster <version> main start) or set TEST_POSTGRES_URL.\n`,
  );
  process.exit(1);
}
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  process.stderr.write(`Chromium not found at ${chromium}: the browser tests need it (Debian: apt-get install chromium).\n`);
  process.exit(1);
}
const redis = await ensureRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const env = { REDIS_URL: redis.url, TEST_POSTGRES_URL: postgresUrl, CHROMIUM_PATH: chromium };

run('build', 'npx', ['turbo', 'run', 'build', '--output-logs=errors-only'], env);
run('boundaries and lint', 'npm', ['run', 'lint', '--silent'], env);
run('type check', 'npx', ['turbo', 'run', 'typecheck', '--output-logs=errors-only'], env);
run('unit and integration tests', 'npx', ['turbo', 'run', 'test', '--concurrency=1', '--output-logs=full'], env);
run('end-to-end tests', 'node', ['--experimental-vm-modules', 'node_modules/jest/bin/jest.js', '--config', 'test/jest.config.js', '--runInBand'], env);
redis.stop();
process.stdout.write('\n✓ all test stages passed\n');
