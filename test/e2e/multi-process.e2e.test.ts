/**
 * Many processes, as a trust runs them behind a load balancer: two `api` and two `worker` processes,
 * started at once on one Redis (one queue prefix), one PostgreSQL database and one FHIR server (the
 * simulator; each worker reaches it through a fault proxy of its own, so the test can tell which
 * worker is reading and make that read hang). Wall screens are spread over both APIs.
 *
 * How a version reaches a screen: a worker stores a snapshot (compare-and-set, `version + 1`),
 * publishes `{ wardId, version }` on Redis; every API hears it, reads the board once and sends it to
 * its own screens. An API skips a version older than the board it then reads (realtime.service.ts):
 * the push carries the whole board, so when two versions of one ward land closer together than a
 * delivery, screens may get only the later one, by design. The test therefore asserts "every version,
 * once, in order" where changes are spaced (one poll of each ward at a time, as the schedule and the
 * deduplicated manual polls make them), and "converge to the latest, never backwards" across an API's
 * death, where a screen resyncs from the subscription answer.
 *
 * A worker killed mid-poll leaves its job active until BullMQ's lock on it lapses (lockDuration, 30 s
 * by default, which the ward-poll processor keeps) and a stalled-job check, at most one per
 * stalledInterval (30 s) across all workers, finds it twice: the first marks it, the next puts it back
 * to wait. The survivor then polls again; nothing was stored by the dead worker, so one version.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type RunningSimulator } from '@wardflow/fhir-simulator';
import { QUEUES, type Board, type PollRequestAccepted, type WardSummary } from '@wardflow/shared';
import { Queue } from 'bullmq';
import pg from 'pg';
import { startFaultProxy, type FaultProxy } from '../../server/src/testing/fault-proxy.js';
import { createPostgresDatabase } from '../../server/src/testing/test-databases.js';
import { eventually } from '../support/eventually.js';
import { connect, subscribe, type WardSocket } from '../support/socket.js';
import { baseEnv, startWardflowProcess, type WardflowProcess } from '../support/wardflow-process.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Screens per ward on each API. */
const SCREENS_PER_WARD_PER_API = 2;
const ROUNDS = 3;
/** BullMQ's defaults, which the ward-poll processor keeps (server/src/ingest/ward-poll.processor.ts). */
const BULLMQ_LOCK_DURATION_MS = 30_000;
const BULLMQ_STALLED_INTERVAL_MS = 30_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Received {
  kind: 'answer' | 'push';
  version: number;
  api: string;
}

interface Resync {
  lostAt: number;
  syncedAt: number;
  /** The version shown when the connection dropped, and the one the new API's answer brought. */
  before: number;
  after: number;
  api: string;
}

/**
 * A wall screen following the client's rules (client/src/live): after every (re)connect it subscribes
 * and takes the answer whatever its version, unless a newer push came first; between answers it takes
 * only newer pushes. Behind a load balancer: a dropped connection is made again to an API that is up.
 */
class Screen {
  readonly received: Received[] = [];
  readonly resyncs: Resync[] = [];
  shown = -1;
  api: string;
  failure: Error | null = null;
  private acceptAbove = Number.NEGATIVE_INFINITY;
  private socket: WardSocket | null = null;
  private closed = false;

  constructor(
    readonly wardId: string,
    private readonly apis: readonly string[],
    private next: number,
    private readonly token: string,
  ) {
    this.api = apis[next % apis.length] as string;
  }

  open(): Promise<void> {
    return this.connectSomewhere();
  }

  pushes(): number[] {
    return this.received.filter((r) => r.kind === 'push').map((r) => r.version);
  }

  close(): void {
    this.closed = true;
    this.socket?.disconnect();
  }

  private apply(kind: Received['kind'], board: Board): void {
    if (board.ward.id !== this.wardId) return;
    this.received.push({ kind, version: board.version, api: this.api });
    if (board.version <= this.acceptAbove) return;
    this.acceptAbove = board.version;
    this.shown = board.version;
  }

  private async connectSomewhere(): Promise<void> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const api = this.apis[this.next % this.apis.length] as string;
      let socket: WardSocket | null = null;
      try {
        socket = await connect(api, { token: this.token });
        this.api = api;
        this.socket = socket;
        socket.on('ward:board', (board) => this.apply('push', board));
        socket.on('disconnect', (reason) => {
          if (this.closed || reason === 'io client disconnect') return;
          this.lost().catch((error: unknown) => (this.failure = error as Error));
        });
        // A (re)connect: the coming answer is the authority.
        this.acceptAbove = Number.NEGATIVE_INFINITY;
        const ack = await subscribe(socket, this.wardId);
        if (!('data' in ack)) throw new Error(ack.error);
        this.apply('answer', ack.data);
        return;
      } catch (error) {
        socket?.disconnect();
        if (Date.now() > deadline) throw error;
        // The balancer sends the next try elsewhere.
        this.next += 1;
        await sleep(200);
      }
    }
  }

  private async lost(): Promise<void> {
    const lostAt = Date.now();
    const before = this.shown;
    this.next += 1;
    await this.connectSomewhere();
    this.resyncs.push({ lostAt, syncedAt: Date.now(), before, after: this.shown, api: this.api });
  }
}

