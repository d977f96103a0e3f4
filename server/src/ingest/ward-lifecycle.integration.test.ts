/**
 * Ward lifecycle over real HTTP, PostgreSQL and Redis (issue 13): a moved deployment (two FHIR
 * servers, one data folder and one Redis) shows only the second server's wards as live and polls
 * only them, even when Location ids collide; a ward gone from the server retires with its history
 * kept, and resumes when it comes back.
 */
import type { Location } from '@medplum/fhirtypes';
import { startSimulator, type RunningSimulator } from '@wardflow/fhir-simulator';
import { QUEUES, composeBoard, type WardPollJob } from '@wardflow/shared';
import { Queue } from 'bullmq';
import { FhirReader } from '../fhir/fhir-reader.adapter.js';
import { eq } from 'drizzle-orm';
import { BoardRepository } from '../store/board.repository.js';
import { escalations } from '../store/schema.js';
import { openDatabase, type DatabaseHandle } from '../store/database.adapter.js';
import { createPostgresDatabase } from '../testing/test-databases.js';
import { TEST_REDIS_URL, uniquePrefix } from '../testing/test-redis.js';
import { testConfig } from '../testing/test-config.js';
import { PollSchedulerService } from './poll-scheduler.service.js';
import { WardLifecycleService } from './ward-lifecycle.service.js';

