/**
 * FHIR -> WardSnapshot, pure (no I/O, no clock of its own). The caller has fetched everything for
 * one ward; this decides what the board shows. Joins are on FHIR ids only (CS-8); what the wall may
 * show is an allow-list (SEC-1): initials, never names, NHS numbers or birth dates.
 *
 * FHIR is untrusted input (STYLE 8): every field is read through a type guard, so a malformed
 * resource becomes a data error on the board or is counted as rejected, and never throws. Results do
 * not depend on the order resources arrive in.
 */
import type { Encounter, Location, Observation, Patient } from '@medplum/fhirtypes';
import { computeCensus } from '../census.js';
import { initialsOf, sameInitialsGroups } from '../display-label.js';
import { news2Band, news2DueAt } from '../news2.js';
import type { BedOnBoard, BedStatus, News2OnBoard, PatientOnBoard, Ward, WardProfile, WardSnapshot } from '../ward.types.js';
import { CODES, EXTENSIONS, SYSTEMS } from './fhir-codes.js';
import { arr, cmp, hasCode, isObject, parseTime, str } from './observation-rules.js';

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

/** A reading timed further ahead of server time than this is not believed (clock skew allowance). */
const FUTURE_SKEW_MS = 5 * 60_000;
/** Readings older than this are not shown as a patient's current NEWS2. */
const OLDEST_READING_MS = 366 * 24 * 3_600_000;

const V2_BED_STATUS: Record<string, BedStatus> = {
  O: 'occupied',
  U: 'free',
  H: 'cleaning',
  C: 'closed',
  K: 'closed',
  I: 'closed',
};

/** Id from a reference "Type/id" (absolute URLs allowed), or null when absent, malformed or of another type. */
function refId(reference: unknown, type: string): string | null {
  if (!isObject(reference)) return null;
  const ref = str(reference.reference);
  if (ref === null) return null;
  const [refType, id] = ref.split('/').slice(-2);
  return refType === type && id !== undefined && id !== '' ? id : null;
}

function extension(resource: unknown, url: string): Record<string, unknown> | undefined {
  if (!isObject(resource)) return undefined;
  return arr<unknown>(resource.extension)
    .filter(isObject)
    .find((e) => e.url === url);
}

