/**
 * Medplum's MemoryRepository with what a FHIR server in front of a whole trust needs and it lacks:
 *
 * - searches narrowed by reference indexes (a ward's beds, encounters, observations) before Medplum's
 *   own matcher runs, instead of testing every resource of the type, and candidates tested as stored,
 *   so only matches are copied;
 * - a total order (the sort rules, then creation order) so offset paging never skips or repeats;
 * - `_include` (and `_include:iterate`) and `_revinclude` (one level), with `search.mode` on every
 *   entry; included resources are deduplicated and neither counted in `total` nor paged;
 * - `meta.lastUpdated` from the simulator's clock, so pinned test clocks also pin `_lastUpdated`;
 * - bounded version history, as the simulator rewrites beds and encounters for as long as it runs.
 *
 * Matching itself stays Medplum's `matchesSearchRequest`.
 */
import {
  Operator,
  OperationOutcomeError,
  evalFhirPath,
  getSearchParameter,
  getSearchParameterDetails,
  matchesSearchRequest,
  type Filter,
  type IncludeTarget,
  type SearchRequest,
  type SortRule,
  type WithId,
} from '@medplum/core';
import { MemoryRepository } from '@medplum/fhir-router';
import type { Bundle, BundleEntry, Resource, SearchParameter } from '@medplum/fhirtypes';

export interface IndexedMemoryRepositoryOptions {
  /** The simulator's clock, ms since the epoch. */
  clock: () => number;
  /** Reference search parameters to index, by resource type, e.g. `{ Location: ['partof'] }`. */
  referenceIndexes: Readonly<Record<string, readonly string[]>>;
  /** Versions kept per resource for `_history` (MemoryRepository alone keeps every one forever). */
  historyDepth?: number;
  /** Applied to every write before it is stored: the shape the trust's systems give their data. */
  shapeWrite?: (resource: Resource) => Resource;
}

/** How deep `_include:iterate` may go: guards against reference cycles. */
const MAX_INCLUDE_ROUNDS = 4;

type SortKey = number | string | undefined;

export class IndexedMemoryRepository extends MemoryRepository {
  private readonly clock: () => number;
  private readonly referenceIndexes: Readonly<Record<string, readonly string[]>>;
  private readonly historyDepth: number;
  private readonly shapeWrite: (resource: Resource) => Resource;
  /** "Type/id" -> creation sequence: the tie-break that makes every result order total. */
  private readonly sequence = new Map<string, number>();
  private nextSequence = 0;
  /** "Type|param|Target/id" -> ids of Type whose param refers to Target/id. */
  private readonly index = new Map<string, Set<string>>();
  /** "Type/id" -> the index keys it is filed under, to unfile it on update or delete. */
  private readonly filedUnder = new Map<string, string[]>();

  constructor(options: IndexedMemoryRepositoryOptions) {
    super();
    this.clock = options.clock;
    this.referenceIndexes = options.referenceIndexes;
    this.historyDepth = options.historyDepth ?? 5;
    this.shapeWrite = options.shapeWrite ?? ((resource) => resource);
  }

  /** Every write (create, update, patch) lands here; the server, not the client, owns `meta`. */
  override async createResource<T extends Resource>(resource: T): Promise<WithId<T>> {
    const shaped = this.shapeWrite(resource) as T;
    const meta = { ...shaped.meta, lastUpdated: new Date(this.clock()).toISOString() };
    delete meta.versionId;
    const saved = await super.createResource({ ...shaped, meta });
    const key = `${saved.resourceType}/${saved.id}`;
    if (!this.sequence.has(key)) this.sequence.set(key, this.nextSequence++);
    this.refile(saved);
    this.trimHistory(saved.resourceType, saved.id);
    return saved;
  }

  override async deleteResource(resourceType: string, id: string): Promise<void> {
    await super.deleteResource(resourceType, id);
    const key = `${resourceType}/${id}`;
    this.sequence.delete(key);
    this.unfile(resourceType, id);
    this.historyStore()?.get(resourceType)?.delete(id);
  }

