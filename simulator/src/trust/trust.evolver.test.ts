import type { Bundle, Encounter, Location, Patient, Resource } from '@medplum/fhirtypes';
import { validateResource } from '@medplum/core';
import {
  MIDNIGHT,
  NEWS2,
  NOW,
  bedsOf,
  code,
  everything,
  fetchJson,
  inpatientsOf,
  refId,
  searchAll,
  wardsOf,
} from '../fhir-search.testing.js';
import { startSimulator, type RunningSimulator } from '../simulator.js';
import { RETENTION } from './trust.evolver.js';

describe('evolve', () => {
  let clock = NOW;
  let sim: RunningSimulator;

  beforeEach(async () => {
    clock = NOW;
    sim = await startSimulator({ now: () => clock, seed: 3 });
  });

  afterEach(async () => {
    await sim.close();
  });

  async function census(): Promise<{
    encounters: Map<string, Encounter>;
    beds: Map<string, string>;
    news2: number;
    occupied: number;
    open: number;
  }> {
    const encounters = new Map<string, Encounter>();
    const beds = new Map<string, string>();
    let occupied = 0;
    let open = 0;
    for (const ward of await wardsOf(sim.baseUrl)) {
      const current = (await inpatientsOf(sim.baseUrl, ward.id as string)).encounters;
      for (const e of current) encounters.set(e.id as string, e);
      const wardBeds = await bedsOf(sim.baseUrl, ward.id as string);
      for (const bed of wardBeds) {
        const local = bed.extension?.find((e) => e.url.endsWith('/bed-status'))?.valueCode;
        beds.set(bed.id as string, local ?? bed.operationalStatus?.code ?? '');
      }
      occupied += wardBeds.filter((b) => b.operationalStatus?.code === 'O').length;
      open += wardBeds.filter(
        (b) => b.operationalStatus?.code !== 'C' && beds.get(b.id as string) !== 'blocked',
      ).length;
      // A bed is occupied exactly when a current encounter is in it.
      expect(wardBeds.filter((b) => b.operationalStatus?.code === 'O').length).toBe(current.length);
    }
    const news2 =
      (await fetchJson<Bundle>(`${sim.baseUrl}/Observation?code=${encodeURIComponent(NEWS2)}&_count=0`)).body.total ??
      0;
    return { encounters, beds, news2, occupied, open };
  }

  it('should admit, discharge, transfer and record new NEWS2 as time passes', async () => {
    const before = await census();
    const stepTimes: string[] = [];
    for (let i = 0; i < 8; i++) {
      clock += 15 * 60_000;
      stepTimes.push(new Date(clock).toISOString());
      await sim.evolve();
    }
    const after = await census();
    const admitted = [...after.encounters.keys()].filter((id) => !before.encounters.has(id));
    const gone = [...before.encounters.keys()].filter((id) => !after.encounters.has(id));
    expect(admitted.length).toBeGreaterThan(0);
    expect(gone.length).toBeGreaterThan(0);
    for (const id of admitted) expect(stepTimes).toContain(after.encounters.get(id)?.period?.start);

    const discharged = await fetchJson<Encounter>(`${sim.baseUrl}/Encounter/${gone[0]}`);
    expect(discharged.body.status).toBe('finished');
    expect(stepTimes).toContain(discharged.body.period?.end);
    expect(discharged.body.location?.every((l) => l.status === 'completed' && l.period?.end !== undefined)).toBe(true);

    const transferred = [...after.encounters.values()].filter((e) =>
      e.location?.some(
        (l) => l.status === 'completed' && code(l.physicalType) === 'bd' && stepTimes.includes(l.period?.end ?? ''),
      ),
    );
    expect(transferred.length).toBeGreaterThan(0);

    expect([...after.beds].filter(([id, s]) => before.beds.get(id) !== s).length).toBeGreaterThan(0);
    expect(after.news2).toBeGreaterThan(before.news2);
    const fresh = await searchAll(sim.baseUrl, 'Observation', {
      code: NEWS2,
      date: `gt${new Date(NOW).toISOString()}`,
      _count: '100',
    });
    expect(fresh.matches.length).toBe(after.news2 - before.news2);
  });

  it("should stamp what a step changes with the step's time, for _lastUpdated polling", async () => {
    clock += 15 * 60_000;
    await sim.evolve();
    const stepTime = new Date(clock).toISOString();
    const changed = await searchAll(sim.baseUrl, 'Encounter', {
      _lastUpdated: `gt${new Date(NOW).toISOString()}`,
      _count: '100',
    });
    expect(changed.matches.length).toBeGreaterThan(0);
    expect(changed.matches.every((e) => e.meta?.lastUpdated === stepTime)).toBe(true);
    const total = (await fetchJson<Bundle>(`${sim.baseUrl}/Encounter?_count=0`)).body.total ?? 0;
    expect(changed.matches.length).toBeLessThan(total / 4);
  });

  it('should keep occupancy realistic and NEWS2 history bounded over many steps', async () => {
    for (let i = 0; i < 60; i++) {
      clock += 30 * 60_000;
      await sim.evolve();
    }
    const { occupied, open } = await census();
    expect(occupied / open).toBeGreaterThan(0.75);
    expect(occupied / open).toBeLessThanOrEqual(1);

    // Over every acute ward, so the check does not hang on one ward's patients happening to stay long enough.
    const perEncounter = new Map<string, number>();
    for (const acute of (await wardsOf(sim.baseUrl)).filter((w) => code(w.type?.[0]) === 'HU')) {
      for (const encounter of (await inpatientsOf(sim.baseUrl, acute.id as string)).encounters) {
        const readings = await searchAll(sim.baseUrl, 'Observation', {
          encounter: `Encounter/${encounter.id}`,
          code: NEWS2,
          _count: '100',
        });
        perEncounter.set(encounter.id as string, readings.matches.length);
      }
    }
    expect(Math.max(...perEncounter.values())).toBe(RETENTION.news2PerEncounter);
  });

  it('should keep its resources valid while it evolves', async () => {
    await sim.evolve(5);
    const sample: Resource[] = [];
    for (const type of [
      'Location',
      'Encounter',
      'Observation',
      'Patient',
      'AdverseEvent',
      'MeasureReport',
      'Procedure',
      'QuestionnaireResponse',
    ]) {
      sample.push(
        ...((await fetchJson<Bundle>(`${sim.baseUrl}/${type}?_count=100&_sort=-_lastUpdated`)).body.entry?.map(
          (e) => e.resource as Resource,
        ) ?? []),
      );
    }
    for (const resource of sample) expect(validateResource(resource).filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('should make a PUT visible in the next search and build the next step on it', async () => {
    const ward = (await wardsOf(sim.baseUrl))[0] as Location;
    const { encounters, patients } = await inpatientsOf(sim.baseUrl, ward.id as string);
    const patient = patients[0] as Patient;
    const put = await fetchJson<Patient>(`${sim.baseUrl}/Patient/${patient.id}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/fhir+json' },
      body: JSON.stringify({ ...patient, name: [{ use: 'official', given: ['Test'], family: 'Changed' }] }),
    });
    expect(put.status).toBe(200);
    expect(put.body.meta?.lastUpdated).toBe(new Date(NOW).toISOString());
    expect(put.headers.get('etag')).toBe(`W/"${put.body.meta?.versionId}"`);
    const again = await inpatientsOf(sim.baseUrl, ward.id as string);
    expect(again.patients.find((p) => p.id === patient.id)?.name?.[0]?.family).toBe('Changed');

    // Discharge one over HTTP: it leaves the current list, and the simulator then cleans its bed.
    const encounter = encounters[0] as Encounter;
    const bed = refId(
      encounter.location?.find((l) => l.status === 'active' && code(l.physicalType) === 'bd')?.location.reference,
    );
    const end = new Date(NOW).toISOString();
    const finished = await fetch(`${sim.baseUrl}/Encounter/${encounter.id}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/fhir+json' },
      body: JSON.stringify({ ...encounter, status: 'finished', period: { ...encounter.period, end } }),
    });
    expect(finished.status).toBe(200);
    expect((await inpatientsOf(sim.baseUrl, ward.id as string)).encounters.map((e) => e.id)).not.toContain(
      encounter.id,
    );
    const sinceMidnight = await searchAll(sim.baseUrl, 'Encounter', {
      location: `Location/${ward.id}`,
      status: 'finished',
      date: `ge${MIDNIGHT}`,
    });
    expect(sinceMidnight.matches.map((e) => e.id)).toContain(encounter.id);
    await sim.evolve();
    const bedNow = await fetchJson<Location>(`${sim.baseUrl}/Location/${bed}`);
    const stillOurs = (await inpatientsOf(sim.baseUrl, ward.id as string)).encounters.some((e) =>
      e.location?.some((l) => l.status === 'active' && l.location.reference === `Location/${bed}`),
    );
    if (!stillOurs) expect(['H', 'U']).toContain(bedNow.body.operationalStatus?.code);
  });
});

describe('evolve across simulators', () => {
  it('should build the same trust for the same seed and a different one for another', async () => {
    const [a, b, c] = await Promise.all([
      startSimulator({ now: () => NOW, seed: 7, wards: 4 }),
      startSimulator({ now: () => NOW, seed: 7, wards: 4 }),
      startSimulator({ now: () => NOW, seed: 8, wards: 4 }),
    ]);
    try {
      const [ta, tb, tc] = await Promise.all([everything(a.baseUrl), everything(b.baseUrl), everything(c.baseUrl)]);
      expect(ta).toBe(tb);
      expect(ta).not.toBe(tc);
      await Promise.all([a.evolve(3), b.evolve(3)]);
      expect(await everything(a.baseUrl)).toBe(await everything(b.baseUrl));
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });

  it('should evolve on its own timer when evolveEveryMs is set', async () => {
    const sim = await startSimulator({ now: () => NOW, wards: 2, evolveEveryMs: 10 });
    try {
      const count = async () => (await fetchJson<Bundle>(`${sim.baseUrl}/Observation?_count=0`)).body.total ?? 0;
      const before = await count();
      let after = before;
      for (let i = 0; i < 100 && after === before; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        after = await count();
      }
      expect(after).toBeGreaterThan(before);
    } finally {
      await sim.close();
    }
  });
});
