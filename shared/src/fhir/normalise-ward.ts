/**
 * FHIR -> WardSnapshot, pure (no I/O, no clock of its own). The caller has fetched everything for
 * one ward; this decides what the board shows. Joins are on FHIR ids only (CS-8); what the wall may
 * show is an allow-list (SEC-1): initials, never names, NHS numbers or birth dates.
 */
import type { CodeableConcept, Encounter, Extension, Location, Observation, Patient, Reference } from '@medplum/fhirtypes';
import { computeCensus } from '../census.js';
import { initialsOf, sameInitialsGroups } from '../display-label.js';
import { news2Band, news2DueAt } from '../news2.js';
import type { BedOnBoard, BedStatus, News2OnBoard, PatientOnBoard, Ward, WardProfile, WardSnapshot } from '../ward.types.js';
import { CODES, EXTENSIONS, SYSTEMS } from './fhir-codes.js';

export interface WardFhirData {
  ward: Ward;
  /** Locations whose partOf is the ward; only physical type bd (or untyped) count as beds. */
  beds: Location[];
  /** Current inpatient encounters on the ward (in-progress or on leave). */
  encounters: Encounter[];
  /** Patients included with the encounters. */
  patients: Patient[];
  /** Encounters on the ward that finished since the start of today (for discharges today). */
  finishedToday: Encounter[];
  /** NEWS2 total-score observations for the current encounters, any order. */
  news2: Observation[];
}

const V2_BED_STATUS: Record<string, BedStatus> = {
  O: 'occupied',
  U: 'free',
  H: 'cleaning',
  C: 'closed',
  K: 'closed',
  I: 'closed',
};

function hasCoding(concept: CodeableConcept | undefined, system: string, code: string): boolean {
  return concept?.coding?.some((c) => c.system === system && c.code === code) ?? false;
}

function refId(reference: Reference | undefined, type: string): string | null {
  const ref = reference?.reference;
  if (ref === undefined) return null;
  const [refType, id] = ref.split('/').slice(-2);
  return refType === type && id !== undefined && id !== '' ? id : null;
}

function extensionValue(extensions: Extension[] | undefined, url: string): Extension | undefined {
  return extensions?.find((e) => e.url === url);
}

/** Ward from its FHIR Location; mental-health when typed as a psychiatric unit (v3 RoleCode PHU). */
export function wardFromLocation(location: Location, site: { id: string; name: string }): Ward {
  const profile: WardProfile = (location.type ?? []).some((t) => hasCoding(t, SYSTEMS.v3RoleCode, CODES.psychiatricUnit))
    ? 'mental-health'
    : 'acute';
  return {
    id: location.id ?? '',
    name: location.name ?? location.id ?? 'Unnamed ward',
    siteId: site.id,
    siteName: site.name,
    profile,
    displayLabel: 'initials',
  };
}

/** Status of a bed from operationalStatus and the reserved/blocked extension. */
export function bedStatusOf(bed: Location): BedStatus {
  if (bed.status === 'inactive' || bed.status === 'suspended') return 'closed';
  const local = extensionValue(bed.extension, EXTENSIONS.bedStatus)?.valueCode;
  if (local === 'reserved' || local === 'blocked') return local;
  const op = bed.operationalStatus;
  if (op?.system === SYSTEMS.v2BedStatus && op.code !== undefined) return V2_BED_STATUS[op.code] ?? 'free';
  return 'free';
}

/** The bed an encounter is in now: an active location entry naming one of the ward's beds. */
function currentBedId(encounter: Encounter, bedIds: ReadonlySet<string>): string | null {
  const candidates = (encounter.location ?? [])
    .filter((l) => (l.status === undefined || l.status === 'active') && l.period?.end === undefined)
    .map((l) => ({ id: refId(l.location, 'Location'), start: l.period?.start ?? '' }))
    .filter((c): c is { id: string; start: string } => c.id !== null && bedIds.has(c.id))
    .sort((a, b) => b.start.localeCompare(a.start));
  return candidates[0]?.id ?? null;
}

function expectedDischargeDate(encounter: Encounter): string | null {
  const ext = extensionValue(encounter.extension, EXTENSIONS.plannedEndDate);
  const value = ext?.valueDateTime ?? ext?.valueDate ?? null;
  return value === null ? null : value.slice(0, 10);
}

