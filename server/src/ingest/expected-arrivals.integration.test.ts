/**
 * Expected arrivals read over real HTTP from a full server and a minimal one (no POST search,
 * `_revinclude` or `_lastUpdated`): booked admissions with no period at all (a date search would never
 * find them), transfers in from another ward named by reference only, a held bed, and a patient
 * needing isolation for whom only a side room fits.
 */
import type { Encounter, Flag, Patient } from '@medplum/fhirtypes';
import { startSimulator, type RunningSimulator } from '@wardflow/fhir-simulator';
import type { Ward } from '@wardflow/shared';
import { FhirReader } from '../fhir/fhir-reader.adapter.js';
import { testConfig } from '../testing/test-config.js';
import { RequestPlanService } from './request-plan.service.js';
import { WardDiscoveryService } from './ward-discovery.service.js';
import { WardFetchService } from './ward-fetch.service.js';

const MINUTE = 60_000;

describe.each(['full', 'minimal'] as const)('expected arrivals from a %s server', (mode) => {
  let simulator: RunningSimulator;
  let reader: FhirReader;
  let wards: Ward[];
  let fetcher: WardFetchService;
  let wardNames: Map<string, string>;
  let now = Date.now();
  const clock = () => now;
  const config = testConfig({ FHIR_CLOCK_SKEW: '0ms' });

  beforeAll(async () => {
    simulator = await startSimulator({
      seed: 5,
      wards: 8,
      mode,
      now: clock,
      shapes: { bedLayout: 'bays', readingLinks: 'mixed' },
    });
    // A few hours of the trust's life: admissions booked, transfers between wards of a site planned.
    for (let i = 0; i < 16; i++) {
      now += 15 * MINUTE;
      await simulator.evolve();
    }
    reader = new FhirReader({ baseUrl: simulator.baseUrl, timeoutMs: 10_000 });
    wards = await new WardDiscoveryService(reader).discover();
    wardNames = new Map(wards.map((w) => [w.id, w.name]));
    fetcher = new WardFetchService(reader, clock, config, new RequestPlanService(reader, clock, config));
  });
  afterAll(async () => simulator.close());

  const put = async (resource: Encounter | Patient | Flag) => {
    const response = await fetch(`${simulator.baseUrl}/${resource.resourceType}/${resource.id as string}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/fhir+json' },
      body: JSON.stringify(resource),
    });
    expect(response.status).toBeLessThan(300);
  };

  it('lists what the PAS records as coming, each with where from and when, as FHIR says', async () => {
    const snapshots = await Promise.all(
      wards.map(async (w) => (await fetcher.fetchSnapshot(w, { wardNames })).snapshot),
    );
    const all = snapshots.flatMap((s) => (s.expected ?? []).map((a) => ({ ...a, wardId: s.wardId })));
    expect(all.some((a) => a.kind === 'admission' && (a.from === 'ED' || a.from === 'Emergency Department'))).toBe(
      true,
    );
    // A transfer names the ward the patient is on now, by the trust's name for it.
    const transfers = all.filter((a) => a.kind === 'transfer');
    expect(transfers.length).toBeGreaterThan(0);
    for (const t of transfers) expect([...wardNames.values()]).toContain(t.from);
    // Every arrival is what the server holds: the encounter, coming to that ward.
    for (const arrival of all) {
      const encounter = (await (
        await fetch(`${simulator.baseUrl}/Encounter/${arrival.encounterId}`)
      ).json()) as Encounter;
      const coming = encounter.location?.some(
        (l) => (l.status === 'planned' || l.status === 'reserved') && l.location.reference?.includes(arrival.wardId),
      );
      expect(coming).toBe(true);
    }
    // The board knows where a bed is held, and nobody expected is counted on the ward.
    for (const s of snapshots)
      for (const a of s.expected ?? []) {
        if (a.heldBedId !== null) expect(s.beds.find((b) => b.id === a.heldBedId)?.heldFor).toBeDefined();
        expect(s.beds.some((b) => b.patient?.encounterId === a.encounterId)).toBe(false);
      }
  });

  it('finds a booking with no period (only found because it is searched with no date), and fits a side room to a patient needing isolation', async () => {
    // An acute ward with side rooms (the beds left after its bays of six).
    let ward: Ward | undefined;
    for (const w of wards.filter((x) => x.profile === 'acute'))
      if ((await fetcher.fetchSnapshot(w, { wardNames })).snapshot.beds.some((b) => b.sideRoom === true)) ward ??= w;
    if (ward === undefined) throw new Error('the seeded trust has no acute ward with side rooms');
    await put({
      resourceType: 'Patient',
      id: 'booked-iso',
      gender: 'female',
      name: [{ given: ['Clara'], family: 'Oswald' }],
    });
    await put({
      resourceType: 'Flag',
      id: 'booked-iso-flag',
      status: 'active',
      code: { coding: [{ system: 'https://fhir.wardflow.org/CodeSystem/isolation', code: 'contact' }] },
      subject: { reference: 'Patient/booked-iso' },
    });
    await put({
      resourceType: 'Encounter',
      id: 'booked-iso-enc',
      status: 'planned',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
      subject: { reference: 'Patient/booked-iso' },
      hospitalization: {
        admitSource: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/admit-source', code: 'gp' }] },
      },
      location: [{ location: { reference: `Location/${ward.id}` }, status: 'planned' }],
    });
    const { snapshot } = await fetcher.fetchSnapshot(ward, { wardNames });
    const booked = snapshot.expected?.find((a) => a.encounterId === 'booked-iso-enc');
    expect(booked).toMatchObject({
      kind: 'admission',
      from: 'GP',
      expectedAt: null,
      sex: 'female',
      isolation: 'contact',
      initials: 'C.O.',
    });
    const sideRooms = new Set(snapshot.beds.filter((b) => b.sideRoom === true).map((b) => b.id));
    expect(sideRooms.size).toBeGreaterThan(0);
    for (const fit of booked?.fits ?? []) expect(sideRooms.has(fit.bedId)).toBe(true);
    if (booked?.fits.length === 0) expect(booked.noFit).toBe('No side room free for isolation');
  });
});
