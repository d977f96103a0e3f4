/**
 * The trust's FHIR server misbehaving, through the fault proxy (server/src/testing/fault-proxy.ts) in
 * front of the simulator: answers that take 10 s (with FHIR_TIMEOUT shorter, then longer, than that),
 * connections dropped in the middle of an answer, and the server away for a long time. Boards must
 * say they are stale, with a reason a nurse can read, while FHIR fails (keeping the last complete
 * board), and be fresh again without intervention once it answers.
 *
 * Compressed, and why: the long outage is 20 minutes at a 15-minute poll interval, so about
 * 1.3 poll cycles (plus each poll's retries) fail. Here POLL_INTERVAL is 3 s and FHIR is away for
 * 30 s: 10 cycles fail, more failed polls and retries than the real outage holds, which is what
 * exercises the backoff and the recovery. What this cannot show is the wall clock crossing the
 * freshness thresholds (stale after 20 min, expired after 45: constants in shared/src/freshness.ts,
 * not configurable); during an outage the board is already stale from the first failed poll, with the
 * failure as its reason, which is what a ward sees for the whole outage. FHIR_TIMEOUT is 3 s where
 * the default is 10 s, so a slow server is found out in seconds.
 */
import { startSimulator, type RunningSimulator } from '@wardflow/fhir-simulator';
import type { Board } from '@wardflow/shared';
import { startFaultProxy, type FaultProxy, type FaultRule } from '../../server/src/testing/fault-proxy.js';
import { connect, nextBoard, subscribe, type WardSocket } from '../support/socket.js';
import { baseEnv, startWardflowProcess, type WardflowProcess } from '../support/wardflow-process.js';
import { boards, everyWardFresh, noStuckJobs, record, sleep, waitUntil } from './support/chaos.js';

const POLL_INTERVAL_MS = 3_000;
const SLOW_ANSWER_MS = 10_000;
/** Slow where a poll cannot do without it: the ward's stays (Encounter search, GET or POST). */
const slowEncounters = (fault: FaultRule['fault']): FaultRule => ({
  matches: (_method, path) => path.startsWith('/Encounter'),
  fault,
});

