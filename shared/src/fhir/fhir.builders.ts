/**
 * Typed builders for FHIR test data (docs/style.md rule 11): tests state only what matters to them.
 */
import type { Encounter, Location, Observation, Patient } from '@medplum/fhirtypes';
import { CODES, EXTENSIONS, SYSTEMS } from './fhir-codes.js';
import { NEWS2_CODES } from './news2-from-fhir.js';
import { LOINC, UCUM } from './observation-rules.js';
import type { WardFhirData } from './normalise-ward.js';

export function makeBed(
  id: string,
  code: 'O' | 'U' | 'H' | 'C' | 'I' | 'K' = 'U',
  extra: Partial<Location> = {},
): Location {
  return {
    resourceType: 'Location',
    id,
    name: `Bed ${id.replace(/\D/g, '') || id}`,
    status: 'active',
    physicalType: { coding: [{ system: SYSTEMS.locationPhysicalType, code: 'bd' }] },
    operationalStatus: { system: SYSTEMS.v2BedStatus, code },
    partOf: { reference: 'Location/ward-a' },
    ...extra,
  };
}

export function makePatient(id: string, given: string, family: string): Patient {
  return {
    resourceType: 'Patient',
    id,
    name: [{ use: 'official', given: [given], family }],
    identifier: [{ system: SYSTEMS.nhsNumber, value: '9990000018' }],
    birthDate: '1950-01-01',
  };
}

export function makeEncounter(id: string, patientId: string, bedId: string, extra: Partial<Encounter> = {}): Encounter {
  return {
    resourceType: 'Encounter',
    id,
    status: 'in-progress',
    class: { system: SYSTEMS.v3ActCode, code: CODES.inpatient },
    subject: { reference: `Patient/${patientId}` },
    period: { start: '2026-11-19T10:00:00Z' },
    location: [
      { location: { reference: 'Location/ward-a' }, status: 'active' },
      { location: { reference: `Location/${bedId}` }, status: 'active', period: { start: '2026-11-19T10:00:00Z' } },
    ],
    ...extra,
  };
}

export function withPlannedEnd(encounter: Encounter, date: string): Encounter {
  return { ...encounter, extension: [{ url: EXTENSIONS.plannedEndDate, valueDateTime: date }] };
}

export function makeNews2(
  id: string,
  encounterId: string,
  score: number,
  effective: string,
  extra: Partial<Observation> = {},
): Observation {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system: SYSTEMS.snomed, code: CODES.news2Total }] },
    encounter: { reference: `Encounter/${encounterId}` },
    effectiveDateTime: effective,
    valueQuantity: { value: score, unit: '{score}', system: 'http://unitsofmeasure.org', code: '{score}' },
    ...extra,
  };
}

/** One quantity Observation (LOINC code, UCUM unit). */
export function vitalQuantity(
  id: string,
  loinc: string,
  value: number,
  code: string,
  at = '2026-11-21T09:00:00Z',
): Observation {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system: LOINC, code: loinc }] },
    effectiveDateTime: at,
    valueQuantity: { value, system: UCUM, code },
  };
}

/** A complete NEWS2 vital-sign set taken at `at` (scores 9: RR 22, SpO2 95 on O2, BP 105, HR 112, T 38.2, alert). */
export function vitalSet(at = '2026-11-21T09:00:00Z', prefix = 'v'): Observation[] {
  return [
    vitalQuantity(`${prefix}-rr`, '9279-1', 22, '/min', at),
    vitalQuantity(`${prefix}-spo2`, '59408-5', 95, '%', at),
    vitalQuantity(`${prefix}-o2`, '3151-8', 2, 'L/min', at),
    {
      resourceType: 'Observation',
      id: `${prefix}-bp`,
      status: 'final',
      code: { coding: [{ system: LOINC, code: '85354-9' }] },
      effectiveDateTime: at,
      component: [
        {
          code: { coding: [{ system: LOINC, code: '8480-6' }] },
          valueQuantity: { value: 105, system: UCUM, code: 'mm[Hg]' },
        },
        {
          code: { coding: [{ system: LOINC, code: '8462-4' }] },
          valueQuantity: { value: 70, system: UCUM, code: 'mm[Hg]' },
        },
      ],
    },
    vitalQuantity(`${prefix}-hr`, '8867-4', 112, '/min', at),
    vitalQuantity(`${prefix}-temp`, '8310-5', 38.2, 'Cel', at),
    {
      resourceType: 'Observation',
      id: `${prefix}-acvpu`,
      status: 'final',
      code: { coding: [{ system: SYSTEMS.snomed, code: NEWS2_CODES.acvpu }] },
      effectiveDateTime: at,
      valueCodeableConcept: { coding: [{ system: SYSTEMS.snomed, code: '248234008' }] },
    },
  ];
}

/** A ward's FHIR read holding only what the test gives: every list empty unless given. */
export function makeWardFhirData(data: Partial<WardFhirData> & Pick<WardFhirData, 'ward'>): WardFhirData {
  return {
    beds: [],
    encounters: [],
    patients: [],
    finishedRecently: [],
    observations: [],
    flags: [],
    tasks: [],
    carePlans: [],
    riskAssessments: [],
    ...data,
  };
}