describe('many processes: two APIs and two workers on one Redis and one PostgreSQL', () => {
  let simulator: RunningSimulator;
  let database: { url: string; drop(): Promise<void> };
  let sql: pg.Client;
  const proxies: FaultProxy[] = [];
  let api1: WardflowProcess;
  let api2: WardflowProcess;
  const workers: WardflowProcess[] = [];
  let pollQueue: Queue;
  let scoreQueue: Queue;
  let wards: WardSummary[] = [];
  const screens: Screen[] = [];

  async function storedVersions(): Promise<Map<string, number>> {
    const { rows } = await sql.query<{ ward_id: string; version: string }>('select ward_id, version from board_state');
    return new Map(rows.map((r) => [r.ward_id, Number(r.version)]));
  }

  async function storedSnapshots(): Promise<Map<string, number>> {
    const { rows } = await sql.query<{ ward_id: string; n: number }>(
      'select ward_id, count(*)::int as n from snapshot_history group by ward_id',
    );
    return new Map(rows.map((r) => [r.ward_id, r.n]));
  }

  /** Nothing waiting or running on the poll and score queues (the schedules' next runs are delayed jobs). */
  async function quiet(): Promise<void> {
    await eventually(
      async () => [
        await pollQueue.getJobCounts('active', 'wait', 'prioritized', 'waiting-children'),
        await scoreQueue.getJobCounts('active', 'wait', 'prioritized', 'waiting-children'),
      ],
      (counts) => counts.every((c) => Object.values(c).every((n) => n === 0)),
      'Poll and score queues empty',
      { tries: 240, everyMs: 500 },
    );
  }

  async function requestPolls(via: WardflowProcess, body: { wardId?: string } = {}): Promise<string[]> {
    const response = await via.api('/api/polls', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(202);
    return ((await response.json()) as PollRequestAccepted).queued;
  }

  function everyScreenShows(expected: Map<string, number>, what: string): Promise<Screen[]> {
    return eventually(
      async () => screens,
      (all) => all.every((s) => s.failure === null && s.shown === expected.get(s.wardId)),
      what,
      { tries: 120, everyMs: 250 },
    );
  }

  beforeAll(async () => {
    simulator = await startSimulator({ seed: 14, wards: 4 });
    database = await createPostgresDatabase();
    sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
    proxies.push(await startFaultProxy(simulator.baseUrl), await startFaultProxy(simulator.baseUrl));
    // One deployment: the same secrets, queue prefix, database and FHIR source for every process.
    const shared = baseEnv({
      DATABASE_URL: database.url,
      FHIR_SOURCE_ID: 'multi-process-simulator',
      // Polls only when the test asks (and the schedules' first runs at start).
      POLL_INTERVAL: '1h',
      // A slow read on a busy machine must not turn into a failed poll (and an extra version).
      FHIR_TIMEOUT: '60s',
    });
    // Each process gets a data folder of its own below; the one baseEnv made goes unused.
    rmSync(shared.WARDFLOW_DATA_DIR ?? '', { recursive: true, force: true });
    const envOf = (role: 'api' | 'worker', fhir: string) => ({
      ...shared,
      WARDFLOW_ROLE: role,
      FHIR_BASE_URL: fhir,
      WARDFLOW_DATA_DIR: mkdtempSync(join(tmpdir(), `wardflow-e2e-${role}-`)),
    });
    // All at once, as `docker compose up --scale worker=2 --scale api=2` would on a fresh database.
    const starts = await Promise.allSettled([
      startWardflowProcess(envOf('worker', proxies[0]?.baseUrl ?? ''), { timeoutMs: 120_000 }),
      startWardflowProcess(envOf('worker', proxies[1]?.baseUrl ?? ''), { timeoutMs: 120_000 }),
      startWardflowProcess(envOf('api', simulator.baseUrl), { timeoutMs: 120_000 }),
      startWardflowProcess(envOf('api', simulator.baseUrl), { timeoutMs: 120_000 }),
    ]);
    const started = starts.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const refused = starts.flatMap((s) => (s.status === 'rejected' ? [s.reason as Error] : []));
    if (refused.length > 0) {
      await Promise.all(started.map((p) => p.stop()));
      throw refused[0];
    }
    const [worker1, worker2, first, second] = started as [
      WardflowProcess,
      WardflowProcess,
      WardflowProcess,
      WardflowProcess,
    ];
    workers.push(worker1, worker2);
    api1 = first;
    api2 = second;
    const connection = { url: REDIS_URL };
    pollQueue = new Queue(QUEUES.wardPoll, { connection, prefix: shared.WARDFLOW_QUEUE_PREFIX });
    scoreQueue = new Queue(QUEUES.wardScore, { connection, prefix: shared.WARDFLOW_QUEUE_PREFIX });
    wards = await eventually(
      () => api1.json<WardSummary[]>('/api/wards'),
      (list) => list.length === 4 && list.every((w) => w.asOf !== null),
      'Every ward polled once',
      { tries: 240, everyMs: 500 },
    );
  }, 240_000);

  afterAll(async () => {
    for (const screen of screens) screen.close();
    await Promise.all([api1, api2, ...workers].map((p) => p?.stop()));
    await pollQueue?.close();
    await scoreQueue?.close();
    await sql?.end();
    await database?.drop();
    await Promise.all(proxies.map((p) => p.close()));
    await simulator?.close();
  }, 120_000);

  it('should push every board version once and in order to every screen, on either API', async () => {
    await quiet();
    const start = await storedVersions();
    const snapshotsAtStart = await storedSnapshots();
    for (const ward of wards)
      for (let i = 0; i < 2 * SCREENS_PER_WARD_PER_API; i++)
        screens.push(new Screen(ward.id, [api1.url, api2.url], i, api1.token));
    await Promise.all(screens.map((s) => s.open()));
    expect(new Set(screens.map((s) => s.api))).toEqual(new Set([api1.url, api2.url]));
    for (const screen of screens) expect(screen.shown).toBe(start.get(screen.wardId));

    for (let round = 1; round <= ROUNDS; round++) {
      // Either API takes the request; either worker may run each ward's poll.
      const queued = await requestPolls(round % 2 === 0 ? api2 : api1);
      expect(queued).toHaveLength(wards.length);
      const expected = new Map(wards.map((w) => [w.id, (start.get(w.id) ?? 0) + round]));
      await eventually(
        storedVersions,
        (stored) => wards.every((w) => stored.get(w.id) === expected.get(w.id)),
        `Round ${round}: every ward stored one new version`,
        { tries: 240, everyMs: 250 },
      );
      await everyScreenShows(expected, `Round ${round}: every screen shows its ward's new version`);
    }

    await quiet();
    // One poll, one version, one history row: nothing doubled, nothing skipped.
    const end = await storedVersions();
    const snapshotsAtEnd = await storedSnapshots();
    for (const ward of wards) {
      expect(end.get(ward.id)).toBe((start.get(ward.id) ?? 0) + ROUNDS);
      expect(snapshotsAtEnd.get(ward.id)).toBe((snapshotsAtStart.get(ward.id) ?? 0) + ROUNDS);
    }
    for (const screen of screens) {
      const first = start.get(screen.wardId) ?? 0;
      expect(screen.pushes()).toEqual(Array.from({ length: ROUNDS }, (_, i) => first + i + 1));
    }
  }, 300_000);

  it("should move a killed API's screens to the other API and resync them to the latest version", async () => {
    await quiet();
    const pushesBefore = new Map(screens.map((s) => [s, s.pushes().length]));
    const moving = screens.filter((s) => s.api === api1.url);
    expect(moving.length).toBe(wards.length * SCREENS_PER_WARD_PER_API);
    const before = await storedVersions();
    const exited = new Promise((r) => api1.child.once('exit', r));
    const killedAt = Date.now();
    api1.child.kill('SIGKILL');
    await exited;
    // A change while they reconnect: the one API left must give them the latest, not what they had.
    await requestPolls(api2);
    const expected = new Map(wards.map((w) => [w.id, (before.get(w.id) ?? 0) + 1]));
    await eventually(
      storedVersions,
      (stored) => wards.every((w) => stored.get(w.id) === expected.get(w.id)),
      'Every ward stored one new version after the API died',
      { tries: 240, everyMs: 250 },
    );
    await everyScreenShows(expected, 'Every screen shows the latest version after the API died');
    for (const screen of moving) {
      expect(screen.api).toBe(api2.url);
      expect(screen.resyncs).toHaveLength(1);
      const resync = screen.resyncs[0] as Resync;
      expect(resync.api).toBe(api2.url);
      // The other API's answer is never older than what the screen showed.
      expect(resync.after).toBeGreaterThanOrEqual(resync.before);
      expect(resync.syncedAt - killedAt).toBeLessThan(30_000);
    }
    const resyncMs = moving.map((s) => (s.resyncs[0]?.syncedAt ?? Infinity) - killedAt);
    process.stdout.write(
      `multi-process: ${moving.length} screens of the killed API resynced on the other within ${Math.max(...resyncMs)} ms\n`,
    );
    // The screens on the API that stayed up saw nothing but the one new version.
    for (const screen of screens.filter((s) => !moving.includes(s))) {
      expect(screen.resyncs).toHaveLength(0);
      expect(screen.pushes().slice(pushesBefore.get(screen))).toEqual([expected.get(screen.wardId)]);
    }
  }, 300_000);

  it('should finish a poll in flight on a killed worker on the other worker, with one version and no job stuck', async () => {
    await quiet();
    const ward = wards[0] as WardSummary;
    const before = await storedVersions();
    const snapshotsBefore = await storedSnapshots();
    const wardScreens = screens.filter((s) => s.wardId === ward.id);
    const pushesBefore = new Map(wardScreens.map((s) => [s, s.pushes().length]));
    // Every FHIR request hangs at the proxy; which proxy it reaches says which worker took the poll.
    const reads: number[] = [];
    proxies.forEach((proxy, i) =>
      proxy.inject({
        matches: () => {
          reads.push(i);
          return true;
        },
        fault: { kind: 'hang' },
      }),
    );
    const [jobId] = await requestPolls(api2, { wardId: ward.id });
    await eventually(
      async () => reads.length,
      (n) => n > 0,
      'A worker reading FHIR for the poll',
      { tries: 120, everyMs: 100 },
    );
    const victimIndex = reads[0] as number;
    const survivorIndex = 1 - victimIndex;
    // The next reads go through (and are counted): the retry must reach FHIR.
    proxies.forEach((proxy, i) =>
      proxy.inject({
        matches: () => {
          reads.push(i);
          return false;
        },
        fault: { kind: 'hang' },
      }),
    );
    const victim = workers[victimIndex] as WardflowProcess;
    const exited = new Promise((r) => victim.child.once('exit', r));
    victim.child.kill('SIGKILL');
    await exited;
    const killedAt = Date.now();
    const readsAtKill = reads.length;
    expect(await (await pollQueue.getJob(jobId ?? ''))?.getState()).toBe('active');

    // BullMQ: the dead worker's lock lapses (lockDuration) and the survivor's stalled-job check
    // (stalledInterval) puts the job back to wait, where the survivor takes it.
    const job = await eventually(
      () => pollQueue.getJob(jobId ?? ''),
      (j) => j?.finishedOn !== undefined,
      'The poll finished by the other worker',
      { tries: 360, everyMs: 500 },
    );
    // processedOn is when the survivor took the job back; finishedOn when its poll was done.
    const takenOverMs = (job?.processedOn ?? 0) - killedAt;
    const finishedMs = (job?.finishedOn ?? 0) - killedAt;
    process.stdout.write(
      `multi-process: the killed worker's poll was taken over ${takenOverMs} ms after the kill and finished at ${finishedMs} ms\n`,
    );
    // At most the lock's lapse plus two checks (the first marks the job, the next moves it), with room for a busy machine.
    expect(takenOverMs).toBeGreaterThan(0);
    expect(takenOverMs).toBeLessThan(BULLMQ_LOCK_DURATION_MS + 2 * BULLMQ_STALLED_INTERVAL_MS + 30_000);
    expect(await job?.getState()).toBe('completed');
    expect(job?.stalledCounter).toBe(1);
    expect(job?.attemptsMade).toBe(1);
    expect(reads.slice(readsAtKill).every((i) => i === survivorIndex)).toBe(true);
    expect(reads.length).toBeGreaterThan(readsAtKill);

    // Exactly one new version and one history row for the one poll.
    const expectedVersion = (before.get(ward.id) ?? 0) + 1;
    expect((job?.returnvalue as { version: number | null }).version).toBe(expectedVersion);
    await quiet();
    const after = await storedVersions();
    const snapshotsAfter = await storedSnapshots();
    for (const w of wards) expect(after.get(w.id)).toBe((before.get(w.id) ?? 0) + (w.id === ward.id ? 1 : 0));
    expect(snapshotsAfter.get(ward.id)).toBe((snapshotsBefore.get(ward.id) ?? 0) + 1);
    await everyScreenShows(after, "The ward's screens show the new version");
    for (const screen of wardScreens)
      expect(screen.pushes().slice(pushesBefore.get(screen))).toEqual([expectedVersion]);

    // Nothing stuck: no job waiting, running or failed on any queue the workers run.
    for (const queue of [pollQueue, scoreQueue]) {
      const counts = await queue.getJobCounts('active', 'wait', 'prioritized', 'waiting-children', 'failed');
      expect(counts).toEqual({ active: 0, wait: 0, prioritized: 0, 'waiting-children': 0, failed: 0 });
    }
  }, 300_000);
});
