/**
 * FHIR code systems, codes and extension URLs the ingest reads (docs/design.md section 7), in one place.
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
  /** Local extension on a bay or room (or a bed) Location: who it is for, valueCode male, female or mixed. */
  baySex: 'https://fhir.wardflow.org/StructureDefinition/bay-sex',
} as const;

export const CODES = {
  news2Total: '1104051000000101',
  inpatient: 'IMP',
  /** v3 RoleCode PHU "Psychiatric hospital unit": marks a mental-health ward. */
  psychiatricUnit: 'PHU',
} as const;

/**
 * Ward-level FHIR the safety measures read (docs/design.md sections 6 and 7). The incident categories and
 * staffing measures have no national code system, so each trust maps its incident system's (Datix,
 * LFPSE) categories and its roster system's figures to these local codes.
 */
export const WARD_CONTEXT = {
  /** `AdverseEvent.category` coding system. */
  incidentCategorySystem: 'https://fhir.wardflow.org/CodeSystem/incident-category',
  /** `MeasureReport.measure` of a ward's daily staffing report. */
  staffingMeasure: 'https://fhir.wardflow.org/Measure/ward-staffing',
  /** `MeasureReport.group.code` coding system for the staffing figures. */
  staffingGroupSystem: 'https://fhir.wardflow.org/CodeSystem/staffing-measure',
  /** Local code system for key assessments that have no SNOMED code the trust uses. */
  keyAssessmentSystem: 'https://fhir.wardflow.org/CodeSystem/key-assessment',
} as const;

/** The five figures of a daily staffing report, in hours. */
export const STAFFING_FIGURES = [
  'planned-hours',
  'actual-hours',
  'bank-hours',
  'agency-hours',
  'sickness-hours',
] as const;
export type StaffingFigure = (typeof STAFFING_FIGURES)[number];