async function pollEveryWard(server: WardflowProcess): Promise<void> {
  const response = await server.api('/api/polls', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  expect(response.status).toBe(202);
}

/**
 * Applies a fault, then reads each ward's last complete board. A request the proxy judged before the
 * fault passes through unharmed, so a poll that already had everything it needed can still finish
 * and write a newer board just after the fault began: reading "the last board" before that has
 * settled made the comparison below race (it failed CI once). Pass-through answers take
 * milliseconds and FHIR_TIMEOUT here is 3 s, so 4 s covers any poll that began before the fault.
 */
async function faultThenLastBoards(server: WardflowProcess, fault: () => Promise<void> | void): Promise<Board[]> {
  await fault();
  await sleep(4_000);
  return boards(server);
}

/** Every ward stale, for `reason`, still showing the beds of its last complete board. */
function everyWardStale(server: WardflowProcess, reason: RegExp, before: Board[], what: string) {
  return waitUntil(
    () => boards(server),
    (all) =>
      all.length === before.length &&
      all.every((b) => {
        const last = before.find((x) => x.ward.id === b.ward.id);
        return (
          b.freshness === 'stale' &&
          reason.test(b.staleReason ?? '') &&
          last !== undefined &&
          b.asOf === last.asOf &&
          JSON.stringify(b.beds) === JSON.stringify(last.beds)
        );
      }),
    what,
    { timeoutMs: 45_000 },
  );
}

describe('chaos: FHIR faults', () => {
  let simulator: RunningSimulator;

  beforeAll(async () => {
    simulator = await startSimulator({ seed: 13, wards: 4 });
  });
  afterAll(async () => simulator?.close());

  describe('FHIR_TIMEOUT longer than a slow answer', () => {
    let proxy: FaultProxy;
    let server: WardflowProcess;
    let env: Record<string, string>;
    beforeAll(async () => {
      proxy = await startFaultProxy(simulator.baseUrl);
      env = baseEnv({ FHIR_BASE_URL: proxy.baseUrl, POLL_INTERVAL: '1h', FHIR_TIMEOUT: '15s' });
      server = await startWardflowProcess(env, { history: false });
      await everyWardFresh(server, 0, 'First polls of every ward');
    });
    afterAll(async () => {
      await server?.stop();
      await proxy?.close();
    });

    it('should wait for answers that take 10 s and keep every ward fresh', async () => {
      proxy.inject(slowEncounters({ kind: 'delay', ms: SLOW_ANSWER_MS }));
      const askedAt = Date.now();
      await pollEveryWard(server);
      // Never shown stale while the slow answers come: watched every 250 ms until every ward is polled.
      const staleSeen: string[] = [];
      const fresh = await waitUntil(
        async () => {
          const all = await boards(server);
          for (const b of all) if (b.freshness !== 'fresh') staleSeen.push(`${b.ward.id}: ${b.staleReason}`);
          return all;
        },
        (all) => all.every((b) => b.asOf !== null && Date.parse(b.asOf) > askedAt),
        'Every ward polled through 10 s answers',
        { timeoutMs: 60_000 },
      );
      expect(staleSeen).toEqual([]);
      // Read through the slow answers, not around them.
      expect(fresh.at - askedAt).toBeGreaterThanOrEqual(SLOW_ANSWER_MS);
      proxy.inject(null);
      await noStuckJobs(env.REDIS_URL as string, env.WARDFLOW_QUEUE_PREFIX as string, 'No stuck job after slow polls');
      record({
        scenario: 'FHIR answers in 10 s, FHIR_TIMEOUT 15 s',
        checked:
          'polls wait for the slow answers (took the 10 s); every ward fresh throughout, never stale; no stuck job',
        recoveryMs: null,
      });
    });
  });

  describe('FHIR_TIMEOUT shorter than a slow answer, dropped connections, FHIR away', () => {
    let proxy: FaultProxy;
    let server: WardflowProcess;
    let env: Record<string, string>;
    const sockets: WardSocket[] = [];
    beforeAll(async () => {
      proxy = await startFaultProxy(simulator.baseUrl);
      env = baseEnv({
        FHIR_BASE_URL: proxy.baseUrl,
        POLL_INTERVAL: `${POLL_INTERVAL_MS / 1000}s`,
        FHIR_TIMEOUT: '3s',
      });
      server = await startWardflowProcess(env, { history: false });
      await everyWardFresh(server, 0, 'First polls of every ward');
    });
    // A failed scenario must not leave its fault behind for the next one.
    afterEach(async () => {
      proxy.inject(null);
      await proxy.back();
    });
    afterAll(async () => {
      for (const socket of sockets) socket.disconnect();
      await server?.stop();
      await proxy?.close();
    });

    async function recoverAfter(fault: () => Promise<void> | void, what: string) {
      await fault();
      const backAt = Date.now();
      const fresh = await everyWardFresh(server, backAt, what, 60_000);
      await noStuckJobs(env.REDIS_URL as string, env.WARDFLOW_QUEUE_PREFIX as string, `No stuck job: ${what}`);
      return fresh.at - backAt;
    }

    it('should show every ward stale ("did not answer in time") while answers take 10 s, and fresh after', async () => {
      await everyWardFresh(server, 0, 'Fresh boards');
      const before = await faultThenLastBoards(server, () =>
        proxy.inject(slowEncounters({ kind: 'delay', ms: SLOW_ANSWER_MS })),
      );
      await pollEveryWard(server);
      await everyWardStale(server, /did not answer in time/, before, 'Every ward stale for slow FHIR');
      const recoveryMs = await recoverAfter(() => proxy.inject(null), 'Every ward fresh after slow FHIR');
      record({
        scenario: 'FHIR answers in 10 s, FHIR_TIMEOUT 3 s',
        checked: 'every ward stale "FHIR server did not answer in time", last beds kept; fresh after, no stuck job',
        recoveryMs,
      });
    });

    it('should show every ward stale while connections drop mid-answer, and fresh after', async () => {
      await everyWardFresh(server, 0, 'Fresh boards');
      const before = await faultThenLastBoards(server, () =>
        proxy.inject({ matches: () => true, fault: { kind: 'drop' } }),
      );
      await pollEveryWard(server);
      const stale = await everyWardStale(server, /FHIR server/, before, 'Every ward stale for dropped connections');
      const reasons = [...new Set(stale.value.map((b) => b.staleReason))];
      const recoveryMs = await recoverAfter(() => proxy.inject(null), 'Every ward fresh after dropped connections');
      record({
        scenario: 'FHIR connections dropped mid-answer',
        checked: `every ward stale (${reasons.join('; ')}), last beds kept; fresh after, no stuck job`,
        recoveryMs,
      });
    });

    it('should keep every ward visibly stale ("unreachable") for as long as FHIR is away, and fresh after', async () => {
      const fresh = (await everyWardFresh(server, 0, 'Fresh boards')).value;
      const screen = await connect(server.url, { token: server.token });
      sockets.push(screen);
      const watched = fresh[0] as Board;
      const ack = await subscribe(screen, watched.ward.id);
      expect('data' in ack).toBe(true);
      const pushedStale = nextBoard(screen, (b) => b.freshness === 'stale', 15_000);

      const awayAt = Date.now();
      const before = await faultThenLastBoards(server, () => proxy.away());
      // The wall screen is told at once, not at its next reload.
      expect((await pushedStale).staleReason).toBe('FHIR server unreachable');
      await everyWardStale(server, /^FHIR server unreachable$/, before, 'Every ward stale while FHIR is away');
      // And stays so, every ward, for the whole outage (checked every 2 s): never fresh, never blank.
      const OUTAGE_MS = 30_000;
      let samples = 0;
      while (Date.now() - awayAt < OUTAGE_MS) {
        for (const board of await boards(server)) {
          expect(board.freshness).toBe('stale');
          expect(board.staleReason).toBe('FHIR server unreachable');
          expect(board.beds.length).toBeGreaterThan(0);
        }
        samples++;
        await sleep(2_000);
      }
      expect(samples).toBeGreaterThanOrEqual(10);

      const pushedFresh = nextBoard(screen, (b) => b.freshness === 'fresh', 60_000);
      const recoveryMs = await recoverAfter(() => proxy.back(), 'Every ward fresh after FHIR came back');
      expect((await pushedFresh).staleReason).toBeUndefined();
      record({
        scenario: 'FHIR away 30 s (for 20 min; poll 3 s)',
        checked:
          'screen pushed stale at once; every ward stale "FHIR server unreachable" with last beds all outage; fresh after, no stuck job',
        recoveryMs,
      });
    });
  });
});
