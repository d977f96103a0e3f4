import type { Bundle, Encounter, Location, OperationOutcome } from '@medplum/fhirtypes';
import {
  HOUR,
  MIDNIGHT,
  NEWS2,
  NOW,
  PHYSICAL_TYPE,
  PLANNED_END,
  bedsOf,
  code,
  fetchJson,
  inpatientsOf,
  news2Of,
  refId,
  searchAll,
  wardsOf,
} from './fhir-search.testing.js';
import { isValidNhsNumber } from './trust/nhs-number.util.js';
import { startSimulator, type RunningSimulator } from './simulator.js';

describe('startSimulator', () => {
  let sim: RunningSimulator;
  let wards: Location[];

  beforeAll(async () => {
    sim = await startSimulator({ now: () => NOW });
    wards = await wardsOf(sim.baseUrl);
  });

  afterAll(async () => {
    await sim.close();
  });

  describe('the seeded trust', () => {
    it('should serve a base URL on 127.0.0.1 without a trailing slash', () => {
      expect(sim.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/fhir\/R4$/);
    });

    it('should have at least two sites and twelve wards of 20 to 30 beds, both profiles', async () => {
      const sites = (
        await searchAll(sim.baseUrl, 'Location', { 'physical-type': `${PHYSICAL_TYPE}|si`, _count: '100' })
      ).matches as Location[];
      expect(sites.length).toBeGreaterThanOrEqual(2);
      expect(sites.every((s) => code(s.physicalType) === 'si')).toBe(true);
      expect(wards).toHaveLength(12);
      const siteIds = new Set(sites.map((s) => s.id));
      for (const ward of wards) {
        expect(code(ward.physicalType)).toBe('wa');
        expect(ward.status).toBe('active');
        expect(siteIds.has(refId(ward.partOf?.reference))).toBe(true);
        const beds = await bedsOf(sim.baseUrl, ward.id as string);
        expect(beds.length).toBeGreaterThanOrEqual(20);
        expect(beds.length).toBeLessThanOrEqual(30);
        for (const bed of beds) {
          expect(code(bed.physicalType)).toBe('bd');
          expect(bed.partOf?.reference).toBe(`Location/${ward.id}`);
          expect(bed.operationalStatus?.system).toBe('http://terminology.hl7.org/CodeSystem/v2-0116');
          expect(bed.name).toMatch(/^Bed \d+$/);
        }
      }
      const profiles = wards.map((w) => w.type?.[0]?.coding?.[0]);
      expect(
        profiles.filter((c) => c?.code === 'PHU' && c.system === 'http://terminology.hl7.org/CodeSystem/v3-RoleCode'),
      ).toHaveLength(6);
      expect(profiles.filter((c) => c?.code === 'HU')).toHaveLength(6);
      // Wards on more than one site.
      expect(new Set(wards.map((w) => w.partOf?.reference)).size).toBeGreaterThanOrEqual(2);
    });

    it('should keep beds mostly occupied, with some cleaning and the odd closed, reserved, isolated or contaminated bed', async () => {
      const statuses: string[] = [];
      for (const ward of wards) {
        for (const bed of await bedsOf(sim.baseUrl, ward.id as string)) {
          const local = bed.extension?.find(
            (e) => e.url === 'https://fhir.wardflow.org/StructureDefinition/bed-status',
          )?.valueCode;
          if (local !== undefined) expect(bed.operationalStatus?.code).toBe('U');
          statuses.push(local ?? bed.operationalStatus?.code ?? '');
        }
      }
      const share = (s: string) => statuses.filter((x) => x === s).length / statuses.length;
      expect(share('O')).toBeGreaterThan(0.83);
      expect(share('O')).toBeLessThan(0.97);
      expect(share('H')).toBeGreaterThan(0);
      expect(share('C') + share('reserved') + share('blocked') + share('I') + share('K')).toBeGreaterThan(0);
      // Only v2-0116 codes (and the local extension) on a trust with the plain shapes.
      expect(statuses.every((s) => ['O', 'U', 'H', 'C', 'I', 'K', 'reserved', 'blocked'].includes(s))).toBe(true);
    });

    it('should read one Location by id and answer 404 with an OperationOutcome for a missing one', async () => {
      const site = await fetchJson<Location>(`${sim.baseUrl}/Location/site-1`);
      expect(site.status).toBe(200);
      expect(site.contentType).toContain('application/fhir+json');
      expect(site.body.name).toBe('Royal Riverside Hospital');
      const missing = await fetchJson<OperationOutcome>(`${sim.baseUrl}/Location/no-such-ward`);
      expect(missing.status).toBe(404);
      expect(missing.body.resourceType).toBe('OperationOutcome');
    });
  });

  describe('searches', () => {
    it("should page a ward's beds through absolute next links on the same origin", async () => {
      const ward = wards[0] as Location;
      const all = await bedsOf(sim.baseUrl, ward.id as string);
      const paged = await searchAll(sim.baseUrl, 'Location', { partof: `Location/${ward.id}`, _count: '7' });
      expect(paged.pages.length).toBe(Math.ceil(all.length / 7));
      expect(paged.matches.map((b) => b.id)).toEqual(all.map((b) => b.id));
      for (const page of paged.pages) {
        expect(page.type).toBe('searchset');
        expect(page.total).toBe(all.length);
        const self = page.link?.find((l) => l.relation === 'self')?.url ?? '';
        expect(self.startsWith(`${sim.baseUrl}/Location?`)).toBe(true);
        for (const entry of page.entry ?? [])
          expect(entry.fullUrl).toBe(`${sim.baseUrl}/Location/${entry.resource?.id}`);
      }
      expect(paged.pages.at(-1)?.link?.some((l) => l.relation === 'next')).toBe(false);
    });

    it('should return current inpatients with their patients included', async () => {
      let onLeave = 0;
      for (const ward of wards) {
        const beds = new Map((await bedsOf(sim.baseUrl, ward.id as string)).map((b) => [b.id, b]));
        const { encounters, patients, pages } = await inpatientsOf(sim.baseUrl, ward.id as string);
        expect(pages[0]?.total).toBe(encounters.length);
        expect(encounters.length).toBeGreaterThan(0);
        for (const encounter of encounters) {
          expect(['in-progress', 'onleave']).toContain(encounter.status);
          expect(encounter.class).toMatchObject({
            system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
            code: 'IMP',
          });
          const wardEntry = encounter.location?.find((l) => l.location.reference === `Location/${ward.id}`);
          expect(wardEntry).toMatchObject({ status: 'active', physicalType: { coding: [{ code: 'wa' }] } });
          const bedEntries =
            encounter.location?.filter((l) => l.status === 'active' && code(l.physicalType) === 'bd') ?? [];
          expect(bedEntries).toHaveLength(1);
          const bed = beds.get(refId(bedEntries[0]?.location.reference));
          expect(bed?.operationalStatus?.code).toBe('O');
          expect(bedEntries[0]?.period?.start).toBeDefined();
          expect(Date.parse(encounter.period?.start ?? '')).toBeLessThan(NOW);
          if (encounter.status === 'onleave') {
            onLeave++;
            expect(code(ward.type?.[0])).toBe('PHU');
          }
        }
        expect(new Set(patients.map((p) => p.id))).toEqual(new Set(encounters.map((e) => refId(e.subject?.reference))));
        for (const patient of patients) {
          const nhs = patient.identifier?.find((i) => i.system === 'https://fhir.nhs.uk/Id/nhs-number')?.value ?? '';
          expect(nhs).toMatch(/^999\d{7}$/);
          expect(isValidNhsNumber(nhs)).toBe(true);
          expect(patient.name?.[0]?.given?.[0]).toMatch(/^[A-Z][a-z]+$/);
          expect(patient.name?.[0]?.family).toMatch(/^[A-Z][a-z]+$/);
          expect(patient.birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          expect(['male', 'female']).toContain(patient.gender);
        }
      }
      expect(onLeave).toBeGreaterThan(0);
    });

    it("should include each page's patients on that page without counting them in the total", async () => {
      const ward = wards[1] as Location;
      const whole = await inpatientsOf(sim.baseUrl, ward.id as string);
      const paged = await inpatientsOf(sim.baseUrl, ward.id as string, '5');
      expect(paged.pages.length).toBeGreaterThan(1);
      for (const page of paged.pages) {
        expect(page.total).toBe(whole.encounters.length);
        const matches = (page.entry ?? []).filter((e) => e.search?.mode === 'match');
        const included = (page.entry ?? []).filter((e) => e.search?.mode === 'include');
        expect(matches.length).toBeLessThanOrEqual(5);
        expect(included.map((e) => e.resource?.id).sort()).toEqual(
          [...new Set(matches.map((e) => refId((e.resource as Encounter).subject?.reference)))].sort(),
        );
      }
      expect(paged.encounters.map((e) => e.id)).toEqual(whole.encounters.map((e) => e.id));
    });

    it('should find the discharges since a time by the encounter period', async () => {
      let today = 0;
      let earlier = 0;
      for (const ward of wards) {
        const since = (
          await searchAll(sim.baseUrl, 'Encounter', {
            location: `Location/${ward.id}`,
            status: 'finished',
            date: `ge${MIDNIGHT}`,
            _count: '100',
          })
        ).matches as Encounter[];
        for (const encounter of since) {
          expect(encounter.status).toBe('finished');
          expect(Date.parse(encounter.period?.end ?? '')).toBeGreaterThanOrEqual(Date.parse(MIDNIGHT));
          expect(encounter.location?.find((l) => l.location.reference === `Location/${ward.id}`)?.status).toBe(
            'completed',
          );
        }
        today += since.length;
        const all = (
          await searchAll(sim.baseUrl, 'Encounter', {
            location: `Location/${ward.id}`,
            status: 'finished',
            _count: '100',
          })
        ).matches;
        earlier += all.length - since.length;
      }
      expect(today).toBeGreaterThan(0);
      // Yesterday's discharges exist and the date filter left them out.
      expect(earlier).toBeGreaterThan(0);
    });

    it('should answer the NEWS2 POST search for many encounters newest first, paging by GET next links', async () => {
      const ward = wards[0] as Location;
      const { encounters } = await inpatientsOf(sim.baseUrl, ward.id as string);
      const since = new Date(NOW - 72 * HOUR).toISOString();
      const first = await fetchJson<Bundle>(`${sim.baseUrl}/Observation/_search`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          code: NEWS2,
          encounter: encounters.map((e) => `Encounter/${e.id}`).join(','),
          date: `ge${since}`,
          _sort: '-date',
          _count: '10',
        }).toString(),
      });
      expect(first.status).toBe(200);
      const next = first.body.link?.find((l) => l.relation === 'next')?.url ?? '';
      expect(next.startsWith(`${sim.baseUrl}/Observation?`)).toBe(true);

      const paged = await news2Of(sim.baseUrl, encounters, since, '10');
      const single = await news2Of(sim.baseUrl, encounters, since, '100', false);
      expect(paged.map((o) => o.id)).toEqual(single.map((o) => o.id));
      expect(single.length).toBeGreaterThanOrEqual(encounters.length);
      const ids = new Set(encounters.map((e) => e.id));
      let previous = Infinity;
      for (const obs of paged) {
        expect(obs.code?.coding?.[0]).toMatchObject({ system: 'http://snomed.info/sct', code: '1104051000000101' });
        expect(obs.status).toBe('final');
        expect(code(obs.category?.[0])).toBe('vital-signs');
        // A set recorded as not done has no value, only the reason it is absent.
        if (obs.dataAbsentReason === undefined)
          expect(obs.valueQuantity).toMatchObject({
            unit: '{score}',
            system: 'http://unitsofmeasure.org',
            code: '{score}',
          });
        else expect(obs.valueQuantity).toBeUndefined();
        expect(ids.has(refId(obs.encounter?.reference))).toBe(true);
        const at = Date.parse(obs.effectiveDateTime ?? '');
        expect(at).toBeGreaterThanOrEqual(Date.parse(since));
        expect(at).toBeLessThanOrEqual(previous);
        previous = at;
      }
    });

    it('should give most inpatients a NEWS2 in the last 12 hours, a few none, and mostly low scores', async () => {
      const latest: number[] = [];
      const ages: number[] = [];
      for (const ward of wards) {
        const { encounters } = await inpatientsOf(sim.baseUrl, ward.id as string);
        const readings = await news2Of(sim.baseUrl, encounters, new Date(NOW - 72 * HOUR).toISOString());
        for (const encounter of encounters) {
          const newest = readings.find((o) => o.encounter?.reference === `Encounter/${encounter.id}`);
          if (newest === undefined) {
            ages.push(Infinity);
            continue;
          }
          latest.push(newest.valueQuantity?.value ?? -1);
          ages.push((NOW - Date.parse(newest.effectiveDateTime ?? '')) / HOUR);
        }
      }
      const recent = ages.filter((a) => a <= 12).length / ages.length;
      expect(recent).toBeGreaterThan(0.85);
      expect(recent).toBeLessThan(1);
      expect(latest.filter((s) => s <= 4).length / latest.length).toBeGreaterThan(0.7);
      expect(latest.some((s) => s >= 5 && s <= 6)).toBe(true);
      expect(latest.some((s) => s >= 7)).toBe(true);
    });

    it('should record NEWS2 more often on acute wards than on mental-health wards', async () => {
      const perPatient = { PHU: [0, 0], HU: [0, 0] } as Record<string, [number, number]>;
      for (const ward of wards) {
        const { encounters } = await inpatientsOf(sim.baseUrl, ward.id as string);
        const readings = await news2Of(sim.baseUrl, encounters, new Date(NOW - 24 * HOUR).toISOString());
        const tally = perPatient[code(ward.type?.[0]) ?? ''] as [number, number];
        tally[0] += readings.length;
        tally[1] += encounters.length;
      }
      const rate = (t: [number, number] | undefined) => (t === undefined ? 0 : t[0] / t[1]);
      expect(rate(perPatient.HU)).toBeGreaterThan(rate(perPatient.PHU) * 1.3);
    });

    it('should carry expected discharge dates, some past, some today, some tomorrow', async () => {
      const dates: string[] = [];
      let without = 0;
      for (const ward of wards) {
        for (const encounter of (await inpatientsOf(sim.baseUrl, ward.id as string)).encounters) {
          const planned = encounter.extension?.find((e) => e.url === PLANNED_END)?.valueDateTime;
          if (planned === undefined) without++;
          else dates.push(planned);
        }
      }
      expect(dates.every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d))).toBe(true);
      expect(dates.length).toBeGreaterThan(without);
      expect(dates).toContain('2026-11-21');
      expect(dates).toContain('2026-11-22');
      expect(dates.some((d) => d < '2026-11-21')).toBe(true);
    });

    it('should put two current patients with the same initials on one ward', async () => {
      let found = false;
      for (const ward of wards) {
        const initials = (await inpatientsOf(sim.baseUrl, ward.id as string)).patients.map(
          (p) => `${p.name?.[0]?.given?.[0]?.[0]}${p.name?.[0]?.family?.[0]}`,
        );
        if (new Set(initials).size < initials.length) found = true;
      }
      expect(found).toBe(true);
    });
  });
});
