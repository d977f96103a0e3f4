// Restart storm (docs/design.md section 11): after an API restart every wall screen reconnects and
// asks for its board at once. Starts the compiled server as its own process on a fresh PostgreSQL
// database (the trust's simulator beside it), waits for every ward's first poll, then opens 1,000
// sockets spread over the wards and, all at once:
//   - connects them (each handshake checks its credential), and
//   - sends `ward:subscribe` from every one, timing the last acknowledgement;
// each with the SQL statements the server ran for it, counted from PostgreSQL's own statistics
// (pg_stat_database transactions: every statement outside a transaction is one). Target: the
// subscribe storm within 1 s on this machine.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { io } from 'socket.io-client';
import { startSimulatorProcess } from './fork-simulator.mjs';

const SCREENS = Number(process.env.BENCH_SCREENS ?? 1000);
const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const MAIN = resolve(fileURLToPath(new URL('../../server/dist/main.js', import.meta.url)));

const name = `wardflow_bench_${Date.now().toString(36)}`;
const admin = new pg.Client({ connectionString: ADMIN_URL });
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`);
const databaseUrl = new URL(ADMIN_URL);
databaseUrl.pathname = `/${name}`;

/** Statements the server has run in its database so far (stats flush within PostgreSQL's 10 s idle interval). */
async function statements() {
  await new Promise((r) => setTimeout(r, 11_000));
  const { rows } = await admin.query(
    'select xact_commit + xact_rollback as n from pg_stat_database where datname = $1',
    [name],
  );
  return Number(rows[0].n);
}

const simulator = await startSimulatorProcess({ seed: 1 });
const dataDir = mkdtempSync(join(tmpdir(), 'wardflow-storm-bench-'));
const token = `bench-${randomBytes(24).toString('base64url')}`;
const child = spawn(process.execPath, [MAIN], {
  env: {
    PATH: process.env.PATH,
    HOME: process.env.HOME ?? '/tmp',
    WARDFLOW_DEMO: 'true',
    FHIR_BASE_URL: simulator.baseUrl,
    DATABASE_URL: databaseUrl.toString(),
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    WARDFLOW_DATA_DIR: dataDir,
    WARDFLOW_QUEUE_PREFIX: `wf-storm-${randomBytes(4).toString('hex')}`,
    PORT: '0',
    DEMO_API_TOKEN: token,
    DEMO_PASSWORD: `pw-${randomBytes(9).toString('base64url')}`,
    HISTORY_BACKFILL_DAYS: '0',
    // No poll during the measurement: the storm alone.
    POLL_INTERVAL: '1h',
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let output = '';
child.stdout.on('data', (d) => (output += d));
child.stderr.on('data', (d) => (output += d));
const sockets = [];
try {
  const base = await new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 90_000);
    child.stdout.on('data', () => {
      const match = /Wardflow is running: (\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolvePromise(match[1]);
      }
    });
  });
  const headers = { authorization: `Bearer ${token}` };
  let wards = [];
  for (let i = 0; i < 240; i++) {
    wards = await (await fetch(`${base}/api/wards`, { headers })).json();
    if (wards.length > 0 && wards.every((w) => w.asOf !== null)) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  if (!wards.every((w) => w.asOf !== null)) throw new Error('not every ward was polled');

  const before = await statements();
  let started = performance.now();
  await Promise.all(
    Array.from(
      { length: SCREENS },
      () =>
        new Promise((resolveSocket, reject) => {
          const socket = io(base, { transports: ['websocket'], reconnection: false, auth: { token } });
          sockets.push(socket);
          socket.once('connect', resolveSocket);
          socket.once('connect_error', reject);
        }),
    ),
  );
  const connectMs = performance.now() - started;
  const afterConnect = await statements();

  started = performance.now();
  const acks = await Promise.all(
    sockets.map((socket, i) =>
      socket.timeout(60_000).emitWithAck('ward:subscribe', { wardId: wards[i % wards.length].id }),
    ),
  );
  const subscribeMs = performance.now() - started;
  const afterSubscribe = await statements();
  const failed = acks.filter((a) => a.data === undefined).length;
  const boardsSeen = new Set(acks.map((a) => `${a.data?.ward.id}@${a.data?.version}`)).size;

  console.log(`Restart storm: ${SCREENS} screens over ${wards.length} wards, server in its own process, PostgreSQL`);
  console.log(
    `  connect (credential checked):  ${Math.round(connectMs)} ms, ${afterConnect - before} SQL statements (${((afterConnect - before) / SCREENS).toFixed(2)} per screen)`,
  );
  console.log(
    `  ward:subscribe, all at once:   ${Math.round(subscribeMs)} ms, ${afterSubscribe - afterConnect} SQL statements (${((afterSubscribe - afterConnect) / SCREENS).toFixed(2)} per screen), ${boardsSeen} boards, ${failed} refused  (target <= 1000 ms)`,
  );
  // The same bench before boards were kept per version (commit f17360a's parent), on this machine.
  if (SCREENS === 1000)
    console.log(
      `  before (composed per subscribe, measured at 8745e49, the commit before f17360a): 2312 ms, 4014 SQL statements; now ${(2312 / subscribeMs).toFixed(1)}x faster, ${(4014 / Math.max(1, afterSubscribe - afterConnect)).toFixed(0)}x fewer statements`,
    );
} finally {
  for (const socket of sockets) socket.close();
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  await simulator.close();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
  rmSync(dataDir, { recursive: true, force: true });
}
