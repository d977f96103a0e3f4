/**
 * FHIR code systems, codes and extension URLs the ingest reads (DESIGN section 7), in one place.
 */

export const SYSTEMS = {
  locationPhysicalType: 'http://terminology.hl7.org/CodeSystem/location-physical-type',
  v2BedStatus: 'http://terminology.hl7.org/CodeSystem/v2-0116',
  v3ActCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  v3RoleCode: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode',
  snomed: 'http://snomed.info/sct',
  nhsNumber: 'https://fhir.nhs.uk/Id/nhs-number',
} as const;

export const EXTENSIONS = {
  /** Local extension: v2-0116 has no reserved or blocked bed. */
  bedStatus: 'https://fhir.wardflow.org/StructureDefinition/bed-status',
  /** R5 Encounter.plannedEndDate carried into R4 as a cross-version extension. */
  plannedEndDate: 'http://hl7.org/fhir/5.0/StructureDefinition/extension-Encounter.plannedEndDate',
} as const;

export const CODES = {
  news2Total: '1104051000000101',
  inpatient: 'IMP',
  /** v3 RoleCode PHU "Psychiatric hospital unit": marks a mental-health ward. */
  psychiatricUnit: 'PHU',
} as const;
