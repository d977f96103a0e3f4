/**
 * PostgreSQL, the record of everything Wardflow derives, crashes (pg_ctl stop -m immediate: every
 * backend killed, recovery at the next start) and comes back while Wardflow runs. A cluster of the
 * scenario's own (support/private-postgres.ts), never the machine's shared one. During the outage
 * liveness stays 200 and readiness answers 503 naming the database; once it is back the same process
 * polls every ward fresh again, is ready, and holds no stuck job.
 *
 * Compressed: POLL_INTERVAL 5 s instead of 15 min; the outage spans more than one interval, so polls
 * fail against the missing database (and are retried) before it returns.
 */
import { startSimulator, type RunningSimulator } from '@wardflow/fhir-simulator';
import type { TokenCreated } from '@wardflow/shared';
import { adminOf } from '../support/principals.js';
import { baseEnv, startWardflowProcess, type WardflowProcess } from '../support/wardflow-process.js';
import {
  everyWardFresh,
  failingChecks,
  noStuckJobs,
  readiness,
  record,
  sleep,
  timedGet,
  waitUntil,
} from './support/chaos.js';
import { startPrivatePostgres, type PrivatePostgres } from './support/private-postgres.js';

const POLL_INTERVAL_MS = 5_000;

describe('chaos: PostgreSQL restarted', () => {
  let postgres: PrivatePostgres;
  let simulator: RunningSimulator;
  let server: WardflowProcess;
  let monitoringToken = '';
  let env: Record<string, string>;

  beforeAll(async () => {
    postgres = await startPrivatePostgres();
    simulator = await startSimulator({ seed: 12, wards: 4 });
    env = baseEnv({
      DATABASE_URL: postgres.url,
      FHIR_BASE_URL: simulator.baseUrl,
      POLL_INTERVAL: `${POLL_INTERVAL_MS / 1000}s`,
      FHIR_TIMEOUT: '5s',
    });
    server = await startWardflowProcess(env, { history: false });
    await everyWardFresh(server, 0, 'First polls of every ward');
    // What a trust's monitoring holds: a token with the monitoring role only.
    const admin = await adminOf(server);
    const created = await fetch(`${server.url}/api/tokens`, {
      method: 'POST',
      headers: { ...admin.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Prometheus', roles: ['monitoring'], expiresInDays: 30 }),
    });
    expect(created.status).toBe(201);
    monitoringToken = ((await created.json()) as TokenCreated).secret;
    // Verified once while the database is there, as the monitor's regular scrapes would.
    expect((await readiness(server, 5_000, monitoringToken)).status).toBe(200);
  });

  afterAll(async () => {
    await server?.stop();
    await simulator?.close();
    await postgres?.remove();
  });

  it('should say the database is away while it is, and poll every ward fresh again once it is back', async () => {
    const pid = server.child.pid;
    await postgres.stop('immediate');
    const downAt = Date.now();
    const expectOutageReported = async () => {
      // As a supervisor asks (no credential) and as a monitor holding a token asks.
      const anonymous = await fetch(`${server.url}/api/health`, { signal: AbortSignal.timeout(5_000) });
      expect(anonymous.status).toBe(200);
      const health = await timedGet(server, '/api/health', 5_000, monitoringToken);
      expect(health).toMatchObject({ status: 200, body: { status: 'ok' } });
      const ready = await readiness(server, 5_000, monitoringToken);
      expect(ready.status).toBe(503);
      const database = ready.body.checks.find((c) => c.name === 'database');
      expect(database).toMatchObject({ ok: false });
      expect(database?.detail).toMatch(/unreachable/);
      expect(ready.body.checks.find((c) => c.name === 'redis')).toMatchObject({ ok: true });
    };
    await expectOutageReported();
    await sleep(Math.max(0, downAt + POLL_INTERVAL_MS + 2_000 - Date.now()));
    await expectOutageReported();

    await postgres.start();
    const backAt = Date.now();
    const fresh = await everyWardFresh(server, backAt, 'Every ward polled fresh after PostgreSQL came back', 90_000);
    const ready = await waitUntil(
      () => readiness(server, 5_000, monitoringToken),
      (r) => r.status === 200,
      'Ready again after PostgreSQL came back',
      { timeoutMs: 30_000 },
    ).catch(async (error: Error) => {
      throw new Error(`${error.message}\nfailing: ${failingChecks((await readiness(server)).body).join('; ')}`);
    });
    await noStuckJobs(env.REDIS_URL as string, env.WARDFLOW_QUEUE_PREFIX as string, 'No stuck job after PostgreSQL');
    expect(server.child.pid).toBe(pid);
    expect(server.child.exitCode).toBeNull();
    record({
      scenario: 'PostgreSQL crashed and restarted',
      checked:
        'health 200 and ready 503 naming the database during outage; same process: every ward fresh, ready 200, no stuck job',
      recoveryMs: Math.max(fresh.at, ready.at) - backAt,
    });
  });
});
