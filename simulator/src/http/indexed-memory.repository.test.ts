import { parseSearchRequest } from '@medplum/core';
import { MemoryRepository } from '@medplum/fhir-router';
import type { Encounter, Observation, Patient, Resource } from '@medplum/fhirtypes';
import { loadFhirDefinitions } from './fhir-definitions.loader.js';
import { IndexedMemoryRepository } from './indexed-memory.repository.js';

const NOW = Date.parse('2026-11-21T10:30:00Z');

function encounter(id: string, ward: string, bed: string, status: Encounter['status'], patient: string): Encounter {
  return {
    resourceType: 'Encounter',
    id,
    status,
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
    subject: { reference: `Patient/${patient}` },
    location: [
      { location: { reference: `Location/${ward}` }, status: 'active' },
      { location: { reference: `Location/${bed}` }, status: 'active' },
    ],
  };
}

function news2(id: string, enc: string, at: string | undefined, score: number): Observation {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system: 'http://snomed.info/sct', code: '1104051000000101' }] },
    encounter: { reference: `Encounter/${enc}` },
    ...(at === undefined ? {} : { effectiveDateTime: at }),
    valueQuantity: { value: score },
  };
}

const fixtures: Resource[] = [
  { resourceType: 'Patient', id: 'p1', name: [{ family: 'One' }] },
  { resourceType: 'Patient', id: 'p2', name: [{ family: 'Two' }] },
  encounter('e1', 'ward-a', 'bed-a1', 'in-progress', 'p1'),
  encounter('e2', 'ward-a', 'bed-a2', 'onleave', 'p2'),
  encounter('e3', 'ward-b', 'bed-b1', 'in-progress', 'p1'),
  encounter('e4', 'ward-a', 'bed-a3', 'finished', 'p2'),
  news2('o1', 'e1', '2026-11-21T08:00:00Z', 1),
  news2('o2', 'e1', '2026-11-21T10:00:00Z', 3),
  news2('o3', 'e2', '2026-11-20T10:00:00Z', 5),
  news2('o4', 'e3', '2026-11-21T09:00:00Z', 0),
  news2('o5', 'e2', undefined, 2),
];

const QUERIES: [string, Record<string, string>][] = [
  ['Encounter', { location: 'Location/ward-a', status: 'in-progress,onleave' }],
  ['Encounter', { location: 'Location/ward-a,Location/ward-b' }],
  ['Encounter', { subject: 'Patient/p2', location: 'Location/ward-a' }],
  ['Encounter', { status: 'finished' }],
  ['Observation', { encounter: 'Encounter/e1,Encounter/e2', date: 'ge2026-11-21T00:00:00Z' }],
  ['Observation', { code: 'http://snomed.info/sct|1104051000000101', encounter: 'Encounter/e3' }],
  // A ward's patients by id: the list names the candidates, and an id that does not exist is no match.
  ['Patient', { _id: 'p2,p1,p9' }],
  ['Encounter', { _id: 'e1,e3', location: 'Location/ward-a' }],
];

