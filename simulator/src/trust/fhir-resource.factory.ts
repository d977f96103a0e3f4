/**
 * The FHIR shapes of the synthetic trust (R4, UK Core where it has a profile), and the edits the
 * simulator makes to them. Everything the ingest code reads is built here, in one place.
 */
import type { Encounter, EncounterLocation, Extension, Location, Observation, Patient } from '@medplum/fhirtypes';
import { news2Components, splitNews2 } from './clinical-resource.factory.js';
import type { WardProfile } from './news2.model.js';

export const SYSTEMS = {
  locationPhysicalType: 'http://terminology.hl7.org/CodeSystem/location-physical-type',
  bedStatus: 'http://terminology.hl7.org/CodeSystem/v2-0116',
  roleCode: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode',
  actCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  snomed: 'http://snomed.info/sct',
  ucum: 'http://unitsofmeasure.org',
  observationCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
  nhsNumber: 'https://fhir.nhs.uk/Id/nhs-number',
  odsSite: 'https://fhir.nhs.uk/Id/ods-site-code',
} as const;

export const EXTENSION_URLS = {
  bedStatus: 'https://fhir.wardflow.org/StructureDefinition/bed-status',
  plannedEndDate: 'http://hl7.org/fhir/5.0/StructureDefinition/extension-Encounter.plannedEndDate',
  nhsNumberVerification: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus',
  baySex: 'https://fhir.wardflow.org/StructureDefinition/bay-sex',
} as const;

/** A PAS's own bed-state code system, as some trusts send in place of v2-0116 (a shape the ingest must not read as free). */
export const LOCAL_BED_STATE_SYSTEM = 'https://pas.example.nhs.uk/CodeSystem/bed-state';

export const NEWS2_CODE = {
  system: SYSTEMS.snomed,
  code: '1104051000000101',
  display: 'Royal College of Physicians NEWS2 (National Early Warning Score 2) total score',
} as const;

const UK_CORE = 'https://fhir.hl7.org.uk/StructureDefinition/';

/**
 * Bed states: v2-0116 codes (I isolated and K contaminated too), plus reserved and blocked (an
 * extension over U, as v2-0116 lacks them).
 */
export type BedState = 'O' | 'U' | 'H' | 'C' | 'I' | 'K' | 'reserved' | 'blocked';

const BED_STATUS_DISPLAY: Record<'O' | 'U' | 'H' | 'C' | 'I' | 'K', string> = {
  O: 'Occupied',
  U: 'Unoccupied',
  H: 'Housekeeping',
  C: 'Closed',
  I: 'Isolated',
  K: 'Contaminated',
};

/** Who a bay or room is for: same-sex accommodation. */
export type BaySex = 'male' | 'female' | 'mixed';

export interface SiteSpec {
  id: string;
  name: string;
  odsCode: string;
}

export interface WardSpec {
  id: string;
  name: string;
  siteId: string;
  profile: WardProfile;
  description: string;
}

export interface PersonSpec {
  given: string;
  family: string;
  gender: 'male' | 'female';
  birthDate: string;
  nhsNumber: string;
}

export function physicalType(code: 'si' | 'wa' | 'ro' | 'bd'): Location['physicalType'] {
  const display = { si: 'Site', wa: 'Ward', ro: 'Room', bd: 'Bed' }[code];
  return { coding: [{ system: SYSTEMS.locationPhysicalType, code, display }] };
}

export function siteLocation(site: SiteSpec): Location {
  return {
    resourceType: 'Location',
    id: site.id,
    meta: { profile: [`${UK_CORE}UKCore-Location`] },
    identifier: [{ system: SYSTEMS.odsSite, value: site.odsCode }],
    status: 'active',
    name: site.name,
    mode: 'instance',
    physicalType: physicalType('si'),
  };
}

