/**
 * The census-drop guard end to end inside the worker (CS-5): real simulator over HTTP, real
 * FhirReader, PGlite, Redis (unique prefix). Half a ward "discharged" in one go is held, the
 * previous board stays up marked stale with the reason, a confirming poll is queued, and the second
 * poll that sees the same census accepts it.
 */
import { patientsOnBoard, QUEUES, type Ward, type WardPollJob } from '@wardflow/shared';
import { Queue } from 'bullmq';
import { loadConfig } from '../config/app-config.js';
import { FhirReader } from '../fhir/fhir-reader.adapter.js';
import { BoardEvents } from '../realtime/board-events.adapter.js';
import { createRedis } from '../redis/redis.adapter.js';
import { startSimulator, type RunningSimulator } from '../simulator/simulator.js';
import { BoardRepository } from '../store/board.repository.js';
import { openDatabase, type DatabaseHandle } from '../store/database.adapter.js';
import { createTempDir } from '../testing/test-databases.js';
import { TEST_REDIS_URL, uniquePrefix } from '../testing/test-redis.js';
import { IngestService } from './ingest.service.js';
import { PollSchedulerService } from './poll-scheduler.service.js';
import { WardDiscoveryService } from './ward-discovery.service.js';
import { WardFetchService } from './ward-fetch.service.js';

interface EncounterJson {
  id: string;
  status: string;
  period?: { start?: string; end?: string };
  location?: Array<{ status?: string; period?: { start?: string; end?: string } }>;
}

describe('census-drop guard in the poll', () => {
  const dir = createTempDir();
  const prefix = uniquePrefix();
  let simulator: RunningSimulator;
  let database: DatabaseHandle;
  let queue: Queue<WardPollJob>;
  let events: BoardEvents;
  let ingest: IngestService;
  let boards: BoardRepository;
  let ward: Ward;

  beforeAll(async () => {
    simulator = await startSimulator({ seed: 3 });
    database = await openDatabase({ databaseUrl: null, dataDir: dir.path });
    boards = new BoardRepository(database.db);
    const reader = new FhirReader({ baseUrl: simulator.baseUrl, timeoutMs: 5_000 });
    const config = loadConfig({ CENSUS_CONFIRM_DELAY: '30s' }, { clientDistDir: null });
    queue = new Queue<WardPollJob>(QUEUES.wardPoll, { connection: { url: TEST_REDIS_URL, maxRetriesPerRequest: null }, prefix });
    events = new BoardEvents(createRedis(TEST_REDIS_URL), createRedis(TEST_REDIS_URL), prefix);
    const scheduler = new PollSchedulerService(queue, config);
    ingest = new IngestService(new WardFetchService(reader, Date.now), boards, events, Date.now, scheduler, config);
    const wards = await new WardDiscoveryService(reader).discover();
    await boards.upsertWards(wards, new Date());
    ward = wards[0] as Ward;
  });

  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
    await events.close();
    await database.close();
    await simulator.close();
    dir.remove();
  });

  async function dischargeHalfTheWard(): Promise<number> {
    const bundle = (await (
      await fetch(`${simulator.baseUrl}/Encounter?location=Location/${ward.id}&status=in-progress&_count=100`)
    ).json()) as { entry?: Array<{ resource: EncounterJson }> };
    const encounters = (bundle.entry ?? []).map((e) => e.resource);
    const leaving = encounters.slice(0, Math.ceil(encounters.length / 2));
    const end = new Date().toISOString();
    for (const encounter of leaving) {
      const finished: EncounterJson = {
        ...encounter,
        status: 'finished',
        period: { ...encounter.period, end },
        location: (encounter.location ?? []).map((l) => ({ ...l, status: 'completed', period: { ...l.period, end } })),
      };
      const response = await fetch(`${simulator.baseUrl}/Encounter/${encounter.id}`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/fhir+json' },
        body: JSON.stringify(finished),
      });
      expect(response.ok).toBe(true);
    }
    return leaving.length;
  }

  it('should hold a sudden large drop, keep the old board stale with the reason, then accept it when confirmed', async () => {
    const first = await ingest.pollWard(ward);
    expect(first).toMatchObject({ ok: true, held: false });
    const before = await boards.getBoardState(ward.id);
    const occupiedBefore = before?.snapshot ? patientsOnBoard(before.snapshot) : 0;
    expect(occupiedBefore).toBeGreaterThanOrEqual(15);

    const discharged = await dischargeHalfTheWard();

    const second = await ingest.pollWard(ward);
    expect(second).toMatchObject({ ok: true, held: true });
    const held = await boards.getBoardState(ward.id);
    expect(held?.snapshot ? patientsOnBoard(held.snapshot) : -1).toBe(occupiedBefore);
    expect(held?.staleReason).toBe(
      `Patients on the ward fell from ${occupiedBefore} to ${occupiedBefore - discharged}: showing the previous board until the next poll confirms it`,
    );
    expect(held?.version).toBe((before?.version ?? 0) + 1);
    const confirming = (await queue.getJobs(['delayed'])).map((j) => j.data);
    expect(confirming).toEqual([{ wardId: ward.id, trigger: 'confirm' }]);

    const third = await ingest.pollWard(ward);
    expect(third).toMatchObject({ ok: true, held: false });
    const accepted = await boards.getBoardState(ward.id);
    expect(accepted?.snapshot ? patientsOnBoard(accepted.snapshot) : -1).toBe(occupiedBefore - discharged);
    expect(accepted?.staleReason).toBeNull();
    expect(accepted?.pendingDropOccupied).toBeNull();
  });
});
