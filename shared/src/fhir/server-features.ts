/**
 * What the trust's FHIR server can do for the ward read, from its CapabilityStatement (docs/design.md
 * section 8). Servers differ: some take no POST `_search`, many no `_revinclude`, a few no
 * `_lastUpdated`. The request plan asks only for what is declared, and falls back (GET with split
 * lists, separate searches, full reads) for the rest; a refusal at run time switches a feature off
 * as well (server/src/ingest/request-plan.service.ts). Pure.
 */
import { arr, isObject, str } from './observation-rules.js';

export interface SearchFeatures {
  /**
   * POST `[type]/_search` with a form body (long id lists travel in the body). R4 has no element to
   * declare it, so it is assumed until the server refuses one (405, or 400/501 "not supported").
   */
  postSearch: boolean;
  /** `_revinclude` of the patient-linked clinical resources on Patient (one search instead of six). */
  revinclude: boolean;
  /** `_lastUpdated`, for changes-only reads between full ones. */
  lastUpdated: boolean;
  /** Narrowing parameters: when a server does not declare one it is not sent, and the same filter is applied here. */
  encounterDate: boolean;
  encounterClass: boolean;
  observationDate: boolean;
  observationCode: boolean;
  /**
   * ServiceRequest searchable by patient (observation plans, observation-plans.ts). Many EPR facades
   * have no ServiceRequest at all: then plans are read from care plans and observations only, and
   * the read never asks for it.
   */
  serviceRequests: boolean;
  /**
   * MedicationRequest searchable by patient (VTE prophylaxis, vte.ts). Where it is not, prophylaxis
   * cannot be seen: the board says "not read" rather than "none prescribed".
   */
  medicationRequests: boolean;
}

export type SearchFeature = keyof SearchFeatures;

export const ALL_FEATURES: SearchFeatures = {
  postSearch: true,
  revinclude: true,
  lastUpdated: true,
  encounterDate: true,
  encounterClass: true,
  observationDate: true,
  observationCode: true,
  serviceRequests: true,
  medicationRequests: true,
};

/** The patient-linked resources the board reads, and the search parameter that names the patient on each. */
export const PATIENT_LINKED_TYPES = [
  'Flag',
  'Task',
  'CarePlan',
  'RiskAssessment',
  'Procedure',
  'QuestionnaireResponse',
] as const;
export type PatientLinkedType = (typeof PATIENT_LINKED_TYPES)[number];
/** Read with them where the server declares it (SearchFeatures.serviceRequests). */
export const SERVICE_REQUEST_REVINCLUDE = 'ServiceRequest:patient';
/** Read with them where the server declares it (SearchFeatures.medicationRequests). */
export const MEDICATION_REQUEST_REVINCLUDE = 'MedicationRequest:patient';
export const PATIENT_REVINCLUDES: readonly string[] = PATIENT_LINKED_TYPES.map((type) => `${type}:patient`);

export interface FeaturesReading {
  features: SearchFeatures;
  /** One line per feature not used, saying why: for the log and readiness. */
  notes: string[];
}

/**
 * Features from a CapabilityStatement. Something unreadable as a CapabilityStatement (or none at
 * all) leaves every feature on: the run-time fallback still protects the wards, and a server that
 * says nothing is more often a full one behind a proxy than a minimal one.
 */
export function featuresFromCapabilityStatement(statement: unknown): FeaturesReading {
  if (!isObject(statement) || statement.resourceType !== 'CapabilityStatement') {
    return { features: { ...ALL_FEATURES }, notes: ['No readable CapabilityStatement: every feature assumed'] };
  }
  const rest = arr<unknown>(statement.rest)
    .filter(isObject)
    .find((r) => r.mode === 'server');
  if (rest === undefined) {
    return { features: { ...ALL_FEATURES }, notes: ['CapabilityStatement has no server part: every feature assumed'] };
  }
  const commonParams = new Set(paramNames(rest.searchParam));
  const resources = new Map(
    arr<unknown>(rest.resource)
      .filter(isObject)
      .map((r) => [str(r.type) ?? '', r] as const),
  );
  const declares = (type: string, param: string): boolean => {
    const resource = resources.get(type);
    if (resource === undefined) return false;
    return commonParams.has(param) || paramNames(resource.searchParam).includes(param);
  };
  const revIncludes = new Set(
    arr<unknown>(resources.get('Patient')?.searchRevInclude).filter((v): v is string => typeof v === 'string'),
  );
  const notes: string[] = [];
  const check = (ok: boolean, note: string): boolean => {
    if (!ok) notes.push(note);
    return ok;
  };
  const features: SearchFeatures = {
    postSearch: true,
    revinclude: check(
      PATIENT_REVINCLUDES.every((target) => revIncludes.has(target) || revIncludes.has('*')),
      'Patient does not declare _revinclude of ' +
        PATIENT_REVINCLUDES.filter((t) => !revIncludes.has(t)).join(', ') +
        ': one search per resource type instead',
    ),
    lastUpdated: check(
      ['Location', 'Observation'].every((type) => declares(type, '_lastUpdated')),
      '_lastUpdated is not declared on Location and Observation: every read is a full read',
    ),
    encounterDate: check(declares('Encounter', 'date'), 'Encounter date is not declared: filtered here instead'),
    encounterClass: check(declares('Encounter', 'class'), 'Encounter class is not declared: filtered here instead'),
    observationDate: check(
      declares('Observation', 'date'),
      'Observation date is not declared: the look-back window is applied here instead',
    ),
    observationCode: check(
      declares('Observation', 'code'),
      'Observation code is not declared: every observation of the patients is read and filtered here',
    ),
    serviceRequests: check(
      declares('ServiceRequest', 'patient'),
      'ServiceRequest is not declared searchable by patient: observation plans are read from care plans and observations only',
    ),
    medicationRequests: check(
      declares('MedicationRequest', 'patient'),
      'MedicationRequest is not declared searchable by patient: VTE prophylaxis is not read',
    ),
  };
  return { features, notes };
}

function paramNames(params: unknown): string[] {
  return arr<unknown>(params)
    .filter(isObject)
    .map((p) => str(p.name))
    .filter((name): name is string => name !== null);
}

/** The features a plan uses, for readiness and the log: "POST search, _revinclude, _lastUpdated" or the fallbacks. */
export function describeFeatures(features: SearchFeatures): string {
  return [
    features.postSearch ? 'POST search' : 'GET search (long lists split)',
    features.revinclude ? '_revinclude' : 'separate searches per resource type',
    features.lastUpdated ? 'changes-only reads (_lastUpdated)' : 'full reads only',
  ].join(', ');
}
