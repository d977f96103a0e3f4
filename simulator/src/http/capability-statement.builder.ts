/**
 * The simulator's CapabilityStatement (`GET [base]/metadata`): what a client may rely on, stated as
 * the real interactions and search parameters the HTTP layer serves.
 */
import { getSearchParameters } from '@medplum/core';
import type { CapabilityStatement, CapabilityStatementRestResource } from '@medplum/fhirtypes';

type SearchParamType = NonNullable<CapabilityStatementRestResource['searchParam']>[number]['type'];

export function buildCapabilityStatement(
  resourceTypes: ReadonlySet<string>,
  baseUrl: string,
  date: string,
): CapabilityStatement {
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
    searchParam: Object.values(getSearchParameters(type) ?? {}).map((param) => ({
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
    software: { name: 'Wardflow FHIR simulator (Medplum fhir-router, in memory)' },
    implementation: {
      description: 'Synthetic NHS trust for development and tests; no real patient data',
      url: baseUrl,
    },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        documentation:
          'Searches page by _offset with absolute next links; _count is capped. _include (and :iterate) is supported; ' +
          '_revinclude, _has, chaining, _elements and _summary other than count are not, and unknown parameters are rejected.',
        resource,
        interaction: [{ code: 'batch' }],
      },
    ],
  };
}