function patientInitials(patient: Patient | undefined): string {
  if (patient === undefined) return '?';
  const name = patient.name?.find((n) => n.use === 'official') ?? patient.name?.[0];
  return initialsOf(name?.given, name?.family);
}

/** Latest usable NEWS2 per encounter: final/amended/corrected, with a time and a score of 0-20. */
function latestNews2ByEncounter(observations: readonly Observation[]): Map<string, News2OnBoard> {
  const latest = new Map<string, News2OnBoard>();
  for (const obs of observations) {
    if (!['final', 'amended', 'corrected'].includes(obs.status)) continue;
    if (!hasCoding(obs.code, SYSTEMS.snomed, CODES.news2Total)) continue;
    const encounterId = refId(obs.encounter, 'Encounter');
    const observedAt = obs.effectiveDateTime ?? obs.effectiveInstant ?? null;
    const score = obs.valueQuantity?.value ?? obs.valueInteger ?? null;
    if (encounterId === null || observedAt === null || score === null) continue;
    if (!Number.isInteger(score) || score < 0 || score > 20 || Number.isNaN(Date.parse(observedAt))) continue;
    const previous = latest.get(encounterId);
    if (previous !== undefined && Date.parse(previous.observedAt) >= Date.parse(observedAt)) continue;
    const band = news2Band(score);
    const iso = new Date(observedAt).toISOString();
    latest.set(encounterId, { score, band, observedAt: iso, dueAt: news2DueAt(iso, score, band) });
  }
  return latest;
}

/** Builds the whole ward snapshot from one complete set of FHIR searches. */
export function buildWardSnapshot(data: WardFhirData, now: number, requestCount: number): WardSnapshot {
  const bedLocations = data.beds
    .filter((b) => b.id !== undefined)
    .filter((b) => b.physicalType === undefined || hasCoding(b.physicalType, SYSTEMS.locationPhysicalType, 'bd'))
    .sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '', 'en-GB', { numeric: true }));
  const bedIds = new Set(bedLocations.map((b) => b.id as string));
  const patients = new Map(data.patients.map((p) => [p.id, p]));
  const news2 = latestNews2ByEncounter(data.news2);

  const encounterByBed = new Map<string, Encounter>();
  for (const encounter of data.encounters) {
    const bedId = currentBedId(encounter, bedIds);
    if (bedId !== null) encounterByBed.set(bedId, encounter);
  }

  const initialsByEncounter = new Map<string, string>();
  for (const encounter of encounterByBed.values()) {
    initialsByEncounter.set(encounter.id ?? '', patientInitials(patients.get(refId(encounter.subject, 'Patient') ?? undefined)));
  }
  const sameInitials = sameInitialsGroups([...initialsByEncounter].map(([key, initials]) => ({ key, initials })));

  const beds: BedOnBoard[] = bedLocations.map((location) => {
    const encounter = encounterByBed.get(location.id as string);
    let patient: PatientOnBoard | null = null;
    if (encounter !== undefined) {
      const encounterId = encounter.id ?? '';
      patient = {
        encounterId,
        initials: data.ward.displayLabel === 'bed-only' ? null : (initialsByEncounter.get(encounterId) ?? '?'),
        sameInitialsAs: data.ward.displayLabel === 'bed-only' ? [] : (sameInitials.get(encounterId) ?? []),
        admittedAt: encounter.period?.start ?? null,
        expectedDischargeDate: expectedDischargeDate(encounter),
        onLeave: encounter.status === 'onleave',
        news2: news2.get(encounterId) ?? null,
      };
    }
    return {
      id: location.id as string,
      label: location.name ?? location.id ?? '',
      status: patient !== null ? 'occupied' : bedStatusOf(location),
      patient,
    };
  });

  const admissions = [...data.encounters, ...data.finishedToday]
    .map((e) => e.period?.start)
    .filter((s): s is string => s !== undefined);
  const discharges = data.finishedToday.map((e) => e.period?.end).filter((s): s is string => s !== undefined);

  return {
    wardId: data.ward.id,
    asOf: new Date(now).toISOString(),
    census: computeCensus(beds, { admissions, discharges }, now),
    beds,
    requestCount,
  };
}
