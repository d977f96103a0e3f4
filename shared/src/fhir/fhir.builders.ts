/**
 * Typed builders for FHIR test data (STYLE 11): tests state only what matters to them.
 */
import type { Encounter, Location, Observation, Patient } from '@medplum/fhirtypes';
import { CODES, EXTENSIONS, SYSTEMS } from './fhir-codes.js';

export function makeBed(id: string, code: 'O' | 'U' | 'H' | 'C' = 'U', extra: Partial<Location> = {}): Location {
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

export function makeNews2(id: string, encounterId: string, score: number, effective: string, extra: Partial<Observation> = {}): Observation {
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