export function wardLocation(ward: WardSpec): Location {
  // v3-RoleCode PHU "Psychiatric hospital unit" marks a mental-health ward; HU is any other hospital unit.
  const type =
    ward.profile === 'mental-health'
      ? {
          coding: [{ system: SYSTEMS.roleCode, code: 'PHU', display: 'Psychiatric hospital unit' }],
          text: 'Mental health inpatient ward',
        }
      : { coding: [{ system: SYSTEMS.roleCode, code: 'HU', display: 'Hospital unit' }], text: 'Acute inpatient ward' };
  return {
    resourceType: 'Location',
    id: ward.id,
    meta: { profile: [`${UK_CORE}UKCore-Location`] },
    status: 'active',
    name: ward.name,
    description: ward.description,
    mode: 'instance',
    type: [type],
    physicalType: physicalType('wa'),
    partOf: { reference: `Location/${ward.siteId}` },
  };
}

/** A place inside a ward: a bay or side room (`ro`), or a bed (`bd`) under the ward or a room. */
function placeLocation(id: string, name: string, parentId: string, type: 'ro' | 'bd'): Location {
  return {
    resourceType: 'Location',
    id,
    meta: { profile: [`${UK_CORE}UKCore-Location`] },
    status: 'active',
    name,
    mode: 'instance',
    physicalType: physicalType(type),
    partOf: { reference: `Location/${parentId}` },
  };
}

/**
 * A bay or side room of a ward (physical type `ro`): beds hang under it rather than off the ward.
 * `sex` is whom it is for, when the ward records it (the local bay-sex extension).
 */
export function roomLocation(id: string, name: string, wardId: string, sex: BaySex | null = null): Location {
  const room = placeLocation(id, name, wardId, 'ro');
  return sex === null ? room : { ...room, extension: [{ url: EXTENSION_URLS.baySex, valueCode: sex }] };
}

/** A bed; `parentId` is the ward, or the bay or side room the bed is in. */
export function bedLocation(id: string, name: string, parentId: string, state: BedState): Location {
  return withBedState(placeLocation(id, name, parentId, 'bd'), state);
}

/** A copy of the bed in the new state (other extensions kept). */
export function withBedState(bed: Location, state: BedState): Location {
  const code = state === 'reserved' || state === 'blocked' ? 'U' : state;
  const others = (bed.extension ?? []).filter((e) => e.url !== EXTENSION_URLS.bedStatus);
  const local: Extension[] =
    state === 'reserved' || state === 'blocked' ? [{ url: EXTENSION_URLS.bedStatus, valueCode: state }] : [];
  const { extension: _old, ...rest } = bed;
  const extension = [...others, ...local];
  return {
    ...rest,
    ...(extension.length > 0 ? { extension } : {}),
    operationalStatus: { system: SYSTEMS.bedStatus, code, display: BED_STATUS_DISPLAY[code] },
  };
}

export function bedStateOf(bed: Location): BedState {
  const local = bed.extension?.find((e) => e.url === EXTENSION_URLS.bedStatus)?.valueCode;
  if (local === 'reserved' || local === 'blocked') return local;
  const code = bed.operationalStatus?.code;
  return code === 'O' || code === 'H' || code === 'C' || code === 'I' || code === 'K' ? code : 'U';
}

/**
 * The bed as a PAS that keeps its own bed-state codes sends it when empty and available: a code the
 * ingest cannot map. The simulator treats it as free (the PAS means "available"); the board must say
 * "unknown", not "free", since nothing in FHIR says what the code means.
 */
export function withLocalBedStateCode(bed: Location): Location {
  return { ...bed, operationalStatus: { system: LOCAL_BED_STATE_SYSTEM, code: 'AVL', display: 'Available' } };
}

export function patientResource(id: string, person: PersonSpec): Patient {
  return {
    resourceType: 'Patient',
    id,
    meta: { profile: [`${UK_CORE}UKCore-Patient`] },
    identifier: [
      {
        extension: [
          {
            url: EXTENSION_URLS.nhsNumberVerification,
            valueCodeableConcept: {
              coding: [
                {
                  system: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland',
                  code: '01',
                  display: 'Number present and verified',
                },
              ],
            },
          },
        ],
        system: SYSTEMS.nhsNumber,
        value: person.nhsNumber,
      },
    ],
    name: [{ use: 'official', family: person.family, given: [person.given] }],
    gender: person.gender,
    birthDate: person.birthDate,
  };
}

