/**
 * The searches of one read under one request plan (request-plan.service.ts), counting what they cost:
 * id lists in one POST body or split across GETs that stay under MAX_GET_URL_LENGTH, and a refusal
 * turned into the features to switch off. Shared by the ward poll and the history backfill, so both
 * read the server the same way.
 */
import type { Location, Resource } from '@medplum/fhirtypes';
import { MAX_LOCATION_DEPTH, containersToSearch, type SearchFeature, type SearchFeatures } from '@wardflow/shared';
import { FhirRequestError } from '../fhir/fhir-error.js';
import type { FhirReader, SearchResult } from '../fhir/fhir-reader.adapter.js';
import { PlanRefusal, refusedFeatures } from './request-plan.service.js';
import { mergeById } from './ward-read-state.js';

/**
 * Longest GET URL sent when lists cannot travel in a POST body: under the 2,048 characters that the
 * most restrictive proxies and servers in NHS estates accept (IIS and some gateways refuse longer).
 */
export const MAX_GET_URL_LENGTH = 2_000;

/** Searches ask for this many per page; servers may cap it lower, and every page is followed. */
export const PAGE_SIZE = '100';

export const refs = (type: string, ids: Iterable<string>): string[] => [...ids].map((id) => `${type}/${id}`);

export const ofType =
  <T extends Resource>(type: T['resourceType']) =>
  (resources: readonly Resource[]): T[] =>
    resources.filter((r): r is T => r.resourceType === type);

export type Params = Record<string, string | string[]>;

/** One read's searches under one plan, counting what they cost. */
export class ReadSearches {
  requests = 0;
  resources = 0;

  constructor(
    private readonly fhir: FhirReader,
    private readonly features: SearchFeatures,
  ) {}

  /**
   * A search with one id-list parameter (`listParam`, comma-joined): one POST, or as few GETs as keep
   * each URL under MAX_GET_URL_LENGTH. `uses` names the optional features the parameters rely on, so
   * a refusal can switch the right ones off.
   */
  async byList(
    type: string,
    listParam: string,
    values: readonly string[],
    params: Params,
    uses: readonly SearchFeature[] = [],
  ): Promise<SearchResult> {
    if (values.length === 0) return { matches: [], included: [], requests: 0 };
    const chunks = this.features.postSearch ? [values] : this.chunksForGet(type, listParam, values, params);
    const results: SearchResult[] = [];
    for (const chunk of chunks) {
      results.push(await this.search(type, { ...params, [listParam]: chunk.join(',') }, uses));
    }
    return mergeResults(results);
  }

  async search(type: string, params: Params, uses: readonly SearchFeature[] = []): Promise<SearchResult> {
    const post = this.features.postSearch;
    try {
      const result = await this.fhir.searchAll(type, params, post);
      this.requests += result.requests;
      this.resources += result.matches.length + result.included.length;
      return result;
    } catch (error) {
      if (error instanceof FhirRequestError && error.notSupported) {
        const used: SearchFeature[] = [...(post ? ['postSearch' as const] : []), ...uses];
        throw new PlanRefusal(refusedFeatures(error, used), error);
      }
      throw error;
    }
  }

  private chunksForGet(type: string, listParam: string, values: readonly string[], params: Params): string[][] {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) for (const v of [value].flat()) query.append(key, v);
    const fixed = `${this.fhir.baseUrl}/${type}?${query.toString()}&${listParam}=`.length;
    const chunks: string[][] = [];
    let chunk: string[] = [];
    let length = fixed;
    for (const value of values) {
      // encodeURIComponent is what URLSearchParams does to a reference, bar spaces; the comma costs 3.
      const cost = encodeURIComponent(value).length + 3;
      if (chunk.length > 0 && length + cost > MAX_GET_URL_LENGTH) {
        chunks.push(chunk);
        chunk = [];
        length = fixed;
      }
      chunk.push(value);
      length += cost;
    }
    if (chunk.length > 0) chunks.push(chunk);
    return chunks;
  }
}

/** Results of several searches as one, each resource once (a Task found by patient and by encounter). */
export function mergeResults(results: readonly SearchResult[]): SearchResult {
  if (results.length === 1) return results[0] as SearchResult;
  const seen = new Set<string>();
  const unique = (resources: Resource[]) =>
    resources.filter((r) => {
      const key = `${r.resourceType}/${r.id ?? ''}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  return {
    matches: unique(results.flatMap((r) => r.matches)),
    included: unique(results.flatMap((r) => r.included)),
    requests: results.reduce((sum, r) => sum + r.requests, 0),
  };
}

/** Every Location under the ward, one search per level (bays, rooms...), never below a bed. */
export async function walkLocationTree(wardId: string, searches: ReadSearches): Promise<Map<string, Location>> {
  const found = new Map<string, Location>();
  const searched = new Set<string>([wardId]);
  let parents = [wardId];
  for (let level = 0; level < MAX_LOCATION_DEPTH && parents.length > 0; level++) {
    const result = await searches.byList('Location', 'partof', refs('Location', parents), { _count: PAGE_SIZE });
    const children = ofType<Location>('Location')(result.matches).filter((l) => l.id !== wardId);
    mergeById(found, children);
    for (const id of parents) searched.add(id);
    parents = containersToSearch(children, searched);
  }
  return found;
}