describe('IndexedMemoryRepository', () => {
  let repo: IndexedMemoryRepository;

  beforeAll(() => {
    loadFhirDefinitions();
  });

  beforeEach(async () => {
    repo = new IndexedMemoryRepository({
      clock: () => NOW,
      referenceIndexes: { Encounter: ['location', 'subject'], Observation: ['encounter'] },
      historyDepth: 3,
    });
    for (const resource of fixtures) await repo.createResource(resource);
  });

  it.each(QUERIES)('should find through its indexes what Medplum finds by scanning (%s %j)', async (type, params) => {
    const plain = new MemoryRepository();
    for (const resource of fixtures) await plain.createResource(resource);
    const request = parseSearchRequest(type, params);
    const ids = async (r: MemoryRepository) => (await r.searchResources(request)).map((x) => x.id).sort();
    expect(await ids(repo)).toEqual(await ids(plain));
  });

  it('should sort by the sort rules, missing values last, then by creation order', async () => {
    const newest = await repo.searchResources(parseSearchRequest('Observation', { _sort: '-date' }));
    expect(newest.map((o) => o.id)).toEqual(['o2', 'o4', 'o1', 'o3', 'o5']);
    const oldest = await repo.searchResources(parseSearchRequest('Observation', { _sort: 'date' }));
    expect(oldest.map((o) => o.id)).toEqual(['o3', 'o1', 'o4', 'o2', 'o5']);
    const unsorted = await repo.searchResources(parseSearchRequest('Encounter', {}));
    expect(unsorted.map((e) => e.id)).toEqual(['e1', 'e2', 'e3', 'e4']);
  });

  it('should page with offset and count and report the total of matches', async () => {
    const page = await repo.search(parseSearchRequest('Observation', { _sort: '-date', _count: '2', _offset: '2' }));
    expect(page.total).toBe(5);
    expect(page.entry?.map((e) => [e.resource?.id, e.search?.mode])).toEqual([
      ['o1', 'match'],
      ['o3', 'match'],
    ]);
  });

  it('should include referenced resources once, after the matches, without counting them', async () => {
    const bundle = await repo.search(
      parseSearchRequest('Encounter', { location: 'Location/ward-a', _include: 'Encounter:subject' }),
    );
    expect(bundle.total).toBe(3);
    expect(bundle.entry?.map((e) => `${e.search?.mode}:${e.resource?.id}`)).toEqual([
      'match:e1',
      'match:e2',
      'match:e4',
      'include:p1',
      'include:p2',
    ]);
  });

  it('should follow _include:iterate through a chain of references', async () => {
    const bundle = await repo.search(
      parseSearchRequest('Observation', {
        _id: 'o1',
        _include: 'Observation:encounter',
        '_include:iterate': 'Encounter:subject',
      }),
    );
    expect(bundle.entry?.map((e) => `${e.search?.mode}:${e.resource?.id}`)).toEqual([
      'match:o1',
      'include:e1',
      'include:p1',
    ]);
  });

  it('should re-index a resource whose references change and forget a deleted one', async () => {
    const moved = encounter('e1', 'ward-b', 'bed-b2', 'in-progress', 'p1');
    await repo.updateResource(moved);
    const onA = await repo.searchResources(parseSearchRequest('Encounter', { location: 'Location/ward-a' }));
    expect(onA.map((e) => e.id)).toEqual(['e2', 'e4']);
    const onB = await repo.searchResources(parseSearchRequest('Encounter', { location: 'Location/ward-b' }));
    expect(onB.map((e) => e.id)).toEqual(['e1', 'e3']);
    await repo.deleteResource('Encounter', 'e3');
    expect(
      (await repo.searchResources(parseSearchRequest('Encounter', { location: 'Location/ward-b' }))).map((e) => e.id),
    ).toEqual(['e1']);
  });

  it('should read (copy) only the candidates that match, testing the others as stored', async () => {
    // Guards the reach into MemoryRepository's store: a finished stay on the ward is ruled out unread.
    const reads: string[] = [];
    const read = repo.readResource.bind(repo);
    repo.readResource = (async (type: string, id: string) => {
      reads.push(`${type}/${id}`);
      return read(type, id);
    }) as typeof repo.readResource;
    const found = await repo.searchResources(
      parseSearchRequest('Encounter', { location: 'Location/ward-a', status: 'in-progress' }),
    );
    expect(found.map((e) => e.id)).toEqual(['e1']);
    expect(reads).toEqual(['Encounter/e1']);
  });

  it('should stamp meta.lastUpdated from its clock and assign its own version ids', async () => {
    const saved = await repo.createResource<Patient>({
      resourceType: 'Patient',
      id: 'p9',
      meta: { versionId: 'client', lastUpdated: '2000-01-01T00:00:00Z' },
    });
    expect(saved.meta?.lastUpdated).toBe(new Date(NOW).toISOString());
    expect(saved.meta?.versionId).not.toBe('client');
  });

  it('should keep only the newest versions in history', async () => {
    for (let i = 0; i < 10; i++)
      await repo.updateResource<Patient>({ resourceType: 'Patient', id: 'p1', name: [{ family: `V${i}` }] });
    const history = await repo.readHistory<Patient>('Patient', 'p1');
    expect(history.entry?.map((e) => e.resource?.name?.[0]?.family)).toEqual(['V9', 'V8', 'V7']);
  });
});