  override async search<T extends Resource>(request: SearchRequest<T>): Promise<Bundle<WithId<T>>> {
    const matches = await this.findMatches(request);
    const sorted = this.sort(matches, request.sortRules ?? []);
    const offset = request.offset ?? 0;
    const page = request.count === undefined ? sorted.slice(offset) : sorted.slice(offset, offset + request.count);
    const entry: BundleEntry<WithId<T>>[] = page.map((resource) => ({ resource, search: { mode: 'match' } }));
    const seen = new Set(page.map((r) => `${r.resourceType}/${r.id}`));
    if (request.include !== undefined && request.include.length > 0) {
      for (const resource of await this.resolveIncludes(page, request.include, seen)) {
        entry.push({ resource: resource as WithId<T>, search: { mode: 'include' } });
      }
    }
    if (request.revInclude !== undefined && request.revInclude.length > 0) {
      for (const resource of await this.resolveRevIncludes(page, request.revInclude, seen)) {
        entry.push({ resource: resource as WithId<T>, search: { mode: 'include' } });
      }
    }
    return { resourceType: 'Bundle', type: 'searchset', total: sorted.length, ...(entry.length > 0 ? { entry } : {}) };
  }

  private async findMatches<T extends Resource>(request: SearchRequest<T>): Promise<WithId<T>[]> {
    const candidates = this.indexedCandidates(request);
    if (candidates === null) {
      const all = await super.search<T>({
        resourceType: request.resourceType,
        ...(request.filters === undefined ? {} : { filters: request.filters }),
      });
      return (all.entry ?? []).flatMap((e) => (e.resource === undefined ? [] : [e.resource]));
    }
    const found: WithId<T>[] = [];
    // A ward's candidates include every stay it has had (with history, hundreds): each is tested as
    // stored, cheapest filters first, and only the matches are read (which copies them).
    const stored = this.storedResources()?.get(request.resourceType);
    const cheapFirst = { ...request, filters: cheapestFirst(request.resourceType, request.filters ?? []) };
    for (const id of candidates) {
      const raw = stored?.get(id);
      if (raw !== undefined && !matchesSearchRequest(raw, cheapFirst)) continue;
      const resource = await this.readIfPresent<T>(request.resourceType, id);
      if (resource !== undefined && (raw !== undefined || matchesSearchRequest(resource, request)))
        found.push(resource);
    }
    return found;
  }

  /**
   * Ids that can possibly match, from the smallest indexed equality filter or an `_id` list; null when
   * no filter is indexed (or one names a bare id, whose target type the index cannot tell).
   */
  private indexedCandidates(request: SearchRequest): Set<string> | null {
    const indexed = this.referenceIndexes[request.resourceType] ?? [];
    let best: Set<string> | null = null;
    for (const filter of request.filters ?? []) {
      // `_id=a,b,c` (the patients of a ward) names its candidates outright; the matcher still checks them.
      if (filter.operator === Operator.EQUALS && filter.code === '_id') {
        const ids = new Set(filter.value.split(','));
        if (best === null || ids.size < best.size) best = ids;
        continue;
      }
      if (filter.operator !== Operator.EQUALS || !indexed.includes(filter.code)) continue;
      const values = filter.value.split(',');
      if (values.some((v) => !/^[A-Za-z]+\/[^/]+$/.test(v))) continue;
      const union = new Set<string>();
      for (const value of values) {
        for (const id of this.index.get(`${request.resourceType}|${filter.code}|${value}`) ?? []) union.add(id);
      }
      if (best === null || union.size < best.size) best = union;
    }
    return best;
  }

