/**
 * The ward read against the shapes real trusts' servers have (issue 13), over real HTTP, on a full
 * server and on a minimal one (no POST search, `_revinclude` or `_lastUpdated`): beds under bays and
 * side rooms, readings that name only the patient, and the request plan falling back once.
 */
import type { Observation } from '@medplum/fhirtypes';
import { startSimulator, type RunningSimulator } from '@wardflow/fhir-simulator';
import { GLUCOSE_LOINC, type Ward, type WardSnapshot } from '@wardflow/shared';
import { FhirReader } from '../fhir/fhir-reader.adapter.js';
import { testConfig } from '../testing/test-config.js';
import { RequestPlanService } from './request-plan.service.js';
import { WardDiscoveryService } from './ward-discovery.service.js';
import { WardFetchService } from './ward-fetch.service.js';

const comparable = (s: WardSnapshot) => ({ census: s.census, beds: s.beds, unplaced: s.unplaced });
const patientsOf = (s: WardSnapshot) => s.beds.flatMap((b) => (b.patient === null ? [] : [b.patient]));

describe.each(['full', 'minimal'] as const)('reading a trust with mixed shapes from a %s server', (mode) => {
  let simulator: RunningSimulator;
  let reader: FhirReader;
  let wards: Ward[];
  let plan: RequestPlanService;
  let fetcher: WardFetchService;
  const config = testConfig({ FHIR_CLOCK_SKEW: '0ms' });

  beforeAll(async () => {
    simulator = await startSimulator({
      seed: 21,
      wards: 8,
      mode,
      shapes: { bedLayout: 'mixed', readingLinks: 'mixed', bedStateCodes: 'mixed' },
    });
    reader = new FhirReader({ baseUrl: simulator.baseUrl, timeoutMs: 10_000 });
    wards = await new WardDiscoveryService(reader).discover();
    plan = new RequestPlanService(reader, Date.now, config);
    fetcher = new WardFetchService(reader, Date.now, config, plan);
  });
  afterAll(async () => simulator.close());

  const byPlan = (index: number) => wards.find((w) => w.id === simulator.wards()[index]?.id) as Ward;

  it('lists beds under bays and side rooms flat, with where they are, and fills them', async () => {
    const flat = (await fetcher.fetchSnapshot(byPlan(0))).snapshot;
    const bays = (await fetcher.fetchSnapshot(byPlan(2))).snapshot;
    expect(flat.beds.every((b) => b.area === null)).toBe(true);
    expect(bays.beds.length).toBeGreaterThanOrEqual(20);
    expect(bays.beds.every((b) => /^(Bay [A-Z]|Side room \d+)$/.test(b.area ?? ''))).toBe(true);
    expect(bays.census.occupied).toBeGreaterThan(bays.census.beds / 2);
    expect(bays.unplaced).toEqual([]);
  });

  it("reads whom each bay is for, and shows the PAS's own bed code as unknown with the code, never free", async () => {
    const bays = (await fetcher.fetchSnapshot(byPlan(2))).snapshot;
    const inBays = bays.beds.filter((b) => b.area?.startsWith('Bay') === true);
    expect(new Set(inBays.map((b) => b.areaSex))).toEqual(
      byPlan(2).profile === 'mental-health' ? new Set([expect.any(String)]) : new Set(['female', 'male']),
    );
    // The simulator keeps bays single-sex as it admits: no breach is invented.
    expect(bays.beds.filter((b) => b.sexMismatch === true)).toEqual([]);
    const unknown = bays.beds.filter((b) => b.status === 'unknown');
    expect(unknown.map((b) => b.unreadableStatus)).toEqual(['https://pas.example.nhs.uk/CodeSystem/bed-state|AVL']);
    expect(bays.census.unknown).toBe(1);
  });

  it('shows NEWS2 for patients whose readings name only the patient, as for those linked to the stay', async () => {
    const linked = patientsOf((await fetcher.fetchSnapshot(byPlan(0))).snapshot);
    const patientOnly = patientsOf((await fetcher.fetchSnapshot(byPlan(1))).snapshot);
    const withNews2 = (list: typeof linked) => list.filter((p) => p.news2 !== null).length / list.length;
    expect(patientOnly.length).toBeGreaterThan(10);
    expect(withNews2(patientOnly)).toBeGreaterThan(0.6);
    expect(withNews2(patientOnly)).toBeGreaterThan(withNews2(linked) - 0.25);
  });

  it('flags a low glucose sent with the patient only (an e-obs meter reading)', async () => {
    const ward = byPlan(1);
    const before = (await fetcher.fetchSnapshot(ward)).snapshot;
    const bed =
      before.beds.find((b) => b.patient !== null && b.patient.glucose === null) ??
      before.beds.find((b) => b.patient !== null);
    const encounterId = bed?.patient?.encounterId as string;
    const encounter = (await reader.read('Encounter', encounterId)) as { subject?: { reference?: string } };
    const reading: Observation = {
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: GLUCOSE_LOINC }] },
      subject: { reference: encounter.subject?.reference as string },
      effectiveDateTime: new Date(Date.now() - 60_000).toISOString(),
      valueQuantity: { value: 3.1, unit: 'mmol/L', system: 'http://unitsofmeasure.org', code: 'mmol/L' },
    };
    const created = await fetch(`${simulator.baseUrl}/Observation`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/fhir+json' },
      body: JSON.stringify(reading),
    });
    expect(created.status).toBe(201);
    const after = (await fetcher.fetchSnapshot(ward)).snapshot;
    const patient = after.beds.find((b) => b.id === bed?.id)?.patient;
    expect(patient?.glucose).toMatchObject({ mmolPerL: 3.1, low: true });
  });

  it('keeps requests per ward flat in beds and says which plan it uses', async () => {
    const counts = [];
    for (const ward of wards)
      counts.push((await new WardFetchService(reader, Date.now, config, plan).fetchSnapshot(ward)).read.requests);
    // Full: tree (1-2), encounters, patients, observations, incidents, staffing. Minimal: six patient-linked
    // searches, ServiceRequest and MedicationRequest by patient, and two by encounter replace the one
    // _revinclude; GETs split only past ~80 beds.
    const most = mode === 'full' ? 7 + 3 : 16 + 3;
    for (const count of counts) expect(count).toBeLessThanOrEqual(most);
    const report = plan.report();
    if (mode === 'full') {
      expect(report.plan).toBe('POST search, _revinclude, changes-only reads (_lastUpdated)');
    } else {
      expect(report.plan).toBe('GET search (long lists split), separate searches per resource type, full reads only');
      // The server refused POST once; every read after that used the fallback without a refusal.
      expect(report.notes.filter((n) => n.includes('refused at run time'))).toEqual([
        expect.stringContaining('postSearch refused at run time'),
      ]);
    }
  });

  it('gives the same board as a fresh full read after the trust has moved on', async () => {
    const incremental = new WardFetchService(reader, Date.now, config, plan);
    for (const ward of wards) await incremental.fetchSnapshot(ward);
    for (let round = 0; round < 3; round++) {
      await simulator.evolve(3);
      for (const ward of wards) {
        const changes = await incremental.fetchSnapshot(ward);
        const fresh = await new WardFetchService(reader, Date.now, config, plan).fetchSnapshot(ward);
        expect(changes.read.kind).toBe(mode === 'full' ? 'changes' : 'full');
        expect(comparable(changes.snapshot)).toEqual(comparable(fresh.snapshot));
      }
    }
  });
});
