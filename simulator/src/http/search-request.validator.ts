/**
 * Rejects searches the simulator cannot answer correctly. Medplum's in-memory matcher treats an unknown
 * parameter as "matches nothing" and ignores what it does not implement, so a typo in the ingest code
 * would read as an empty ward; a real server answers 400, and so does this one.
 */
import {
  OperationOutcomeError,
  badRequest,
  getSearchParameter,
  parseSearchRequest,
  type SearchRequest,
} from '@medplum/core';
import type { OperationOutcome } from '@medplum/fhirtypes';

export type SearchParams = Record<string, string | string[]>;

export type ValidatedSearch = { ok: true; request: SearchRequest } | { ok: false; outcome: OperationOutcome };

/** Parameters on every resource type that Medplum's matcher understands. */
const COMMON_PARAMS = new Set(['_id', '_lastUpdated', '_tag', '_profile', '_security', '_source']);
const JSON_FORMATS = new Set(['json', 'application/json', 'application/fhir+json']);

export function validateSearch(resourceType: string, params: SearchParams): ValidatedSearch {
  let request: SearchRequest;
  try {
    request = parseSearchRequest(resourceType, params);
  } catch (error) {
    return { ok: false, outcome: error instanceof OperationOutcomeError ? error.outcome : badRequest(String(error)) };
  }
  const problem = firstProblem(resourceType, request);
  return problem === null ? { ok: true, request } : { ok: false, outcome: badRequest(problem) };
}

function firstProblem(resourceType: string, request: SearchRequest): string | null {
  for (const filter of request.filters ?? []) {
    if (filter.code.includes('.')) return `Chained search is not supported: ${filter.code}`;
    if (filter.code.startsWith('_has')) return '_has is not supported';
    if (!COMMON_PARAMS.has(filter.code) && getSearchParameter(resourceType, filter.code) === undefined) {
      return `Unknown search parameter for ${resourceType}: ${filter.code}`;
    }
  }
  for (const rule of request.sortRules ?? []) {
    if (
      rule.code !== '_id' &&
      rule.code !== '_lastUpdated' &&
      getSearchParameter(resourceType, rule.code) === undefined
    ) {
      return `Unknown sort parameter for ${resourceType}: ${rule.code}`;
    }
  }
  for (const target of request.include ?? []) {
    const param = getSearchParameter(target.resourceType, target.searchParam);
    if (param?.type !== 'reference') return `Unknown _include: ${target.resourceType}:${target.searchParam}`;
  }
  for (const target of request.revInclude ?? []) {
    const param = getSearchParameter(target.resourceType, target.searchParam);
    if (param?.type !== 'reference' || !(param.target ?? []).includes(resourceType as never)) {
      return `Unknown _revinclude: ${target.resourceType}:${target.searchParam}`;
    }
    if (target.modifier === 'iterate' || target.targetType !== undefined)
      return `_revinclude:iterate and typed _revinclude are not supported`;
  }
  if (request.cursor !== undefined) return '_cursor is not supported; page with the next links';
  if (request.summary !== undefined) return '_summary is supported only as _summary=count';
  if (request.fields !== undefined) return '_elements is not supported';
  if (request.format !== undefined && !JSON_FORMATS.has(request.format)) return 'Only JSON is supported';
  if (request.offset !== undefined && (!Number.isInteger(request.offset) || request.offset < 0))
    return 'Invalid _offset';
  if (request.count !== undefined && (!Number.isInteger(request.count) || request.count < 0)) return 'Invalid _count';
  return null;
}