  private refile(resource: WithId<Resource>): void {
    this.unfile(resource.resourceType, resource.id);
    const params = this.referenceIndexes[resource.resourceType];
    if (params === undefined) return;
    const keys: string[] = [];
    for (const code of params) {
      for (const ref of this.referencesOf(resource, code)) {
        const key = `${resource.resourceType}|${code}|${ref}`;
        let ids = this.index.get(key);
        if (ids === undefined) {
          ids = new Set();
          this.index.set(key, ids);
        }
        ids.add(resource.id);
        keys.push(key);
      }
    }
    this.filedUnder.set(`${resource.resourceType}/${resource.id}`, keys);
  }

  private unfile(resourceType: string, id: string): void {
    const key = `${resourceType}/${id}`;
    for (const indexKey of this.filedUnder.get(key) ?? []) {
      const ids = this.index.get(indexKey);
      ids?.delete(id);
      if (ids?.size === 0) this.index.delete(indexKey);
    }
    this.filedUnder.delete(key);
  }

  /** Relative references ("Type/id") held by a reference search parameter of the resource. */
  private referencesOf(resource: Resource, code: string): string[] {
    const param = getSearchParameter(resource.resourceType, code);
    if (param?.type !== 'reference') return [];
    const refs: string[] = [];
    for (const value of evalFhirPath(
      getSearchParameterDetails(resource.resourceType, param).parsedExpression,
      resource,
    )) {
      const reference = (value as { reference?: unknown } | null)?.reference;
      if (typeof reference === 'string' && /^[A-Za-z]+\/[^/]+$/.test(reference)) refs.push(reference);
    }
    return refs;
  }

  private sort<T extends Resource>(resources: WithId<T>[], rules: readonly SortRule[]): WithId<T>[] {
    const keyed = resources.map((resource) => ({
      resource,
      keys: rules.map((rule) => sortKey(resource, rule.code)),
      seq: this.sequence.get(`${resource.resourceType}/${resource.id}`) ?? Number.MAX_SAFE_INTEGER,
    }));
    keyed.sort((a, b) => {
      for (let i = 0; i < rules.length; i++) {
        const order = compareKeys(a.keys[i], b.keys[i], rules[i]?.descending === true);
        if (order !== 0) return order;
      }
      return a.seq - b.seq;
    });
    return keyed.map((k) => k.resource);
  }

  /**
   * `_revinclude=Type:param`: resources of Type whose reference `param` points at one of the matches,
   * each once, in creation order per match. Uses the reference index when the parameter has one.
   */
  private async resolveRevIncludes(
    matches: readonly Resource[],
    targets: readonly IncludeTarget[],
    seen: Set<string>,
  ): Promise<Resource[]> {
    const included: Resource[] = [];
    for (const target of targets) {
      const indexed = (this.referenceIndexes[target.resourceType] ?? []).includes(target.searchParam);
      for (const match of matches) {
        const ref = `${match.resourceType}/${match.id ?? ''}`;
        let found: Resource[];
        if (indexed) {
          found = [];
          for (const id of this.index.get(`${target.resourceType}|${target.searchParam}|${ref}`) ?? []) {
            const resource = await this.readIfPresent(target.resourceType, id);
            if (resource !== undefined) found.push(resource);
          }
        } else {
          found = await this.findMatches({
            resourceType: target.resourceType as Resource['resourceType'],
            filters: [{ code: target.searchParam, operator: Operator.EQUALS, value: ref }],
          });
        }
        for (const resource of this.sort(found as WithId<Resource>[], [])) {
          const key = `${resource.resourceType}/${resource.id ?? ''}`;
          if (seen.has(key)) continue;
          seen.add(key);
          included.push(resource);
        }
      }
    }
    return included;
  }

  private async resolveIncludes(
    matches: readonly Resource[],
    targets: readonly IncludeTarget[],
    seen: Set<string>,
  ): Promise<Resource[]> {
    const included: Resource[] = [];
    let frontier: readonly Resource[] = matches;
    for (let round = 0; frontier.length > 0 && round < MAX_INCLUDE_ROUNDS; round++) {
      const next: Resource[] = [];
      for (const resource of frontier) {
        for (const target of targets) {
          if (target.resourceType !== resource.resourceType || (round > 0 && target.modifier !== 'iterate')) continue;
          for (const ref of this.referencesOf(resource, target.searchParam)) {
            const [type = '', id = ''] = ref.split('/');
            if ((target.targetType !== undefined && type !== target.targetType) || seen.has(ref)) continue;
            seen.add(ref);
            const found = await this.readIfPresent(type, id);
            if (found === undefined) continue;
            included.push(found);
            next.push(found);
          }
        }
      }
      frontier = next;
    }
    return included;
  }

