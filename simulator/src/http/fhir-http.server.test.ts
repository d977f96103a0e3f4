import type { Bundle, OperationOutcome, Patient } from '@medplum/fhirtypes';
import { NOW, fetchJson } from '../fhir-search.testing.js';
import { startSimulator, type RunningSimulator } from '../simulator.js';

describe('the FHIR HTTP layer', () => {
  let sim: RunningSimulator;

  beforeAll(async () => {
    sim = await startSimulator({ now: () => NOW, wards: 2 });
  });

  afterAll(async () => {
    await sim.close();
  });

  it('should publish a CapabilityStatement', async () => {
    const { status, body } = await fetchJson<{
      resourceType: string;
      fhirVersion: string;
      rest: { resource: { type: string; searchParam?: { name: string }[] }[] }[];
    }>(`${sim.baseUrl}/metadata`);
    expect(status).toBe(200);
    expect(body.resourceType).toBe('CapabilityStatement');
    expect(body.fhirVersion).toBe('4.0.1');
    const location = body.rest[0]?.resource.find((r) => r.type === 'Location');
    expect(location?.searchParam?.map((p) => p.name)).toEqual(expect.arrayContaining(['physical-type', 'partof']));
  });

  it.each([
    ['an unknown search parameter', '/Location?colour=blue', 400],
    ['a chained search', '/Encounter?subject.name=Smith', 400],
    ['an unknown _revinclude', '/Encounter?_revinclude=Flag:nothing', 400],
    ['a _revinclude whose reference cannot point at the type', '/Location?_revinclude=Flag:encounter', 400],
    ['_revinclude:iterate', '/Encounter?_revinclude:iterate=Flag:encounter', 400],
    ['an unknown _include', '/Encounter?_include=Encounter:nothing', 400],
    ['an unknown resource type', '/Ward?name=x', 404],
  ])('should reject %s with an OperationOutcome', async (_what, path, expected) => {
    const { status, contentType, body } = await fetchJson<OperationOutcome>(`${sim.baseUrl}${path}`);
    expect(status).toBe(expected);
    expect(contentType).toContain('application/fhir+json');
    expect(body.resourceType).toBe('OperationOutcome');
    expect(body.issue?.[0]?.severity).toBe('error');
  });

  it('should answer 404 outside the FHIR base and 415 for a POST search that is not a form', async () => {
    const outside = await fetch(`${new URL(sim.baseUrl).origin}/other`);
    expect(outside.status).toBe(404);
    const json = await fetch(`${sim.baseUrl}/Observation/_search`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"code":"x"}',
    });
    expect(json.status).toBe(415);
  });

  it('should count every HTTP request it serves', async () => {
    const before = sim.requestCount();
    await fetch(`${sim.baseUrl}/metadata`);
    await fetch(`${sim.baseUrl}/Location/site-1`);
    await fetch(`${sim.baseUrl}/Nothing`);
    expect(sim.requestCount() - before).toBe(3);
  });

  it('should create by POST with a server-assigned id and reject invalid resources', async () => {
    const created = await fetchJson<Patient>(`${sim.baseUrl}/Patient`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/fhir+json' },
      body: JSON.stringify({ resourceType: 'Patient', id: 'patient-000001', name: [{ family: 'New' }] }),
    });
    expect(created.status).toBe(201);
    expect(created.body.id).not.toBe('patient-000001');
    expect(created.headers.get('location')).toContain(`${sim.baseUrl}/Patient/${created.body.id}/_history/`);
    expect((await fetchJson<Patient>(`${sim.baseUrl}/Patient/${created.body.id}`)).body.name?.[0]?.family).toBe('New');
    expect((await fetchJson<Patient>(`${sim.baseUrl}/Patient/patient-000001`)).body.name?.[0]?.family).not.toBe('New');

    const invalid = await fetchJson<OperationOutcome>(`${sim.baseUrl}/Patient/patient-000001`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/fhir+json' },
      body: JSON.stringify({ resourceType: 'Patient', id: 'patient-000001', gender: 'unknown-value', colour: 'blue' }),
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.resourceType).toBe('OperationOutcome');
    const broken = await fetch(`${sim.baseUrl}/Patient`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/fhir+json' },
      body: '{not json',
    });
    expect(broken.status).toBe(400);
  });

  it('should cap page sizes at pageSizeCap whatever _count asks for', async () => {
    const sim = await startSimulator({ now: () => NOW, wards: 2, pageSizeCap: 10 });
    try {
      const { body } = await fetchJson<Bundle>(`${sim.baseUrl}/Location?_count=100`);
      expect(body.entry).toHaveLength(10);
      expect(body.total).toBeGreaterThan(40);
      expect(body.link?.find((l) => l.relation === 'next')?.url).toContain('_count=10');
    } finally {
      await sim.close();
    }
  });
});
