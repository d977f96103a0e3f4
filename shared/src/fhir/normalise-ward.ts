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

/** The bed an encounter is in now (an active location entry naming one of the ward's beds) and since when. */
function currentBed(encounter: Encounter, bedIds: ReadonlySet<string>): { id: string; since: number } | null {
  const candidates = (encounter.location ?? [])
    .filter((l) => (l.status === undefined || l.status === 'active') && l.period?.end === undefined)
    .map((l) => ({ id: refId(l.location, 'Location'), since: Date.parse(l.period?.start ?? '') }))
    .filter((c): c is { id: string; since: number } => c.id !== null && bedIds.has(c.id))
    .map((c) => ({ id: c.id, since: Number.isNaN(c.since) ? 0 : c.since }))
    .sort((a, b) => b.since - a.since);
  return candidates[0] ?? null;
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

/**
 * Latest usable NEWS2 per encounter: final/amended/corrected, with a time and a score of 0-20.
 * Readings that claim to be NEWS2 but fail those checks are counted per encounter, not dropped silently.
 */
function latestNews2ByEncounter(observations: readonly Observation[]): { latest: Map<string, News2OnBoard>; rejected: Map<string, number> } {
  const latest = new Map<string, News2OnBoard>();
  const rejected = new Map<string, number>();
  for (const obs of observations) {
    if (!['final', 'amended', 'corrected'].includes(obs.status)) continue;
    if (!hasCoding(obs.code, SYSTEMS.snomed, CODES.news2Total)) continue;
    const encounterId = refId(obs.encounter, 'Encounter');
    if (encounterId === null) continue;
    const observedAt = obs.effectiveDateTime ?? obs.effectiveInstant ?? null;
    const score = obs.valueQuantity?.value ?? obs.valueInteger ?? null;
    if (observedAt === null || score === null || !Number.isInteger(score) || score < 0 || score > 20 || Number.isNaN(Date.parse(observedAt))) {
      rejected.set(encounterId, (rejected.get(encounterId) ?? 0) + 1);
      continue;
    }
    const previous = latest.get(encounterId);
    if (previous !== undefined && Date.parse(previous.observedAt) >= Date.parse(observedAt)) continue;
    const band = news2Band(score);
    const iso = new Date(observedAt).toISOString();
    latest.set(encounterId, { score, band, observedAt: iso, dueAt: news2DueAt(iso, score, band) });
  }
  return { latest, rejected };
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
  const bedLabels = new Map(bedLocations.map((b) => [b.id as string, b.name ?? b.id ?? '']));

  // Place each encounter in its current bed. When two claim one bed (a swap recorded half-way, a
  // double booking), the most recent claim keeps the bed and the other is listed as unplaced: both
  // stay on screen, both marked, and nobody disappears (DESIGN section 8).
  const claims = new Map<string, Array<{ encounter: Encounter; since: number }>>();
  const bedless: Encounter[] = [];
  for (const encounter of data.encounters) {
    if (encounter.id === undefined) continue;
    const bed = currentBed(encounter, bedIds);
    if (bed === null) bedless.push(encounter);
    else claims.set(bed.id, [...(claims.get(bed.id) ?? []), { encounter, since: bed.since }]);
  }
  const encounterByBed = new Map<string, Encounter>();
  const contested = new Map<string, string>();
  const unplacedEncounters: Array<{ encounter: Encounter; reason: string }> = bedless.map((encounter) => ({
    encounter,
    reason: 'No current bed on this ward in the FHIR record',
  }));
  for (const [bedId, list] of claims) {
    const [winner, ...others] = [...list].sort((a, b) => b.since - a.since || (a.encounter.id ?? '').localeCompare(b.encounter.id ?? ''));
    if (winner === undefined) continue;
    encounterByBed.set(bedId, winner.encounter);
    const label = bedLabels.get(bedId) ?? bedId;
    if (others.length > 0) contested.set(winner.encounter.id ?? '', `${label} is also recorded for another patient`);
    for (const other of others) unplacedEncounters.push({ encounter: other.encounter, reason: `Recorded in ${label}, which another patient holds` });
  }

  const allPlaced = [...encounterByBed.values(), ...unplacedEncounters.map((u) => u.encounter)];
  const initialsByEncounter = new Map<string, string>();
  for (const encounter of allPlaced) {
    initialsByEncounter.set(encounter.id ?? '', patientInitials(patients.get(refId(encounter.subject, 'Patient') ?? undefined)));
  }
  const sameInitials = sameInitialsGroups([...initialsByEncounter].map(([key, initials]) => ({ key, initials })));
  const bedOnly = data.ward.displayLabel === 'bed-only';

  const toPatient = (encounter: Encounter): PatientOnBoard => {
    const encounterId = encounter.id ?? '';
    const dataErrors: string[] = [];
    if (!patients.has(refId(encounter.subject, 'Patient') ?? undefined)) dataErrors.push('Patient record missing from FHIR');
    const contestedReason = contested.get(encounterId);
    if (contestedReason !== undefined) dataErrors.push(contestedReason);
    const rejectedReadings = news2.rejected.get(encounterId) ?? 0;
    if (rejectedReadings > 0) dataErrors.push(`${rejectedReadings} NEWS2 reading${rejectedReadings === 1 ? '' : 's'} could not be read`);
    return {
      encounterId,
      initials: bedOnly ? null : (initialsByEncounter.get(encounterId) ?? '?'),
      sameInitialsAs: bedOnly ? [] : (sameInitials.get(encounterId) ?? []),
      admittedAt: encounter.period?.start ?? null,
      expectedDischargeDate: expectedDischargeDate(encounter),
      onLeave: encounter.status === 'onleave',
      news2: news2.latest.get(encounterId) ?? null,
      dataErrors,
    };
  };

  const beds: BedOnBoard[] = bedLocations.map((location) => {
    const encounter = encounterByBed.get(location.id as string);
    const patient = encounter === undefined ? null : toPatient(encounter);
    return {
      id: location.id as string,
      label: location.name ?? location.id ?? '',
      status: patient !== null ? 'occupied' : bedStatusOf(location),
      patient,
    };
  });
  const unplaced = unplacedEncounters
    .map(({ encounter, reason }) => ({ patient: toPatient(encounter), reason }))
    .sort((a, b) => a.patient.encounterId.localeCompare(b.patient.encounterId));
  const everyone = [...beds.flatMap((b) => (b.patient === null ? [] : [b.patient])), ...unplaced.map((u) => u.patient)];

  const admissions = [...data.encounters, ...data.finishedToday]
    .map((e) => e.period?.start)
    .filter((s): s is string => s !== undefined);
  const discharges = data.finishedToday.map((e) => e.period?.end).filter((s): s is string => s !== undefined);

  return {
    wardId: data.ward.id,
    asOf: new Date(now).toISOString(),
    census: computeCensus(beds, { admissions, discharges }, now),
    beds,
    unplaced,
    dataQuality: {
      rejectedResources: [...news2.rejected.values()].reduce((sum, n) => sum + n, 0),
      patientsWithErrors: everyone.filter((p) => p.dataErrors.length > 0).length,
      unplacedPatients: unplaced.length,
    },
    requestCount,
  };
}
