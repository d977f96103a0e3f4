/**
 * Changes-only reads (`_lastUpdated`) against the simulator over real HTTP: after the first full read,
 * polls make fewer requests and fetch fewer resources, yet after the trust has moved on (admissions,
 * discharges, transfers, new readings, withdrawn ones) the board is exactly the board a fresh full
 * read gives. That equivalence is the whole safety argument for reading only changes.
 */
import { testConfig } from '../testing/test-config.js';
import type { Ward, WardSnapshot } from '@wardflow/shared';
import { FhirReader } from '../fhir/fhir-reader.adapter.js';
import { startSimulator, type RunningSimulator } from '@wardflow/fhir-simulator';
import { WardDiscoveryService } from './ward-discovery.service.js';
import { wardFetcher } from '../testing/ingest-harness.js';

/** What a screen or a measure sees, without the fields that describe the read itself. */
const comparable = (s: WardSnapshot) => ({
  census: s.census,
  beds: s.beds,
  unplaced: s.unplaced,
  dataQuality: s.dataQuality,
});

describe('changes-only reads', () => {
  let simulator: RunningSimulator;
  let reader: FhirReader;
  let wards: Ward[];

  beforeAll(async () => {
    simulator = await startSimulator({ seed: 7, wards: 4 });
    reader = new FhirReader({ baseUrl: simulator.baseUrl, timeoutMs: 10_000 });
    wards = await new WardDiscoveryService(reader).discover();
  });
  afterAll(async () => simulator.close());

  const fetcher = (env: Record<string, string> = {}) => wardFetcher(reader, testConfig(env));

  it('should read in full first, then only changes, with fewer requests and far fewer resources', async () => {
    // No skew allowance here: the simulator wrote everything moments ago, and the point is what an unchanged ward costs.
    const incremental = fetcher({ FHIR_CLOCK_SKEW: '0ms' });
    for (const ward of wards) {
      const first = await incremental.fetchSnapshot(ward);
      const second = await incremental.fetchSnapshot(ward);
      expect(first.read.kind).toBe('full');
      expect(first.read.requests).toBeLessThanOrEqual(7 + 2); // seven searches, paging allowed
      expect(second.read.kind).toBe('changes');
      // Locations changed, encounters, booked stays, patients with what names them, observations changed.
      expect(second.read.requests).toBe(5);
      // The encounter search with its includes is read again in full; unchanged beds and observations are not, nor are incidents and staffing.
      expect(second.read.resources).toBeLessThan(first.read.resources);
      expect(comparable(second.snapshot)).toEqual(comparable(first.snapshot));
    }
  });

  it('should read an observation plan recorded before the look-back, and keep it on changes reads', async () => {
    const incremental = fetcher({ FHIR_CLOCK_SKEW: '0ms' });
    const ward = wards.find((w) => w.profile === 'mental-health') as Ward;
    const first = await incremental.fetchSnapshot(ward);
    const planned = first.snapshot.beds.filter(
      (b) =>
        b.patient?.observations?.plan?.source === 'observation' &&
        Date.parse(b.patient.observations.plan.recordedAt ?? '') < Date.now() - 24 * 3_600_000,
    );
    // The simulator records a daily frequency on admission for a third of a mental-health ward.
    expect(planned.length).toBeGreaterThan(0);
    for (const bed of planned) expect(bed.patient?.observations).toMatchObject({ plan: { everyMinutes: 1440 } });
    const second = await incremental.fetchSnapshot(ward);
    expect(second.read).toMatchObject({ kind: 'changes', requests: 5 });
    for (const bed of planned)
      expect(second.snapshot.beds.find((b) => b.id === bed.id)?.patient?.observations?.plan).toEqual(
        bed.patient?.observations?.plan,
      );
  });

  it('should bring a Mental Health Act event recorded between full reads to the board, in the same five requests', async () => {
    const incremental = fetcher({ FHIR_CLOCK_SKEW: '0ms' });
    const ward = wards.find((w) => w.profile === 'mental-health') as Ward;
    const first = await incremental.fetchSnapshot(ward);
    const bed = first.snapshot.beds.find((b) => b.patient?.mentalHealthAct?.rights != null);
    const encounterId = bed?.patient?.encounterId as string;
    const encounter = (await reader.read('Encounter', encounterId)) as { subject?: { reference?: string } };
    const givenAt = new Date(Date.now() - 60_000).toISOString();
    const created = await fetch(`${simulator.baseUrl}/Observation`, {
      method: 'POST',
      headers: { 'content-type': 'application/fhir+json' },
      body: JSON.stringify({
        resourceType: 'Observation',
        status: 'final',
        code: { coding: [{ system: 'https://fhir.wardflow.org/CodeSystem/mental-health-act', code: 'rights-s132' }] },
        subject: encounter.subject,
        encounter: { reference: `Encounter/${encounterId}` },
        effectiveDateTime: givenAt,
      }),
    });
    expect(created.status).toBe(201);
    const second = await incremental.fetchSnapshot(ward);
    expect(second.read).toMatchObject({ kind: 'changes', requests: 5 });
    const rights = second.snapshot.beds.find((b) => b.id === bed?.id)?.patient?.mentalHealthAct?.rights;
    expect(rights?.lastGivenAt).toBe(givenAt);
    // Every other patient's events, read on the full read, are still held.
    expect(comparable(second.snapshot).beds.filter((b) => b.id !== bed?.id)).toEqual(
      comparable(first.snapshot).beds.filter((b) => b.id !== bed?.id),
    );
    expect(comparable(second.snapshot)).toEqual(comparable((await fetcher().fetchSnapshot(ward)).snapshot));
  });

  it('should give the same board as a fresh full read after the trust has moved on', async () => {
    const incremental = fetcher();
    for (const ward of wards) await incremental.fetchSnapshot(ward);
    for (let round = 0; round < 6; round++) {
      await simulator.evolve(3);
      for (const ward of wards) {
        const changes = await incremental.fetchSnapshot(ward);
        const full = await fetcher().fetchSnapshot(ward);
        expect(changes.read.kind).toBe('changes');
        expect(full.read.kind).toBe('full');
        expect(comparable(changes.snapshot)).toEqual(comparable(full.snapshot));
      }
    }
  });

  it('should read in full every poll when the reconcile interval is 0, and keep incidents and staffing between full reads', async () => {
    const always = fetcher({ FHIR_RECONCILE_INTERVAL: '0ms' });
    const ward = wards[0] as Ward;
    await always.fetchSnapshot(ward);
    expect((await always.fetchSnapshot(ward)).read.kind).toBe('full');

    const hourly = fetcher();
    const first = await hourly.fetchSnapshot(ward);
    const later = await hourly.fetchSnapshot(ward);
    expect(later.snapshot.wardContext).toEqual(first.snapshot.wardContext);
    expect(later.snapshot.wardContext.readAt).toBe(first.snapshot.wardContext.readAt);
  });

  it('should confirm with a full read when asked, whatever the interval', async () => {
    const incremental = fetcher();
    const ward = wards[1] as Ward;
    await incremental.fetchSnapshot(ward);
    expect((await incremental.fetchSnapshot(ward, { forceFull: true })).read.kind).toBe('full');
  });
});