/** A date-time we can show and compute with: parseable and inside the range Date can format. */
function isoOrNull(value: unknown): string | null {
  const t = parseTime(value);
  if (t === null) return null;
  const date = new Date(t);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** Ward from its FHIR Location; mental-health when typed as a psychiatric hospital unit (v3 RoleCode PHU). */
export function wardFromLocation(location: Location, site: { id: string; name: string }): Ward {
  const profile: WardProfile = arr<unknown>(location.type).some((t) => hasCode(t, SYSTEMS.v3RoleCode, CODES.psychiatricUnit))
    ? 'mental-health'
    : 'acute';
  const id = str(location.id) ?? '';
  return { id, name: str(location.name) ?? (id || 'Unnamed ward'), siteId: site.id, siteName: site.name, profile, displayLabel: 'initials' };
}

/** Status of a bed from operationalStatus and the reserved/blocked extension. */
export function bedStatusOf(bed: Location): BedStatus {
  if (bed.status === 'inactive' || bed.status === 'suspended') return 'closed';
  const local = extension(bed, EXTENSIONS.bedStatus)?.valueCode;
  if (local === 'reserved' || local === 'blocked') return local;
  const op: unknown = bed.operationalStatus;
  if (isObject(op) && op.system === SYSTEMS.v2BedStatus && typeof op.code === 'string') return V2_BED_STATUS[op.code] ?? 'free';
  return 'free';
}

/** The bed an encounter is in now (an active location entry naming one of the ward's beds) and since when. */
function currentBed(encounter: Encounter, bedIds: ReadonlySet<string>): { id: string; since: number } | null {
  const candidates = arr<unknown>(encounter.location)
    .filter(isObject)
    .filter((l) => (l.status === undefined || l.status === 'active') && !(isObject(l.period) && l.period.end !== undefined))
    .map((l) => ({ id: refId(l.location, 'Location'), since: isObject(l.period) ? (parseTime(l.period.start) ?? 0) : 0 }))
    .filter((c): c is { id: string; since: number } => c.id !== null && bedIds.has(c.id))
    .sort((a, b) => b.since - a.since || cmp(a.id, b.id));
  return candidates[0] ?? null;
}

function expectedDischargeDate(encounter: Encounter): string | null {
  const ext = extension(encounter, EXTENSIONS.plannedEndDate);
  const value = str(ext?.valueDateTime) ?? str(ext?.valueDate);
  return value !== null && /^\d{4}-\d{2}-\d{2}/.test(value) && parseTime(value) !== null ? value.slice(0, 10) : null;
}

function patientInitials(patient: Patient | undefined): string {
  if (!isObject(patient)) return '?';
  const names = arr<unknown>(patient.name).filter(isObject);
  const name = names.find((n) => n.use === 'official') ?? names[0];
  const given = arr<unknown>(name?.given).filter((g): g is string => typeof g === 'string');
  return initialsOf(given, str(name?.family) ?? undefined);
}

/**
 * Latest usable NEWS2 per encounter: final/amended/corrected, with a believable time and a score of
 * 0-20. Two totals at the same instant resolve to the higher (the safer to act on). Readings that
 * claim to be NEWS2 but fail those checks are counted per encounter, not dropped silently.
 */
function latestNews2ByEncounter(
  observations: readonly Observation[],
  now: number,
): { latest: Map<string, News2OnBoard>; rejected: Map<string, number> } {
  const latest = new Map<string, News2OnBoard>();
  const rejected = new Map<string, number>();
  for (const obs of observations) {
    if (!isObject(obs) || !['final', 'amended', 'corrected'].includes(str(obs.status) ?? '')) continue;
    if (!hasCode(obs.code, SYSTEMS.snomed, CODES.news2Total)) continue;
    const encounterId = refId(obs.encounter, 'Encounter');
    if (encounterId === null) continue;
    const observedAt = isoOrNull(obs.effectiveDateTime ?? obs.effectiveInstant);
    const quantity: unknown = obs.valueQuantity;
    const score: unknown = isObject(quantity) ? quantity.value : obs.valueInteger;
    const at = observedAt === null ? null : Date.parse(observedAt);
    if (
      observedAt === null ||
      at === null ||
      at > now + FUTURE_SKEW_MS ||
      at < now - OLDEST_READING_MS ||
      typeof score !== 'number' ||
      !Number.isInteger(score) ||
      score < 0 ||
      score > 20
    ) {
      rejected.set(encounterId, (rejected.get(encounterId) ?? 0) + 1);
      continue;
    }
    const previous = latest.get(encounterId);
    if (previous !== undefined) {
      const previousAt = Date.parse(previous.observedAt);
      if (previousAt > at || (previousAt === at && previous.score >= score)) continue;
    }
    const band = news2Band(score);
    latest.set(encounterId, { score, band, observedAt, dueAt: news2DueAt(observedAt, score, band) });
  }
  return { latest, rejected };
}

/** Builds the whole ward snapshot from one complete set of FHIR searches. */
export function buildWardSnapshot(data: WardFhirData, now: number, requestCount: number): WardSnapshot {
  const locations = arr<Location>(data.beds).filter((b) => isObject(b) && str(b.id) !== null);
  // A location whose type cannot be read might be a bed: count it rather than guess or drop it quietly.
  const unreadableLocations = locations.filter((b) => b.physicalType !== undefined && !(isObject(b.physicalType) && Array.isArray(b.physicalType.coding))).length;
  const bedLocations = locations
    .filter((b) => b.physicalType === undefined || hasCode(b.physicalType, SYSTEMS.locationPhysicalType, 'bd'))
    .map((b) => ({ location: b, id: b.id as string, label: str(b.name) ?? (b.id as string) }))
    .sort((a, b) => a.label.localeCompare(b.label, 'en-GB', { numeric: true }) || cmp(a.id, b.id));
  const bedIds = new Set(bedLocations.map((b) => b.id));
  const bedLabels = new Map(bedLocations.map((b) => [b.id, b.label]));
  const patients = new Map(
    arr<Patient>(data.patients)
      .filter((p) => isObject(p) && str(p.id) !== null)
      .map((p) => [p.id as string, p]),
  );
  const encounters = arr<Encounter>(data.encounters)
    .filter((e) => isObject(e) && str(e.id) !== null)
    .sort((a, b) => cmp(a.id as string, b.id as string));
  const news2 = latestNews2ByEncounter(arr<Observation>(data.news2), now);

  // Place each encounter in its current bed. When two claim one bed (a swap recorded half-way, a
  // double booking), the most recent claim keeps the bed and the other is listed as unplaced: both
  // stay on screen, both marked, and nobody disappears (DESIGN section 8).
  const claims = new Map<string, Array<{ encounter: Encounter; since: number }>>();
  const unplacedEncounters: Array<{ encounter: Encounter; reason: string }> = [];
  for (const encounter of encounters) {
    const bed = currentBed(encounter, bedIds);
    if (bed === null) unplacedEncounters.push({ encounter, reason: 'No current bed on this ward in the FHIR record' });
    else claims.set(bed.id, [...(claims.get(bed.id) ?? []), { encounter, since: bed.since }]);
  }
  const encounterByBed = new Map<string, Encounter>();
  const contested = new Map<string, string>();
  for (const [bedId, list] of claims) {
    const [winner, ...others] = [...list].sort((a, b) => b.since - a.since || cmp(a.encounter.id as string, b.encounter.id as string));
    if (winner === undefined) continue;
    encounterByBed.set(bedId, winner.encounter);
    const label = bedLabels.get(bedId) ?? bedId;
    if (others.length > 0) contested.set(winner.encounter.id as string, `${label} is also recorded for another patient`);
    for (const other of others) unplacedEncounters.push({ encounter: other.encounter, reason: `Recorded in ${label}, which another patient holds` });
  }

  const initialsByEncounter = new Map<string, string>();
  for (const encounter of encounters) {
    initialsByEncounter.set(encounter.id as string, patientInitials(patients.get(refId(encounter.subject, 'Patient') ?? '')));
  }
  const sameInitials = sameInitialsGroups([...initialsByEncounter].map(([key, initials]) => ({ key, initials })));
  const bedOnly = data.ward.displayLabel === 'bed-only';

  const toPatient = (encounter: Encounter): PatientOnBoard => {
    const encounterId = encounter.id as string;
    const dataErrors: string[] = [];
    if (!patients.has(refId(encounter.subject, 'Patient') ?? '')) dataErrors.push('Patient record missing from FHIR');
    const contestedReason = contested.get(encounterId);
    if (contestedReason !== undefined) dataErrors.push(contestedReason);
    const period: unknown = encounter.period;
    const admittedAt = isObject(period) ? isoOrNull(period.start) : null;
    if (isObject(period) && period.start !== undefined && admittedAt === null) dataErrors.push('Admission time unreadable');
    const rejectedReadings = news2.rejected.get(encounterId) ?? 0;
    if (rejectedReadings > 0) dataErrors.push(`${rejectedReadings} NEWS2 reading${rejectedReadings === 1 ? '' : 's'} could not be read`);
    return {
      encounterId,
      initials: bedOnly ? null : (initialsByEncounter.get(encounterId) ?? '?'),
      sameInitialsAs: bedOnly ? [] : [...(sameInitials.get(encounterId) ?? [])].sort(cmp),
      admittedAt,
      expectedDischargeDate: expectedDischargeDate(encounter),
      onLeave: encounter.status === 'onleave',
      news2: news2.latest.get(encounterId) ?? null,
      dataErrors,
    };
  };

  const beds: BedOnBoard[] = bedLocations.map(({ location, id, label }) => {
    const encounter = encounterByBed.get(id);
    const patient = encounter === undefined ? null : toPatient(encounter);
    return { id, label, status: patient !== null ? 'occupied' : bedStatusOf(location), patient };
  });
  const unplaced = unplacedEncounters
    .map(({ encounter, reason }) => ({ patient: toPatient(encounter), reason }))
    .sort((a, b) => cmp(a.patient.encounterId, b.patient.encounterId));
  const everyone = [...beds.flatMap((b) => (b.patient === null ? [] : [b.patient])), ...unplaced.map((u) => u.patient)];

  const finished = arr<Encounter>(data.finishedToday).filter(isObject);
  const periodTime = (e: Encounter, field: 'start' | 'end') => (isObject(e.period) ? isoOrNull(e.period[field]) : null);
  const admissions = [...encounters, ...finished].map((e) => periodTime(e, 'start')).filter((s): s is string => s !== null);
  const discharges = finished.map((e) => periodTime(e, 'end')).filter((s): s is string => s !== null);

  return {
    wardId: data.ward.id,
    asOf: new Date(now).toISOString(),
    census: computeCensus(beds, { admissions, discharges }, now),
    beds,
    unplaced,
    dataQuality: {
      rejectedResources: unreadableLocations + [...news2.rejected.values()].reduce((sum, n) => sum + n, 0),
      patientsWithErrors: everyone.filter((p) => p.dataErrors.length > 0).length,
      unplacedPatients: unplaced.length,
    },
    requestCount,
  };
}