describe('ward lifecycle', () => {
  let postgres: { url: string; drop(): Promise<void> };
  let database: DatabaseHandle;
  let boards: BoardRepository;
  let queue: Queue<WardPollJob>;
  const simulators: RunningSimulator[] = [];
  const config = testConfig({});

  beforeAll(async () => {
    postgres = await createPostgresDatabase();
    database = await openDatabase({ databaseUrl: postgres.url, dataDir: '/nonexistent' });
    boards = new BoardRepository(database.db);
    queue = new Queue<WardPollJob>(QUEUES.wardPoll, {
      connection: { url: TEST_REDIS_URL, maxRetriesPerRequest: null },
      prefix: uniquePrefix(),
    });
  });
  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
    await database.close();
    await postgres.drop();
    for (const simulator of simulators) await simulator.close().catch(() => undefined);
  });

  const serverWith = async (seed: number, wards: number) => {
    const simulator = await startSimulator({ seed, wards, bedsPerWard: [8, 10] });
    simulators.push(simulator);
    const reader = new FhirReader({ baseUrl: simulator.baseUrl, timeoutMs: 10_000 });
    return { simulator, reader, lifecycle: new WardLifecycleService(boards, reader, config, Date.now) };
  };

  it("a data folder moved to another FHIR server shows and polls only that server's wards, never mixing them", async () => {
    const scheduler = new PollSchedulerService(queue, config);
    const first = await serverWith(1, 4);
    const firstRefresh = await first.lifecycle.refresh();
    await scheduler.scheduleWards(firstRefresh.live.map((w) => w.id));
    const firstIds = firstRefresh.live.map((w) => w.id).sort();
    // A board from the first server, as a poll would have stored it.
    const firstWard = firstIds[0] as string;
    await boards.recordPollFailure(firstWard, 'first server board', new Date());
    const before = await boards.getBoardState(firstWard);

    // The same data folder and Redis, now pointed at a second trust whose generated ids collide.
    const second = await serverWith(2, 3);
    const secondRefresh = await second.lifecycle.refresh();
    await scheduler.scheduleWards(secondRefresh.live.map((w) => w.id));
    const secondIds = second.simulator
      .wards()
      .map((w) => w.id)
      .sort();
    expect(secondIds.every((id) => firstIds.includes(id))).toBe(true);

    expect((await boards.liveWards()).map((w) => w.id).sort()).toEqual(secondIds);
    expect(await scheduler.schedulerCount()).toBe(secondIds.length);
    const retired = (await boards.listWards()).filter((w) => w.retired !== null);
    expect(retired).toHaveLength(4);
    expect(retired.every((w) => w.retired?.reason.startsWith('From another FHIR server'))).toBe(true);
    // The first server's board moved with its ward; the second server's ward of the same id starts empty and newer.
    const moved = retired.find((w) => w.id.startsWith(`${firstWard}@`));
    const movedBoard = await boards.getBoardState(moved?.id as string);
    expect(movedBoard?.staleReason).toBe('first server board');
    const reused = await boards.getBoardState(firstWard);
    expect(reused?.staleReason).toBe('No data received from FHIR yet');
    expect(reused?.version).toBeGreaterThan(before?.version ?? 0);
    // The moved ward's board says it is retired, never live.
    const board = composeBoard(
      moved as NonNullable<typeof moved>,
      movedBoard as NonNullable<typeof movedBoard>,
      Date.now(),
    );
    expect(board.freshness).toBe('expired');
    expect(board.staleReason).toMatch(/^Ward retired since .* \(From another FHIR server/);
  });

  it('retires a ward the server no longer has, keeps its history, and resumes it when it comes back', async () => {
    const { simulator, lifecycle } = await serverWith(3, 2);
    await lifecycle.refresh();
    const wardId = simulator.wards()[1]?.id as string;
    const location = (await (await fetch(`${simulator.baseUrl}/Location/${wardId}`)).json()) as Location;
    const put = (status: Location['status']) =>
      fetch(`${simulator.baseUrl}/Location/${wardId}`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/fhir+json' },
        body: JSON.stringify({ ...location, status }),
      });

    // An escalation open on the ward: retiring it must close it, or it would stay open for ever.
    await database.db.insert(escalations).values({
      wardId,
      ruleId: 'occupancy-high',
      detail: 'Occupancy 97%',
      raisedAt: new Date(),
      lastSeenAt: new Date(),
    });
    expect((await put('inactive')).status).toBe(200);
    const gone = await lifecycle.refresh();
    const [closed] = await database.db.select().from(escalations).where(eq(escalations.wardId, wardId));
    expect(closed?.resolvedAt).toBeInstanceOf(Date);
    expect(gone.changes.retire).toEqual([{ id: wardId, reason: 'No longer found on the FHIR server' }]);
    expect((await boards.getWard(wardId))?.retired?.reason).toBe('No longer found on the FHIR server');
    expect(await boards.getBoardState(wardId)).not.toBeNull();

    expect((await put('active')).status).toBe(200);
    const back = await lifecycle.refresh();
    expect(back.changes.resume).toEqual([wardId]);
    expect((await boards.getWard(wardId))?.retired).toBeNull();
  });

  it('two workers discovering at once reach one decision: the second decides from what the first wrote', async () => {
    const first = await serverWith(5, 3);
    await first.lifecycle.refresh();
    // A second trust's server, discovered by two workers at the same moment on one database.
    const second = await serverWith(6, 2);
    const other = new WardLifecycleService(boards, second.reader, config, Date.now);
    const [a, b] = await Promise.all([second.lifecycle.refresh(), other.refresh()]);
    // One of them moved the colliding wards aside; the other found nothing left to move.
    expect([a.changes.moveAside.length, b.changes.moveAside.length].sort()).toEqual([0, 2]);
    const live = (await boards.liveWards()).map((w) => w.id).sort();
    expect(live).toEqual(
      second.simulator
        .wards()
        .map((w) => w.id)
        .sort(),
    );
  });

  it('changes nothing when discovery fails: a FHIR server having a bad hour retires no ward', async () => {
    const { simulator, lifecycle } = await serverWith(4, 2);
    await lifecycle.refresh();
    const live = (await boards.liveWards()).map((w) => w.id);
    simulators.splice(simulators.indexOf(simulator), 1);
    await simulator.close();
    await expect(lifecycle.refresh()).rejects.toThrow();
    expect((await boards.liveWards()).map((w) => w.id)).toEqual(live);
  });
});
