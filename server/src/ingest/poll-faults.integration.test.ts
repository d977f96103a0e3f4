/**
 * Every way a FHIR server can misbehave, against a whole poll (DESIGN section 8; issue 3): a real
 * fault-injecting proxy in front of the simulator, the real FhirReader and IngestService, PGlite and
 * Redis. Each fault must end in the documented state: the previous complete board stays (CS-4),
 * marked stale with a reason a nurse can read; nothing throws; the next good poll recovers.
 */
import { QUEUES, type Ward, type WardPollJob } from '@wardflow/shared';
import { Queue } from 'bullmq';
import { loadConfig } from '../config/app-config.js';
import { FhirReader } from '../fhir/fhir-reader.adapter.js';
import { BoardEvents } from '../realtime/board-events.adapter.js';
import { createRedis } from '../redis/redis.adapter.js';
import { startSimulator, type RunningSimulator } from '../simulator/simulator.js';
import { BoardRepository } from '../store/board.repository.js';
import { openDatabase, type DatabaseHandle } from '../store/database.adapter.js';
import { startFaultProxy, type Fault, type FaultProxy } from '../testing/fault-proxy.js';
import { createTempDir } from '../testing/test-databases.js';
import { TEST_REDIS_URL, uniquePrefix } from '../testing/test-redis.js';
import { IngestService } from './ingest.service.js';
import { PollSchedulerService } from './poll-scheduler.service.js';
import { WardDiscoveryService } from './ward-discovery.service.js';
import { WardFetchService } from './ward-fetch.service.js';

type Bundle = Record<string, unknown> & { entry?: unknown[]; link?: Array<{ relation: string; url: string }> };

// Encounter searches go as POST /Encounter/_search (the location list is long); next pages come back as GET.
const onEncounterSearch = (_method: string, path: string) => path.startsWith('/Encounter?') || path.startsWith('/Encounter/_search');
const onBedSearch = (method: string, path: string) => method === 'GET' && path.startsWith('/Location?partof=');

const withNext = (url: (proxyBase: string, page: Bundle) => string): Fault => ({
  kind: 'rewrite',
  rewrite: (body, proxyBase) => ({
    ...body,
    link: [...((body as Bundle).link ?? []).filter((l) => l.relation !== 'next'), { relation: 'next', url: url(proxyBase, body as Bundle) }],
  }),
});

const scenarios: Array<{ name: string; matches: (m: string, p: string) => boolean; fault: Fault; reason: string }> = [
  { name: 'HTTP 500', matches: onEncounterSearch, fault: { kind: 'status', status: 500 }, reason: 'FHIR server answered HTTP 500' },
  {
    name: 'HTTP 503 with Retry-After, every time',
    matches: onEncounterSearch,
    fault: { kind: 'status', status: 503, headers: { 'Retry-After': '0' } },
    reason: 'FHIR server answered HTTP 503',
  },
  { name: 'HTTP 429', matches: onEncounterSearch, fault: { kind: 'status', status: 429, headers: { 'Retry-After': '0' } }, reason: 'FHIR server answered HTTP 429' },
  { name: 'a hang', matches: onEncounterSearch, fault: { kind: 'hang' }, reason: 'FHIR server did not answer in time' },
  { name: 'a truncated body', matches: onEncounterSearch, fault: { kind: 'truncated' }, reason: 'FHIR server sent an unreadable answer' },
  { name: 'a body that is not JSON', matches: onEncounterSearch, fault: { kind: 'not-json' }, reason: 'FHIR server sent an unreadable answer' },
  { name: 'an HTML page with status 200', matches: onEncounterSearch, fault: { kind: 'html-200' }, reason: 'FHIR server sent an unreadable answer' },
  {
    name: 'a next link to another origin',
    matches: onBedSearch,
    fault: withNext(() => 'http://attacker.example/fhir/R4/Location?page=2'),
    reason: 'FHIR paging could not be completed safely',
  },
  {
    name: 'a paging loop',
    matches: onBedSearch,
    // Every page says "next: this same page", a real page the server serves again and again.
    fault: withNext((_proxyBase, page) => page.link?.find((l) => l.relation === 'self')?.url ?? ''),
    reason: 'FHIR paging could not be completed safely',
  },
  {
    name: 'an OperationOutcome error inside a 200 searchset',
    matches: onEncounterSearch,
    fault: {
      kind: 'rewrite',
      rewrite: (body) => ({
        ...body,
        entry: [
          ...((body as Bundle).entry ?? []),
          { resource: { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'too-costly' }] }, search: { mode: 'outcome' } },
        ],
      }),
    },
    reason: 'FHIR server reported an error inside its search results',
  },
];