export interface EncounterSpec {
  id: string;
  patientId: string;
  wardId: string;
  bedId: string;
  /** Admission to the ward. */
  start: string;
  /** When the patient moved into the current bed, if not at admission. */
  bedSince?: string;
  /** A bed the patient was in before a transfer on the same ward (from `start` to `bedSince`). */
  previousBedId?: string;
  status: 'in-progress' | 'onleave';
  /** Expected discharge date, YYYY-MM-DD. */
  plannedEndDate?: string;
}

export function encounterResource(spec: EncounterSpec): Encounter {
  const bedSince = spec.bedSince ?? spec.start;
  const location: EncounterLocation[] = [
    {
      location: { reference: `Location/${spec.wardId}` },
      status: 'active',
      physicalType: physicalType('wa'),
      period: { start: spec.start },
    },
  ];
  if (spec.previousBedId !== undefined) {
    location.push({
      location: { reference: `Location/${spec.previousBedId}` },
      status: 'completed',
      physicalType: physicalType('bd'),
      period: { start: spec.start, end: bedSince },
    });
  }
  location.push({
    location: { reference: `Location/${spec.bedId}` },
    status: 'active',
    physicalType: physicalType('bd'),
    period: { start: bedSince },
  });
  return {
    resourceType: 'Encounter',
    id: spec.id,
    meta: { profile: [`${UK_CORE}UKCore-Encounter`] },
    ...(spec.plannedEndDate === undefined
      ? {}
      : { extension: [{ url: EXTENSION_URLS.plannedEndDate, valueDateTime: spec.plannedEndDate }] }),
    status: spec.status,
    class: { system: SYSTEMS.actCode, code: 'IMP', display: 'inpatient encounter' },
    type: [{ coding: [{ system: SYSTEMS.snomed, code: '185212007', display: 'Seen in hospital ward' }] }],
    subject: { reference: `Patient/${spec.patientId}` },
    period: { start: spec.start },
    location,
  };
}

/** The bed an encounter occupies: its active bed-type location entry. */
export function currentBedId(encounter: Encounter): string | undefined {
  const entry = (encounter.location ?? []).find(
    (l) => l.status === 'active' && l.physicalType?.coding?.some((c) => c.code === 'bd') === true,
  );
  return entry?.location?.reference?.split('/')[1];
}

/** Discharge: finished, with the period and every open location entry closed at `at`. */
export function finishedEncounter(encounter: Encounter, at: string): Encounter {
  return {
    ...encounter,
    status: 'finished',
    period: { ...encounter.period, end: at },
    // A move that was still planned (a transfer expected elsewhere) never happens: its entries go.
    location: (encounter.location ?? [])
      .filter((l) => l.status !== 'planned' && l.status !== 'reserved')
      .map((l) => (l.status === 'active' ? { ...l, status: 'completed', period: { ...l.period, end: at } } : l)),
  };
}

/** A transfer to another bed on the same ward at `at`: the old bed entry completes, a new one starts. */
export function movedEncounter(encounter: Encounter, toBedId: string, at: string): Encounter {
  const location = (encounter.location ?? []).map((l) =>
    l.status === 'active' && l.physicalType?.coding?.some((c) => c.code === 'bd') === true
      ? { ...l, status: 'completed' as const, period: { ...l.period, end: at } }
      : l,
  );
  location.push({
    location: { reference: `Location/${toBedId}` },
    status: 'active',
    physicalType: physicalType('bd'),
    period: { start: at },
  });
  return { ...encounter, location };
}

export function news2Observation(
  id: string,
  patientId: string,
  encounterId: string,
  score: number,
  at: string,
): Observation {
  return {
    resourceType: 'Observation',
    id,
    meta: { profile: [`${UK_CORE}UKCore-Observation`] },
    status: 'final',
    category: [{ coding: [{ system: SYSTEMS.observationCategory, code: 'vital-signs', display: 'Vital Signs' }] }],
    code: { coding: [{ ...NEWS2_CODE }] },
    subject: { reference: `Patient/${patientId}` },
    encounter: { reference: `Encounter/${encounterId}` },
    effectiveDateTime: at,
    valueQuantity: { value: score, unit: '{score}', system: SYSTEMS.ucum, code: '{score}' },
    // The seven sub-scores, as in the UK Core NEWS2 bundle; they add up to the total.
    component: news2Components(splitNews2(score, id)),
  };
}
