/**
 * Test helpers: plain `fetch` against the simulator, as an outside client would, following `next`
 * links to the end of a search; and the searches the ingest code makes, with the instant tests pin.
 */
import type { Bundle, Encounter, Location, Observation, Patient, Resource } from '@medplum/fhirtypes';

export interface FetchedJson<T> {
  status: number;
  contentType: string | null;
  headers: Headers;
  body: T;
}

export async function fetchJson<T = Resource>(url: string, init?: RequestInit): Promise<FetchedJson<T>> {
  const response = await fetch(url, init);
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    headers: response.headers,
    body: (await response.json()) as T,
  };
}

export interface AllPages {
  matches: Resource[];
  included: Resource[];
  pages: Bundle[];
}

/**
 * Runs a search (GET, or POST _search with a form body) and follows every `next` link. Parameters as
 * pairs may repeat a name (`date=ge..&date=lt..`).
 */
export async function searchAll(
  baseUrl: string,
  resourceType: string,
  params: Record<string, string> | [string, string][],
  post = false,
): Promise<AllPages> {
  const query = new URLSearchParams(params).toString();
  let result = post
    ? await fetchJson<Bundle>(`${baseUrl}/${resourceType}/_search`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: query,
      })
    : await fetchJson<Bundle>(`${baseUrl}/${resourceType}?${query}`);
  const all: AllPages = { matches: [], included: [], pages: [] };
  for (let guard = 0; guard < 1000; guard++) {
    if (result.status !== 200)
      throw new Error(`Search failed with HTTP ${result.status}: ${JSON.stringify(result.body)}`);
    all.pages.push(result.body);
    for (const entry of result.body.entry ?? []) {
      if (entry.resource === undefined) continue;
      (entry.search?.mode === 'include' ? all.included : all.matches).push(entry.resource);
    }
    const next = result.body.link?.find((l) => l.relation === 'next')?.url;
    if (next === undefined) return all;
    if (new URL(next).origin !== new URL(baseUrl).origin) throw new Error(`next link on another origin: ${next}`);
    result = await fetchJson<Bundle>(next);
  }
  throw new Error('Paging did not end');
}

export function refId(reference: string | undefined): string {
  return reference?.split('/').pop() ?? '';
}

export const NOW = Date.parse('2026-11-21T10:30:00Z');
/** London midnight of NOW (GMT in November). */
export const MIDNIGHT = '2026-11-21T00:00:00Z';
export const PHYSICAL_TYPE = 'http://terminology.hl7.org/CodeSystem/location-physical-type';
export const INPATIENT = 'http://terminology.hl7.org/CodeSystem/v3-ActCode|IMP';
export const NEWS2 = 'http://snomed.info/sct|1104051000000101';
export const PLANNED_END = 'http://hl7.org/fhir/5.0/StructureDefinition/extension-Encounter.plannedEndDate';
export const HOUR = 3_600_000;

export const code = (c: { coding?: { code?: string }[] } | undefined): string | undefined => c?.coding?.[0]?.code;

export async function wardsOf(baseUrl: string): Promise<Location[]> {
  return (await searchAll(baseUrl, 'Location', { 'physical-type': 'wa', _count: '100' })).matches as Location[];
}

export async function bedsOf(baseUrl: string, wardId: string): Promise<Location[]> {
  return (await searchAll(baseUrl, 'Location', { partof: `Location/${wardId}`, _count: '100' })).matches as Location[];
}

export async function inpatientsOf(
  baseUrl: string,
  wardId: string,
  count = '100',
): Promise<{ encounters: Encounter[]; patients: Patient[]; pages: Bundle[] }> {
  const result = await searchAll(baseUrl, 'Encounter', {
    location: `Location/${wardId}`,
    status: 'in-progress,onleave',
    class: INPATIENT,
    _include: 'Encounter:subject',
    _count: count,
  });
  // The search finds any entry naming the ward: a stay on another ward expected here (a planned
  // entry) is not on this ward, as the ingest's isOnWard decides.
  const onWard = (result.matches as Encounter[]).filter((e) =>
    e.location?.some((l) => l.status === 'active' && l.location.reference === `Location/${wardId}`),
  );
  const patientRefs = new Set(onWard.map((e) => e.subject?.reference));
  return {
    encounters: onWard,
    patients: (result.included as Patient[]).filter((p) => patientRefs.has(`Patient/${p.id as string}`)),
    pages: result.pages,
  };
}

export async function news2Of(
  baseUrl: string,
  encounters: Encounter[],
  since: string,
  count = '100',
  post = true,
): Promise<Observation[]> {
  const result = await searchAll(
    baseUrl,
    'Observation',
    {
      code: NEWS2,
      encounter: encounters.map((e) => `Encounter/${e.id}`).join(','),
      date: `ge${since}`,
      _sort: '-date',
      _count: count,
    },
    post,
  );
  return result.matches as Observation[];
}

/** Everything a client can see, without the server-assigned version ids (random by design). */
export async function everything(baseUrl: string): Promise<string> {
  const parts: string[] = [];
  for (const type of ['Location', 'Patient', 'Encounter', 'Observation']) {
    const { matches } = await searchAll(baseUrl, type, { _count: '100' });
    parts.push(JSON.stringify(matches.map((r) => ({ ...r, meta: { ...r.meta, versionId: undefined } }))));
  }
  return parts.join('\n');
}
