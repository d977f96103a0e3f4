/**
 * The simulator's CapabilityStatement (`GET [base]/metadata`): what a client may rely on, stated as
 * the real interactions and search parameters the HTTP layer serves. A minimal server (the shape of
 * many trusts' EPR facades) declares no `_revinclude` and no `_lastUpdated`, and refuses them.
 */
import { getSearchParameters } from '@medplum/core';
import type { CapabilityStatement, CapabilityStatementRestResource } from '@medplum/fhirtypes';

type SearchParamType = NonNullable<CapabilityStatementRestResource['searchParam']>[number]['type'];

export type ServerMode = 'full' | 'minimal';

/** The parameters every resource type takes (R4 Resource and DomainResource search parameters the server supports). */
const COMMON_SEARCH_PARAMS = [
  { name: '_id', type: 'token' as const },
  { name: '_lastUpdated', type: 'date' as const },
];

/** `Type:param` for every reference parameter of a served type that can point at `target`. */
function revIncludesOf(target: string, resourceTypes: ReadonlySet<string>): string[] {
  const found: string[] = [];
  for (const type of [...resourceTypes].sort()) {
    for (const param of Object.values(getSearchParameters(type) ?? {})) {
      if (param.type === 'reference' && (param.target ?? []).includes(target as never))
        found.push(`${type}:${param.code ?? param.name}`);
    }
  }
  return found;
}

export function buildCapabilityStatement(
  resourceTypes: ReadonlySet<string>,
  baseUrl: string,
  date: string,
  mode: ServerMode = 'full',
): CapabilityStatement {
  const minimal = mode === 'minimal';
  const resource: CapabilityStatementRestResource[] = [...resourceTypes].sort().map((type) => ({
    type: type as CapabilityStatementRestResource['type'],
    interaction: ['read', 'vread', 'update', 'patch', 'delete', 'history-instance', 'create', 'search-type'].map(
      (code) => ({
        code: code as NonNullable<CapabilityStatementRestResource['interaction']>[number]['code'],
      }),
    ),
    versioning: 'versioned',
    readHistory: true,
    updateCreate: true,
    searchInclude: Object.values(getSearchParameters(type) ?? {})
      .filter((param) => param.type === 'reference')
      .map((param) => `${type}:${param.code ?? param.name}`),
    ...(minimal ? {} : { searchRevInclude: revIncludesOf(type, resourceTypes) }),
    searchParam: Object.values(getSearchParameters(type) ?? {})
      .filter((param) => !(minimal && param.code === '_lastUpdated'))
      .map((param) => ({
        name: param.code ?? param.name ?? '',
        type: param.type as SearchParamType,
        ...(param.url === undefined ? {} : { definition: param.url }),
      })),
  }));
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date,
    publisher: 'Wardflow',
    kind: 'instance',
    software: { name: `Wardflow FHIR simulator (Medplum fhir-router, in memory)${minimal ? ', minimal mode' : ''}` },
    implementation: {
      description: 'Synthetic NHS trust for development and tests; no real patient data',
      url: baseUrl,
    },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        documentation: minimal
          ? 'Minimal mode: GET searches only (POST _search answers 405); _include is supported; _revinclude and ' +
            '_lastUpdated are not (400), nor are _has, chaining, _elements and _summary other than count. ' +
            'Unknown parameters are rejected.'
          : 'Searches by GET or POST _search page by _offset with absolute next links; _count is capped. _include ' +
            '(and :iterate) and _revinclude (one level) are supported; _has, chaining, _elements and _summary other ' +
            'than count are not, and unknown parameters are rejected.',
        ...(minimal ? {} : { searchParam: COMMON_SEARCH_PARAMS }),
        resource,
        interaction: [{ code: 'batch' }],
      },
    ],
  };
}