  private async readIfPresent<T extends Resource>(resourceType: string, id: string): Promise<WithId<T> | undefined> {
    try {
      return await this.readResource<WithId<T>>(resourceType, id);
    } catch (error) {
      if (error instanceof OperationOutcomeError && error.outcome.issue?.[0]?.code === 'not-found') return undefined;
      throw error;
    }
  }

  private trimHistory(resourceType: string, id: string): void {
    const versions = this.historyStore()?.get(resourceType)?.get(id);
    if (versions !== undefined && versions.length > this.historyDepth)
      versions.splice(0, versions.length - this.historyDepth);
  }

  /**
   * MemoryRepository's private current store (Map of type -> id -> resource, in 4.5.2): read-only here,
   * to rule candidates out without copying each; undefined if a later version moves it (then every
   * candidate is read, as before).
   */
  private storedResources(): Map<string, Map<string, Resource>> | undefined {
    const store = (this as unknown as { resources?: unknown }).resources;
    return store instanceof Map ? (store as Map<string, Map<string, Resource>>) : undefined;
  }

  /**
   * MemoryRepository's private version store (Map of type -> id -> versions, oldest first, in 4.5.2).
   * Reached into because it offers no way to bound it; a test asserts the trimming still works.
   */
  private historyStore(): Map<string, Map<string, Resource[]>> | undefined {
    const store = (this as unknown as { history?: unknown }).history;
    return store instanceof Map ? (store as Map<string, Map<string, Resource[]>>) : undefined;
  }
}

/**
 * The same filters (all must match, in any order) with tokens and the like first, then dates, then
 * references: a finished stay fails on its status before its locations are walked.
 */
function cheapestFirst(resourceType: string, filters: readonly Filter[]): Filter[] {
  const rank = (f: Filter): number => {
    const type = getSearchParameter(resourceType, f.code)?.type;
    return type === 'reference' ? 2 : type === 'date' ? 1 : 0;
  };
  return [...filters].sort((a, b) => rank(a) - rank(b));
}

/** Sort value of a resource for `_sort=code`: dates and numbers compare as numbers, the rest as text. */
function sortKey(resource: Resource, code: string): SortKey {
  if (code === '_id') return resource.id;
  if (code === '_lastUpdated') return toTime(resource.meta?.lastUpdated);
  const param: SearchParameter | undefined = getSearchParameter(resource.resourceType, code);
  if (param === undefined) return undefined;
  const [value] = evalFhirPath(getSearchParameterDetails(resource.resourceType, param).parsedExpression, resource);
  if (value === undefined || value === null) return undefined;
  if (param.type === 'date') {
    if (typeof value === 'string') return toTime(value);
    const period = value as { start?: string; end?: string };
    return toTime(period.start ?? period.end);
  }
  if (param.type === 'number' || param.type === 'quantity') {
    return typeof value === 'number' ? value : (value as { value?: number }).value;
  }
  return typeof value === 'string' || typeof value === 'number' ? value : textOf(value);
}

function textOf(value: unknown): string {
  const v = value as {
    code?: string;
    coding?: { code?: string }[];
    text?: string;
    family?: string;
    reference?: string;
  };
  return v.code ?? v.coding?.[0]?.code ?? v.family ?? v.reference ?? v.text ?? JSON.stringify(value);
}

function toTime(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}

/** Missing values sort last whichever the direction. */
function compareKeys(a: SortKey, b: SortKey, descending: boolean): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  const order = typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
  return descending ? -order : order;
}