describe('a poll against a misbehaving FHIR server', () => {
  const dir = createTempDir();
  const prefix = uniquePrefix();
  let simulator: RunningSimulator;
  let proxy: FaultProxy;
  let database: DatabaseHandle;
  let queue: Queue<WardPollJob>;
  let events: BoardEvents;
  let ingest: IngestService;
  let boards: BoardRepository;
  let ward: Ward;

  beforeAll(async () => {
    simulator = await startSimulator({ seed: 5 });
    proxy = await startFaultProxy(simulator.baseUrl);
    database = await openDatabase({ databaseUrl: null, dataDir: dir.path });
    boards = new BoardRepository(database.db);
    const reader = new FhirReader({ baseUrl: proxy.baseUrl, timeoutMs: 400, backoffBaseMs: 20, maxRetryAfterMs: 2_000 });
    const config = loadConfig({}, { clientDistDir: null });
    queue = new Queue<WardPollJob>(QUEUES.wardPoll, { connection: { url: TEST_REDIS_URL, maxRetriesPerRequest: null }, prefix });
    events = new BoardEvents(createRedis(TEST_REDIS_URL), createRedis(TEST_REDIS_URL), prefix);
    ingest = new IngestService(new WardFetchService(reader, Date.now), boards, events, Date.now, new PollSchedulerService(queue, config), config);
    const wards = await new WardDiscoveryService(reader).discover();
    await boards.upsertWards(wards, new Date());
    ward = wards[0] as Ward;
  });

  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
    await events.close();
    await database.close();
    await proxy.close();
    await simulator.close();
    dir.remove();
  });

  afterEach(() => proxy.inject(null));

  it.each(scenarios)('should keep the last board, stale with a readable reason, on $name, and recover after', async ({ matches, fault, reason }) => {
    expect(await ingest.pollWard(ward)).toMatchObject({ ok: true });
    const good = await boards.getBoardState(ward.id);

    proxy.inject({ matches, fault });
    const outcome = await ingest.pollWard(ward);
    expect(outcome).toMatchObject({ ok: false, reason });
    const failed = await boards.getBoardState(ward.id);
    expect(failed).toMatchObject({ staleReason: reason, lastPollOk: false });
    expect(failed?.asOf).toEqual(good?.asOf);
    expect(failed?.snapshot).toEqual(good?.snapshot);
    expect(failed?.version).toBe((good?.version ?? 0) + 1);

    proxy.inject(null);
    expect(await ingest.pollWard(ward)).toMatchObject({ ok: true, held: false });
    expect(await boards.getBoardState(ward.id)).toMatchObject({ staleReason: null, lastPollOk: true });
  });

  it('should keep both patients on the board while a bed swap is half recorded, then show the swap', async () => {
    const search = (await (
      await fetch(`${simulator.baseUrl}/Encounter?location=Location/${ward.id}&status=in-progress&_count=100`)
    ).json()) as { entry: Array<{ resource: { id: string; location: Array<{ location: { reference: string }; status?: string; period?: { start?: string } }> } }> };
    const [a, b] = search.entry.map((e) => e.resource);
    if (a === undefined || b === undefined) throw new Error('need two inpatients');
    const bedOf = (enc: typeof a) => enc.location.find((l) => l.status === 'active' && l.location.reference.includes('-bed-'))?.location.reference ?? '';
    const [bedA, bedB] = [bedOf(a), bedOf(b)];
    const moveTo = async (enc: typeof a, bed: string, at: string) => {
      const moved = {
        ...enc,
        location: enc.location.map((l) => (l.location.reference === bedOf(enc) ? { ...l, location: { reference: bed }, period: { start: at } } : l)),
      };
      const response = await fetch(`${simulator.baseUrl}/Encounter/${enc.id}`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/fhir+json' },
        body: JSON.stringify(moved),
      });
      expect(response.ok).toBe(true);
    };

    await moveTo(a, bedB, new Date().toISOString());
    expect(await ingest.pollWard(ward)).toMatchObject({ ok: true });
    const half = (await boards.getBoardState(ward.id))?.snapshot;
    const bedBId = bedB.split('/')[1];
    expect(half?.beds.find((bed) => bed.id === bedBId)?.patient?.encounterId).toBe(a.id);
    expect(half?.unplaced.map((u) => u.patient.encounterId)).toEqual([b.id]);

    await moveTo(b, bedA, new Date(Date.now() + 1_000).toISOString());
    expect(await ingest.pollWard(ward)).toMatchObject({ ok: true });
    const swapped = (await boards.getBoardState(ward.id))?.snapshot;
    expect(swapped?.beds.find((bed) => bed.id === bedA.split('/')[1])?.patient?.encounterId).toBe(b.id);
    expect(swapped?.unplaced).toEqual([]);
  });

  it('should find a patient whose encounter names only the bed, not the ward', async () => {
    const search = (await (
      await fetch(`${simulator.baseUrl}/Encounter?location=Location/${ward.id}&status=in-progress&_count=100`)
    ).json()) as { entry: Array<{ resource: { id: string; location: Array<{ location: { reference: string } }> } }> };
    const encounter = search.entry[0]?.resource;
    if (encounter === undefined) throw new Error('need an inpatient');
    const bedOnly = { ...encounter, location: encounter.location.filter((l) => l.location.reference !== `Location/${ward.id}`) };
    const response = await fetch(`${simulator.baseUrl}/Encounter/${encounter.id}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/fhir+json' },
      body: JSON.stringify(bedOnly),
    });
    expect(response.ok).toBe(true);
    // The ward-only search no longer finds it; the board must.
    const byWard = (await (await fetch(`${simulator.baseUrl}/Encounter?location=Location/${ward.id}&_id=${encounter.id}`)).json()) as { total?: number };
    expect(byWard.total).toBe(0);

    expect(await ingest.pollWard(ward)).toMatchObject({ ok: true });
    const snapshot = (await boards.getBoardState(ward.id))?.snapshot;
    const placed = snapshot?.beds.find((b) => b.patient?.encounterId === encounter.id);
    expect(placed).toBeDefined();
    expect(snapshot?.unplaced.map((u) => u.patient.encounterId)).not.toContain(encounter.id);
  });

  it('should ignore an entered-in-error NEWS2 and keep showing the valid one', async () => {
    await ingest.pollWard(ward);
    const before = (await boards.getBoardState(ward.id))?.snapshot;
    const bed = before?.beds.find((b) => b.patient?.news2 !== null && b.patient !== null);
    if (bed?.patient?.news2 == null) throw new Error('need a patient with NEWS2');
    const encounter = (await (await fetch(`${simulator.baseUrl}/Encounter/${bed.patient.encounterId}`)).json()) as { subject: { reference: string } };
    const response = await fetch(`${simulator.baseUrl}/Observation`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/fhir+json' },
      body: JSON.stringify({
        resourceType: 'Observation',
        status: 'entered-in-error',
        code: { coding: [{ system: 'http://snomed.info/sct', code: '1104051000000101' }] },
        subject: encounter.subject,
        encounter: { reference: `Encounter/${bed.patient.encounterId}` },
        effectiveDateTime: new Date().toISOString(),
        valueQuantity: { value: 15, unit: '{score}', system: 'http://unitsofmeasure.org', code: '{score}' },
      }),
    });
    expect(response.ok).toBe(true);
    await ingest.pollWard(ward);
    const after = (await boards.getBoardState(ward.id))?.snapshot?.beds.find((b) => b.id === bed.id);
    expect(after?.patient?.news2).toEqual(bed.patient.news2);
    expect(after?.patient?.dataErrors).toEqual([]);
  });
});
