// Fan-out across processes (docs/design.md section 11): one `worker` and two `api` processes of the
// compiled server on one Redis and a fresh PostgreSQL database (the trust's simulator beside them, in
// its own process). Once every ward has been polled, BENCH_SCREENS sockets (default 500) subscribe,
// spread over both APIs and every ward. Then, BENCH_ROUNDS times (default 10, after one warm-up), every
// ward's board changes at once the way a worker changes it: its version bumped in PostgreSQL and
// `{ wardId, version }` published on the board-changed channel. Reported, from the publish to each
// screen holding the new version: per screen p50/p95/max, and per round the time until the last
// screen has it; with the payload bytes per push and the CPU each API process spent (from /proc).
// Screens and publisher share this process, so a receive time includes this process's own event loop.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BOARD_CHANGED_CHANNEL } from '@wardflow/shared';
import { Redis } from 'ioredis';
import pg from 'pg';
import { io } from 'socket.io-client';
import { startSimulatorProcess } from './fork-simulator.mjs';

const SCREENS = Number(process.env.BENCH_SCREENS ?? 500);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const MAIN = resolve(fileURLToPath(new URL('../../server/dist/main.js', import.meta.url)));

const name = `wardflow_bench_${Date.now().toString(36)}`;
const admin = new pg.Client({ connectionString: ADMIN_URL });
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`);
const databaseUrl = new URL(ADMIN_URL);
databaseUrl.pathname = `/${name}`;

const simulator = await startSimulatorProcess({ seed: 1 });
const prefix = `wf-fanout-${randomBytes(4).toString('hex')}`;
const token = `bench-${randomBytes(24).toString('base64url')}`;
const shared = {
  PATH: process.env.PATH,
  HOME: process.env.HOME ?? '/tmp',
  WARDFLOW_DEMO: 'true',
  FHIR_BASE_URL: simulator.baseUrl,
  DATABASE_URL: databaseUrl.toString(),
  REDIS_URL,
  WARDFLOW_QUEUE_PREFIX: prefix,
  PORT: '0',
  DEMO_API_TOKEN: token,
  DEMO_PASSWORD: `pw-${randomBytes(9).toString('base64url')}`,
  SESSION_SECRET: `bench-${randomBytes(32).toString('base64url')}`,
  HISTORY_BACKFILL_DAYS: '0',
  // No poll during the measurement: only the changes the bench publishes.
  POLL_INTERVAL: '1h',
};

const children = [];
function start(role) {
  const dataDir = mkdtempSync(join(tmpdir(), `wardflow-fanout-${role}-`));
  const child = spawn(process.execPath, [MAIN], {
    env: { ...shared, WARDFLOW_ROLE: role, WARDFLOW_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  children.push({ child, dataDir });
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`${role} did not start:\n${output}`)), 120_000);
    child.on('exit', (code) => reject(new Error(`${role} exited with ${code}:\n${output}`)));
    child.stdout.on('data', () => {
      const match = /Wardflow is running: (\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolvePromise({ url: match[1], pid: child.pid });
      }
    });
  });
}

/** CPU time (user + system) of a process so far, in ms (Linux /proc, at the usual 100 ticks a second). */
function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const sockets = [];
const redis = new Redis(REDIS_URL);
const database = new pg.Client({ connectionString: databaseUrl.toString() });
try {
  await start('worker');
  const apis = await Promise.all([start('api'), start('api')]);
  await database.connect();
  const headers = { authorization: `Bearer ${token}` };
  let wards = [];
  for (let i = 0; i < 240; i++) {
    wards = await (await fetch(`${apis[0].url}/api/wards`, { headers })).json();
    if (wards.length > 0 && wards.every((w) => w.asOf !== null)) break;
    await sleep(500);
  }
  if (!wards.every((w) => w.asOf !== null)) throw new Error('not every ward was polled');
  // The schedules' first polls and the scores after them settle before anything is timed.
  await sleep(5_000);

  /** Per screen: its ward and, per version, when it arrived. */
  const screens = [];
  let pushes = 0;
  const sampled = new Set();
  let sampledBytes = 0;
  let sampledFrames = 0;
  await Promise.all(
    Array.from({ length: SCREENS }, async (_, i) => {
      const api = apis[i % apis.length];
      const ward = wards[Math.floor(i / apis.length) % wards.length];
      const socket = io(api.url, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token } });
      sockets.push(socket);
      await new Promise((resolveSocket, reject) => {
        socket.once('connect', resolveSocket);
        socket.once('connect_error', reject);
      });
      const screen = { wardId: ward.id, api: api.url, arrived: new Map() };
      socket.on('ward:board', (board) => {
        screen.arrived.set(board.version, performance.now());
        pushes += 1;
      });
      // Frames are the same for every screen of a ward: one screen per ward counts them, as sent.
      if (!sampled.has(ward.id)) {
        sampled.add(ward.id);
        socket.io.engine.on('data', (data) => {
          if (typeof data === 'string' && data.startsWith('2["ward:board"')) {
            sampledBytes += Buffer.byteLength(data);
            sampledFrames += 1;
          }
        });
      }
      const ack = await socket.timeout(60_000).emitWithAck('ward:subscribe', { wardId: ward.id });
      if (ack.data === undefined) throw new Error(`subscribe refused: ${ack.error}`);
      screens.push(screen);
    }),
  );

  const channel = `${prefix}:${BOARD_CHANGED_CHANNEL}`;
  /** Every ward's board changes at once, as a worker changes it: version + 1 stored, then announced. */
  async function changeEveryBoard() {
    const { rows } = await database.query('update board_state set version = version + 1 returning ward_id, version');
    const publishedAt = performance.now();
    const pipeline = redis.pipeline();
    for (const row of rows)
      pipeline.publish(channel, JSON.stringify({ wardId: row.ward_id, version: Number(row.version) }));
    await pipeline.exec();
    return { publishedAt, versions: new Map(rows.map((r) => [r.ward_id, Number(r.version)])) };
  }
  async function everyScreenHas(versions) {
    for (let i = 0; i < 600; i++) {
      if (screens.every((s) => s.arrived.has(versions.get(s.wardId)))) return;
      await sleep(50);
    }
    throw new Error('not every screen received the change within 30 s');
  }

  const warmUp = await changeEveryBoard();
  await everyScreenHas(warmUp.versions);
  await sleep(500);

  const latencies = [];
  const roundTimes = [];
  /** Per ward and round, the first screen to have it: the servers' path without this process's queue of frames. */
  const firsts = [];
  const cpuBefore = apis.map((a) => cpuMs(a.pid));
  const ownCpuBefore = process.cpuUsage();
  const bytesBefore = sampledBytes;
  const framesBefore = sampledFrames;
  const pushesBefore = pushes;
  for (let round = 0; round < ROUNDS; round++) {
    const { publishedAt, versions } = await changeEveryBoard();
    await everyScreenHas(versions);
    let first = Infinity;
    let last = 0;
    for (const screen of screens) {
      const ms = screen.arrived.get(versions.get(screen.wardId)) - publishedAt;
      latencies.push(ms);
      first = Math.min(first, ms);
      last = Math.max(last, ms);
    }
    firsts.push(first);
    roundTimes.push(last);
    await sleep(500);
  }
  const cpuSpent = apis.map((a, i) => cpuMs(a.pid) - cpuBefore[i]);
  const ownCpu = process.cpuUsage(ownCpuBefore);
  const sorted = [...latencies].sort((a, b) => a - b);
  const rounds = [...roundTimes].sort((a, b) => a - b);
  const firstSorted = [...firsts].sort((a, b) => a - b);
  const frameBytes = (sampledBytes - bytesBefore) / (sampledFrames - framesBefore);
  const perApi = apis.map((a) => screens.filter((s) => s.api === a.url).length);
  const duplicates = pushes - pushesBefore - SCREENS * ROUNDS;

  console.log(
    `Fan-out: ${SCREENS} screens over ${wards.length} wards on 2 API processes (${perApi.join(' + ')}), 1 worker, PostgreSQL, Redis pub/sub`,
  );
  console.log(`  ${ROUNDS} rounds, each: every ward's board changed at once (${wards.length} announcements)`);
  console.log(
    `  publish -> screen has it:  p50 ${sorted[Math.floor(sorted.length / 2)].toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms, max ${sorted.at(-1).toFixed(1)} ms  (${sorted.length} deliveries)`,
  );
  console.log(
    `  until the last screen has it, per round:  median ${rounds[Math.floor(rounds.length / 2)].toFixed(1)} ms, worst ${rounds.at(-1).toFixed(1)} ms`,
  );
  console.log(
    `  first screen to have it, per round:  median ${firstSorted[Math.floor(firstSorted.length / 2)].toFixed(1)} ms, worst ${firstSorted.at(-1).toFixed(1)} ms  (announcement -> board read -> frame; later screens also wait on this one process taking in ${SCREENS} frames)`,
  );
  console.log(
    `  per push: ${Math.round(frameBytes)} bytes on the wire (Socket.IO frame, uncompressed); ${((frameBytes * SCREENS) / 1024 / 1024).toFixed(1)} MiB to all screens per round; ${duplicates} pushes beyond one per screen per change`,
  );
  console.log(
    `  CPU per round: API processes ${cpuSpent.map((ms) => `${(ms / ROUNDS).toFixed(0)} ms`).join(' and ')} (${wards.length} boards read, composed, sent); this process (${SCREENS} screens) ${((ownCpu.user + ownCpu.system) / 1000 / ROUNDS).toFixed(0)} ms`,
  );
} finally {
  for (const socket of sockets) socket.close();
  for (const { child } of children) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  for (const { dataDir } of children) rmSync(dataDir, { recursive: true, force: true });
  redis.disconnect();
  await database.end().catch(() => undefined);
  await simulator.close();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}
