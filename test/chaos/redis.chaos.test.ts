/**
 * Redis killed (SIGKILL) and started again, empty, while Wardflow runs: first in the middle of a poll of
 * every ward, then in the middle of the weekly digest run. Redis holds the queues, schedules and
 * pub/sub; a Redis with nothing on disk (or a fail-over to an empty replica) comes back without any
 * of them. During the outage liveness must stay 200 (a supervisor must not restart a process that
 * will recover by itself) and readiness must answer 503 naming Redis; once Redis is back, the same
 * process (never restarted) must poll every ward fresh again, be ready, and hold no stuck job; the
 * digest run must have sent each lead's email exactly once.
 *
 * Compressed: POLL_INTERVAL 5 s instead of 15 min, so "every ward fresh again" is decided in seconds;
 * the outage lasts longer than one interval, so at least one scheduled poll falls inside it.
 */
import { startSimulator, type RunningSimulator } from '@wardflow/fhir-simulator';
import type { DigestLedgerResponse } from '@wardflow/shared';
import { startFaultProxy, type FaultProxy } from '../../server/src/testing/fault-proxy.js';
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
import { startPrivateRedis, type PrivateRedis } from './support/private-redis.js';
import { startSmtpRelay, type SmtpRelay } from './support/smtp-relay.js';

const POLL_INTERVAL_MS = 5_000;

describe('chaos: Redis killed and restarted empty', () => {
  let redis: PrivateRedis;
  let simulator: RunningSimulator;
  let proxy: FaultProxy;
  let relay: SmtpRelay;
  let server: WardflowProcess;
  let env: Record<string, string>;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    simulator = await startSimulator({ seed: 11, wards: 4 });
    proxy = await startFaultProxy(simulator.baseUrl);
    relay = await startSmtpRelay('accept');
    env = baseEnv({
      REDIS_URL: redis.url,
      FHIR_BASE_URL: proxy.baseUrl,
      POLL_INTERVAL: `${POLL_INTERVAL_MS / 1000}s`,
      FHIR_TIMEOUT: '5s',
      SMTP_URL: relay.url,
      SMTP_TIMEOUT: '5s',
    });
    server = await startWardflowProcess(env, { history: false });
    await everyWardFresh(server, 0, 'First polls of every ward');
  });

  afterAll(async () => {
    await server?.stop();
    await proxy?.close();
    await simulator?.close();
    await relay?.close();
    await redis?.remove();
  });

  /** During the outage: alive, not ready, and readiness says it is Redis. */
  async function expectOutageReported(): Promise<void> {
    const health = await timedGet(server, '/api/health', 5_000);
    expect(health).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(health.ms).toBeLessThan(1_000);
    const ready = await readiness(server, 5_000);
    expect(ready.status).toBe(503);
    expect(ready.body.status).toBe('not-ready');
    expect(ready.body.checks.find((c) => c.name === 'redis')).toMatchObject({ ok: false });
    expect(ready.body.checks.find((c) => c.name === 'redis')?.detail).toMatch(/unreachable/);
    // Answered in good time, however many of its checks wait on Redis.
    expect(ready.ms).toBeLessThan(5_000);
  }

  it('should stay alive, say Redis is away, and poll every ward fresh again once Redis is back (killed mid-poll)', async () => {
    const pid = server.child.pid;
    // Slow FHIR answers keep the polls in flight while Redis dies under them.
    proxy.inject({ matches: () => true, fault: { kind: 'delay', ms: 1_500 } });
    await server.api('/api/polls', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    await waitUntil(
      async () => proxy.requests().inFlight,
      (n) => n > 0,
      'A poll reading FHIR',
    );
    await redis.kill();
    proxy.inject(null);
    const killedAt = Date.now();
    await expectOutageReported();
    // Longer than a poll interval: the schedule fires into the outage.
    await sleep(Math.max(0, killedAt + POLL_INTERVAL_MS + 2_000 - Date.now()));
    await expectOutageReported();

    await redis.start();
    const backAt = Date.now();
    const fresh = await everyWardFresh(server, backAt, 'Every ward polled fresh after Redis came back', 90_000);
    const ready = await waitUntil(
      () => readiness(server),
      (r) => r.status === 200,
      'Ready again after Redis came back',
      { timeoutMs: 30_000 },
    ).catch(async (error: Error) => {
      throw new Error(`${error.message}\nfailing: ${failingChecks((await readiness(server)).body).join('; ')}`);
    });
    await noStuckJobs(redis.url, env.WARDFLOW_QUEUE_PREFIX as string, 'No stuck job after Redis came back');
    expect(server.child.pid).toBe(pid);
    expect(server.child.exitCode).toBeNull();
    record({
      scenario: 'Redis killed mid-poll, back empty',
      checked:
        'health 200 and ready 503 naming redis during outage; same process: every ward fresh, ready 200, no stuck job',
      recoveryMs: Math.max(fresh.at, ready.at) - backAt,
    });
  });

  it('should send every lead their weekly email exactly once when Redis dies in the middle of the run', async () => {
    await redis.start(); // (a no-op unless the scenario before failed with Redis down)
    // A slow relay: the run takes a few seconds, and Redis dies after its first email.
    relay.setAcceptDelay(1_000);
    const run = await server.api('/api/digests/run', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(run.status).toBe(202);
    const { week } = (await run.json()) as { week: string };
    await waitUntil(
      async () => relay.received.length,
      (n) => n > 0,
      'The first digest reaching the relay',
    );
    await redis.kill();
    const killedAt = Date.now();
    await expectOutageReported();
    // The run goes on without Redis (the ledger is in the database, the relay answers).
    const ledger = await waitUntil(
      () => server.json<DigestLedgerResponse>('/api/digests'),
      (l) => {
        const rows = l.entries.filter((e) => e.week === week);
        return rows.length > 0 && rows.every((e) => e.state === 'sent');
      },
      'Every digest of the week recorded as sent',
      { timeoutMs: 30_000 },
    );
    await sleep(Math.max(0, killedAt + 3_000 - Date.now()));
    await redis.start();
    const backAt = Date.now();
    const ready = await waitUntil(
      () => readiness(server),
      (r) => r.status === 200,
      'Ready again after Redis came back',
      { timeoutMs: 30_000 },
    );
    await noStuckJobs(redis.url, env.WARDFLOW_QUEUE_PREFIX as string, 'No stuck job after Redis came back');
    // Running the week again (a person pressing "send now" after the outage) sends nothing twice.
    const again = await server.api('/api/digests/run', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(again.status).toBe(202);
    await sleep(4_000);

    const rows = ledger.value.entries.filter((e) => e.week === week);
    const messageIds = rows.map((e) => e.messageId);
    const delivered = relay.received.filter((m) => messageIds.includes(m.messageId));
    expect(delivered.map((m) => m.messageId).sort()).toEqual([...messageIds].sort());
    expect(new Set(relay.received.map((m) => m.messageId)).size).toBe(relay.received.length);
    const after = await server.json<DigestLedgerResponse>('/api/digests');
    expect(after.entries.filter((e) => e.week === week).every((e) => e.state === 'sent' && e.attempts === 1)).toBe(
      true,
    );
    record({
      scenario: 'Redis killed mid-digest, back empty',
      checked: `${rows.length} leads: each digest sent once (ledger sent, relay got each Message-ID once, re-run sent none); ready 200, no stuck job`,
      recoveryMs: ready.at - backAt,
    });
  });
});
