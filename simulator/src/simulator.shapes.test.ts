/**
 * The shapes of real trusts' servers the simulator can take on (docs/design.md section 7): beds
 * under bays and side rooms, readings that name only the patient, and a minimal server without POST
 * search, `_revinclude` or `_lastUpdated`.
 */
import type {
  CapabilityStatement,
  Encounter,
  Flag,
  Location,
  Observation,
  OperationOutcome,
  Patient,
} from '@medplum/fhirtypes';
import { NOW, PHYSICAL_TYPE, code, fetchJson, refId, searchAll, wardsOf } from './fhir-search.testing.js';
import { startSimulator, type RunningSimulator } from './simulator.js';

const isBed = (l: Location) =>
  l.physicalType?.coding?.some((c) => c.system === PHYSICAL_TYPE && c.code === 'bd') === true;

describe('a trust with mixed shapes', () => {
  let sim: RunningSimulator;
  let wards: Location[];

  beforeAll(async () => {
    sim = await startSimulator({
      now: () => NOW,
      shapes: { bedLayout: 'mixed', readingLinks: 'mixed', bedStateCodes: 'mixed' },
    });
    wards = await wardsOf(sim.baseUrl);
  });
  afterAll(async () => sim.close());

  const children = async (parents: string[]) =>
    (
      await searchAll(sim.baseUrl, 'Location', {
        partof: parents.map((id) => `Location/${id}`).join(','),
        _count: '100',
      })
    ).matches as Location[];

  it('publishes isolated and contaminated beds (before any evolve step cleans them)', async () => {
    const codes = (await allBeds()).map((b) => `${b.operationalStatus?.system}|${b.operationalStatus?.code}`);
    expect(codes).toContain(`${V2}|I`);
    expect(codes).toContain(`${V2}|K`);
  });

  it('hangs the beds of some wards under bays of six and side rooms, and the others straight off the ward', async () => {
    const layouts: string[] = [];
    for (const ward of wards) {
      const level1 = await children([ward.id as string]);
      const rooms = level1.filter((l) => !isBed(l));
      if (rooms.length === 0) {
        layouts.push('flat');
        expect(level1.every(isBed)).toBe(true);
        continue;
      }
      layouts.push('bays');
      expect(
        rooms.every((r) => code(r.physicalType) === 'ro' && /^(Bay [A-Z]|Side room \d+)$/.test(r.name ?? '')),
      ).toBe(true);
      const beds = await children(rooms.map((r) => r.id as string));
      expect(beds.length).toBeGreaterThanOrEqual(6);
      expect(beds.every(isBed)).toBe(true);
      const bayA = beds.filter((b) => refId(b.partOf?.reference) === `${ward.id}-bay-a`);
      expect(bayA).toHaveLength(6);
    }
    expect(layouts.slice(0, 4)).toEqual(['flat', 'flat', 'bays', 'bays']);
  });

  it('keeps beds under their rooms as the trust evolves (admissions and discharges still fill them)', async () => {
    const bayWard = wards[2]?.id as string;
    await sim.evolve(6);
    const rooms = (await children([bayWard])).filter((l) => !isBed(l));
    const beds = await children(rooms.map((r) => r.id as string));
    const occupied = beds.filter((b) => b.operationalStatus?.code === 'O');
    expect(occupied.length).toBeGreaterThan(0);
    const encounters = await searchAll(
      sim.baseUrl,
      'Encounter',
      {
        location: beds.map((b) => `Location/${b.id}`).join(','),
        status: 'in-progress,onleave',
        _count: '100',
      },
      true,
    );
    expect(encounters.matches.length).toBeGreaterThan(0);
  });

  const BAY_SEX = 'https://fhir.wardflow.org/StructureDefinition/bay-sex';
  const V2 = 'http://terminology.hl7.org/CodeSystem/v2-0116';
  const LOCAL_BED = 'https://pas.example.nhs.uk/CodeSystem/bed-state';
  async function allBeds(): Promise<Location[]> {
    const beds: Location[] = [];
    for (const ward of wards) {
      const level1 = await children([ward.id as string]);
      const rooms = level1.filter((l) => !isBed(l));
      beds.push(
        ...level1.filter(isBed),
        ...(rooms.length === 0 ? [] : await children(rooms.map((r) => r.id as string))),
      );
    }
    return beds;
  }
  const baySex = (l: Location) => l.extension?.find((e) => e.url === BAY_SEX)?.valueCode;

  it('records whom each bay is for, and keeps patients in bays of their sex as it admits', async () => {
    await sim.evolve(8);
    let checked = 0;
    for (const ward of wards) {
      const rooms = (await children([ward.id as string])).filter((l) => !isBed(l));
      if (rooms.length === 0) continue;
      const mentalHealth = code(ward.type?.[0]) === 'PHU';
      const bays = rooms.filter((r) => r.name?.startsWith('Bay') === true);
      // Single-sex wards mark every room; acute wards mark their bays (female, male...) and leave side rooms to anyone.
      if (mentalHealth) expect(new Set(rooms.map(baySex)).size).toBe(1);
      else {
        expect(bays.map(baySex).slice(0, 2)).toEqual(['female', 'male']);
        expect(rooms.filter((r) => r.name?.startsWith('Side') === true).every((r) => baySex(r) === undefined)).toBe(
          true,
        );
      }
      const sexOfRoom = new Map(rooms.map((r) => [r.id as string, baySex(r)]));
      const beds = await children(rooms.map((r) => r.id as string));
      const roomOfBed = new Map(beds.map((b) => [b.id as string, refId(b.partOf?.reference)]));
      const stays = await searchAll(
        sim.baseUrl,
        'Encounter',
        {
          location: `Location/${ward.id}`,
          status: 'in-progress,onleave',
          _include: 'Encounter:subject',
          _count: '100',
        },
        true,
      );
      const patients = new Map((stays.included as Patient[]).map((p) => [p.id as string, p]));
      for (const stay of stays.matches as Encounter[]) {
        const bed = stay.location
          ?.filter((l) => l.status !== 'completed' && l.period?.end === undefined)
          .map((l) => refId(l.location.reference))
          .find((id) => roomOfBed.has(id));
        const sex = sexOfRoom.get(roomOfBed.get(bed ?? '') ?? '');
        if (sex === undefined || sex === 'mixed') continue;
        expect(`${bed} ${patients.get(refId(stay.subject?.reference))?.gender}`).toBe(`${bed} ${sex}`);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it("sends one available bed per six wards in its PAS's own code, and keeps sending it as it evolves", async () => {
    const expected = wards.filter((_, i) => i % 6 === 2).length;
    const seen = new Set<string>();
    for (let step = 0; step < 3; step++) {
      const odd = (await allBeds()).filter((b) => b.operationalStatus?.system !== V2);
      expect(odd.map((b) => `${b.operationalStatus?.system}|${b.operationalStatus?.code}`)).toEqual(
        Array(expected).fill(`${LOCAL_BED}|AVL`),
      );
      for (const bed of odd) seen.add(bed.id as string);
      await sim.evolve();
    }
    expect(seen.size).toBe(expected);
  });

  it('publishes infection alerts, some with isolation, as Flags in force', async () => {
    const flags = (await searchAll(sim.baseUrl, 'Flag', { status: 'active', _count: '100' })).matches as Flag[];
    const coded = (system: string) =>
      flags.filter((f) => f.code?.coding?.some((c) => c.system === system) === true).map((f) => code(f.code));
    const alerts = coded('https://fhir.wardflow.org/CodeSystem/infection-alert');
    const isolations = coded('https://fhir.wardflow.org/CodeSystem/isolation');
    expect(alerts).toContain('c-difficile');
    expect(new Set(alerts).size).toBeGreaterThanOrEqual(3);
    expect(isolations).toContain('contact');
    expect(isolations.length).toBeLessThan(alerts.length + coded('http://snomed.info/sct').length);
  });

  it('stores the readings of some wards with the patient only, including those written as it evolves', async () => {
    const observations = (
      await searchAll(sim.baseUrl, 'Observation', {
        _count: '100',
        date: `ge${new Date(NOW - 6 * 3_600_000).toISOString()}`,
      })
    ).matches as Observation[];
    const patientOnly = observations.filter((o) => o.encounter === undefined);
    const linked = observations.filter((o) => o.encounter !== undefined);
    expect(patientOnly.length).toBeGreaterThan(10);
    expect(linked.length).toBeGreaterThan(10);
    expect(patientOnly.every((o) => o.subject?.reference?.startsWith('Patient/') === true)).toBe(true);
  });
});

describe('a minimal server', () => {
  let sim: RunningSimulator;
  let full: RunningSimulator;

  beforeAll(async () => {
    sim = await startSimulator({ now: () => NOW, mode: 'minimal', wards: 2 });
    full = await startSimulator({ now: () => NOW, wards: 2 });
  });
  afterAll(async () => {
    await sim.close();
    await full.close();
  });

  it('refuses POST search with 405 and an OperationOutcome saying not supported', async () => {
    const refused = await fetchJson<OperationOutcome>(`${sim.baseUrl}/Encounter/_search`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'status=in-progress',
    });
    expect(refused.status).toBe(405);
    expect(refused.body.issue?.[0]?.code).toBe('not-supported');
  });

  it.each(['_revinclude=Flag:patient', '_lastUpdated=ge2026-11-01'])(
    'refuses %s with 400 not-supported',
    async (param) => {
      const refused = await fetchJson<OperationOutcome>(`${sim.baseUrl}/Patient?${param}`);
      expect(refused.status).toBe(400);
      expect(refused.body.issue?.[0]?.code).toBe('not-supported');
    },
  );

  it('still answers GET searches with _include', async () => {
    const found = await searchAll(sim.baseUrl, 'Encounter', {
      status: 'in-progress',
      _include: 'Encounter:subject',
      _count: '100',
    });
    expect(found.matches.length).toBeGreaterThan(0);
    expect(found.included.length).toBeGreaterThan(0);
  });

  it('declares neither _revinclude nor _lastUpdated, where the full server declares both', async () => {
    const minimal = (await fetchJson<CapabilityStatement>(`${sim.baseUrl}/metadata`)).body;
    const declared = (await fetchJson<CapabilityStatement>(`${full.baseUrl}/metadata`)).body;
    const patientOf = (cs: CapabilityStatement) => cs.rest?.[0]?.resource?.find((r) => r.type === 'Patient');
    const params = (cs: CapabilityStatement) => [
      ...(cs.rest?.[0]?.searchParam ?? []).map((p) => p.name),
      ...(cs.rest?.[0]?.resource?.find((r) => r.type === 'Observation')?.searchParam ?? []).map((p) => p.name),
    ];
    expect(patientOf(minimal)?.searchRevInclude).toBeUndefined();
    expect(params(minimal)).not.toContain('_lastUpdated');
    expect(patientOf(declared)?.searchRevInclude).toEqual(
      expect.arrayContaining(['Flag:patient', 'Observation:patient']),
    );
    expect(params(declared)).toContain('_lastUpdated');
    expect(sim.mode).toBe('minimal');
  });
});
