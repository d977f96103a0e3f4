/**
 * FHIR -> WardSnapshot, pure (no I/O, no clock of its own). The caller has fetched everything for
 * one ward; this decides what the board shows. Joins are on FHIR ids only (CS-8); what the wall may
 * show is an allow-list (SEC-1): initials, never names, NHS numbers or birth dates.
 *
 * FHIR is untrusted input (docs/style.md rule 8): every field is read through a type guard, so a malformed
 * resource becomes a data error on the board or is counted as rejected, and never throws. Results do
 * not depend on the order resources arrive in.
 */
import type {
  AdverseEvent,
  CarePlan,
  Encounter,
  Flag,
  Location,
  MeasureReport,
  MedicationRequest,
  Observation,
  Patient,
  Procedure,
  ServiceRequest,
  QuestionnaireResponse,
  RiskAssessment,
  Task,
} from '@medplum/fhirtypes';
import { computeCensus } from '../census.js';
import { initialsOf, sameInitialsGroups } from '../display-label.js';
import { news2Band, news2DueAt } from '../news2.js';
import type {
  BedOnBoard,
  BedStatus,
  News2OnBoard,
  PatientOnBoard,
  Ward,
  WardProfile,
  WardSnapshot,
} from '../ward.types.js';
import { CODES, EXTENSIONS, SYSTEMS } from './fhir-codes.js';
import { readIncidents } from './incidents.js';
import { DEFAULT_INGEST_RULES, type IngestRules } from './ingest-rules.js';
import { keyAssessmentsFor, rulesForProfile } from './key-assessments.js';
import { readStaffing } from './staffing.js';
import { wardMovements } from './ward-movements.js';
import { awolStatus, fallsRisk, latestGlucose, observationLevel } from './clinical-flags.js';
import { infectionStatus } from './infection.js';
import { currentLegalStatus, legalStatusFromEncounter } from './legal-status.js';
import { lapsedLegalStatus, mhaDeadlines } from './mha-deadlines.js';
import { computeNews2, latestReportedNews2, type News2Result } from './news2-from-fhir.js';
import { currentObservationPlan, isNotDoneSet, latestNotDoneSet, observationSchedule } from './observation-plans.js';
import { arr, cmp, hasCode, isObject, parseTime, str, usableObservations } from './observation-rules.js';
import { carePlanReview, openDelays } from './tasks-and-plans.js';
import { dischargeReadiness } from './discharge-readiness.js';
import { expectedArrivals } from './expected-arrivals.js';
import { vteStatus } from './vte.js';
import { wardTree } from './location-hierarchy.js';
import { activeLocationIds, groupByStay, isOnWard, referencedId, wardStays } from './stay-links.js';

export interface WardFhirData {
  ward: Ward;
  /**
   * Every Location under the ward, at any depth (bays, rooms, beds), linked by partOf: physical type
   * bd (or untyped) are beds, the others are the bays and rooms they are in (location-hierarchy.ts).
   */
  beds: Location[];
  /** Current inpatient encounters on the ward (in-progress or on leave). */
  encounters: Encounter[];
  /** Patients included with the encounters (and those expected). */
  patients: Patient[];
  /**
   * Stays not begun that name the ward (planned, arrived, triaged): expected admissions. Current
   * stays elsewhere with a planned or reserved entry here (transfers in) come with `encounters`.
   * Absent means not read.
   */
  plannedEncounters?: Encounter[];
  /** The trust's ward names by Location id, for "from Ward 3A" where a reference has no display. */
  wardNames?: ReadonlyMap<string, string>;
  /** Encounters on the ward that finished within the flow window (discharges today, and movements over 72 h). */
  finishedRecently: Encounter[];
  /**
   * Observations of the current stays, any order: NEWS2 totals, vital signs, glucose, observation
   * level, legal status. These and the clinical resources below may name the encounter or only the
   * patient; stay-links.ts decides which stay each belongs to, and drops those of other stays.
   */
  observations: Observation[];
  /** Flags (falls, AWOL, Mental Health Act section), Tasks (delays), CarePlans and RiskAssessments of the current stays. */
  flags: Flag[];
  tasks: Task[];
  carePlans: CarePlan[];
  riskAssessments: RiskAssessment[];
  /** ServiceRequests of the current stays: the observation plans (observation-plans.ts). Absent means none read. */
  serviceRequests?: ServiceRequest[];
  /**
   * MedicationRequests of the current stays: VTE prophylaxis (vte.ts). Absent means not read (the
   * server does not offer them), which the board says rather than report prophylaxis missing.
   */
  medicationRequests?: MedicationRequest[];
  /** Procedures and questionnaire responses of the current encounters: the key assessments done. */
  assessmentRecords?: Array<Procedure | QuestionnaireResponse>;
  /** The ward's incidents and daily staffing reports over the last 8 days, and when they were read. */
  incidents?: AdverseEvent[];
  staffingReports?: MeasureReport[];
  wardContextReadAt?: string;
  /** Start of the movements window (UTC ms): the caller searched encounters back to here. Default 72 h before now. */
  flowSince?: number;
}

/** The turbulence measure's window (docs/design.md section 6). */
export const FLOW_WINDOW_MS = 72 * 3_600_000;

/** SNOMED 414191008 "Assessment of risk for falls": the RiskAssessments that speak about falls. */
const FALLS_RISK_ASSESSMENT = '414191008';
/** What computeNews2 says when there are no vital signs at all (as opposed to an incomplete set). */
const NO_VITAL_SIGNS = (() => {
  const result = computeNews2([], 0);
  return result.ok ? '' : result.reason;
})();

const V2_BED_STATUS: ReadonlyMap<string, BedStatus> = new Map([
  ['O', 'occupied'],
  ['U', 'free'],
  ['H', 'cleaning'],
  ['C', 'closed'],
  ['K', 'contaminated'],
  ['I', 'isolated'],
]);

/** v2-0116 as R4 names it, and as servers still on the DSTU2/STU3 URL send it. */
const V2_BED_STATUS_SYSTEMS: readonly string[] = [SYSTEMS.v2BedStatus, 'http://hl7.org/fhir/v2/0116'];

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
  const profile: WardProfile = arr<unknown>(location.type).some((t) =>
    hasCode(t, SYSTEMS.v3RoleCode, CODES.psychiatricUnit),
  )
    ? 'mental-health'
    : 'acute';
  const id = str(location.id) ?? '';
  return {
    id,
    name: str(location.name) ?? (id || 'Unnamed ward'),
    siteId: site.id,
    siteName: site.name,
    profile,
    displayLabel: 'initials',
    showMentalHealthAct: true,
  };
}

/** Status of a bed from operationalStatus and the reserved/blocked extension. */
export function bedStatusOf(bed: Location, localCodes: LocalBedStatusCodes = NO_LOCAL_CODES): BedStatus {
  return readBedStatus(bed, localCodes).status;
}

/** A trust's own bed-state codes ("system|code") and what each means (WARDS_CONFIG `bedStatusCodes`). */
export type LocalBedStatusCodes = ReadonlyMap<string, BedStatus>;
const NO_LOCAL_CODES: LocalBedStatusCodes = new Map();

/**
 * The bed's status, and the code FHIR sent when it could not be read. An empty active bed with no
 * operationalStatus at all is free (many servers record only occupancy); one whose status is present
 * but not a v2-0116 code we know is `unknown`, never free: a bed manager would send a patient to it.
 */
export function readBedStatus(
  bed: Location,
  localCodes: LocalBedStatusCodes = NO_LOCAL_CODES,
): { status: BedStatus; unreadable?: string } {
  if (bed.status === 'inactive' || bed.status === 'suspended') return { status: 'closed' };
  const local = extension(bed, EXTENSIONS.bedStatus)?.valueCode;
  if (local === 'reserved' || local === 'blocked') return { status: local };
  const op: unknown = bed.operationalStatus;
  if (op === undefined) return { status: 'free' };
  if (isObject(op) && typeof op.system === 'string' && V2_BED_STATUS_SYSTEMS.includes(op.system)) {
    const status = typeof op.code === 'string' ? V2_BED_STATUS.get(op.code) : undefined;
    if (status !== undefined) return { status };
  }
  if (isObject(op) && typeof op.system === 'string' && typeof op.code === 'string') {
    const local = localCodes.get(`${op.system}|${op.code}`);
    if (local !== undefined) return { status: local };
  }
  return { status: 'unknown', unreadable: describeCode(op) };
}

/** "system|code" as sent, cut short, for the bed manager and the trust's IT team to recognise. */
function describeCode(op: unknown): string {
  if (!isObject(op)) return 'unreadable';
  const text = `${typeof op.system === 'string' ? op.system : '(no system)'}|${typeof op.code === 'string' ? op.code : '(no code)'}`;
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/**
 * Since when FHIR says the bed has had `status`, for a ward's first snapshot (later ones carry the
 * time forward, see bed-status-since.ts). An occupied bed dates from the patient's arrival in it
 * (the Encounter's location period); otherwise `Location.meta.lastUpdated` is used, but only when the
 * Location itself records the status shown, since an edit of some other kind says nothing about it.
 * Null when FHIR does not say: unknown is shown as unknown, never guessed.
 */
function statusSinceFromFhir(
  bed: Location,
  status: BedStatus,
  arrivedInBed: number | null,
  localCodes: LocalBedStatusCodes,
): string | null {
  // currentBed() reads a missing start as 0: that is "unknown", not 1970.
  if (status === 'occupied' && arrivedInBed !== null && arrivedInBed > 0) return new Date(arrivedInBed).toISOString();
  if (bedStatusOf(bed, localCodes) !== status) return null;
  return isObject(bed.meta) ? isoOrNull(bed.meta.lastUpdated) : null;
}

/** The bed an encounter is in now (an active location entry naming one of the ward's beds) and since when. */
function currentBed(encounter: Encounter, bedIds: ReadonlySet<string>): { id: string; since: number } | null {
  const candidates = arr<unknown>(encounter.location)
    .filter(isObject)
    .filter(
      (l) => (l.status === undefined || l.status === 'active') && !(isObject(l.period) && l.period.end !== undefined),
    )
    .map((l) => ({
      id: referencedId(l.location, 'Location'),
      since: isObject(l.period) ? (parseTime(l.period.start) ?? 0) : 0,
    }))
    .filter((c): c is { id: string; since: number } => c.id !== null && bedIds.has(c.id))
    .sort((a, b) => b.since - a.since || cmp(a.id, b.id));
  return candidates[0] ?? null;
}

/** Why a current patient has no bed: recorded in a bay or room of the ward without a bed, or nowhere more precise than the ward. */
function noBedReason(encounter: Encounter, containerNames: ReadonlyMap<string, string>): string {
  const place = activeLocationIds(encounter)
    .map((id) => containerNames.get(id))
    .find((name) => name !== undefined);
  return place === undefined
    ? 'No current bed on this ward in the FHIR record'
    : `In ${place}, with no bed recorded in the FHIR record`;
}

/** The first readable expected discharge date among the configured extensions, in their order of preference. */
function expectedDischargeDate(encounter: Encounter, urls: readonly string[]): string | null {
  for (const url of urls) {
    const ext = extension(encounter, url);
    const value = str(ext?.valueDateTime) ?? str(ext?.valueDate);
    if (value !== null && /^\d{4}-\d{2}-\d{2}/.test(value) && parseTime(value) !== null) return value.slice(0, 10);
  }
  return null;
}

/** Patient.gender when it is male or female; other and unknown say nothing about a single-sex bay. */
function patientSex(patient: Patient | undefined): 'male' | 'female' | null {
  const gender = isObject(patient) ? patient.gender : undefined;
  return gender === 'male' || gender === 'female' ? gender : null;
}

function patientInitials(patient: Patient | undefined): string {
  if (!isObject(patient)) return '?';
  const names = arr<unknown>(patient.name).filter(isObject);
  const name = names.find((n) => n.use === 'official') ?? names[0];
  const given = arr<unknown>(name?.given).filter((g): g is string => typeof g === 'string');
  return initialsOf(given, str(name?.family) ?? undefined);
}

/**
 * The NEWS2 to show: the newer of the reported total and one computed from a complete set of vital
 * signs (the reported one on a tie). Anything that could not be used is returned as a data error, so
 * a bad or incomplete reading is seen rather than silently replaced (CS-7).
 */
function chooseNews2(
  observations: readonly Observation[],
  now: number,
): { news2: News2OnBoard | null; errors: string[] } {
  const reported = latestReportedNews2(observations, now);
  const computed = computeNews2(observations, now);
  const candidates: Array<{ result: News2Result & { ok: true }; source: News2OnBoard['source'] }> = [];
  if (reported.ok) candidates.push({ result: reported, source: 'reported' });
  if (computed.ok) candidates.push({ result: computed, source: 'computed' });
  const errors: string[] = [];
  if (!reported.ok && reported.reason !== 'no NEWS2 total') errors.push(`NEWS2 not shown: ${reported.reason}`);
  if (!computed.ok && computed.reason !== NO_VITAL_SIGNS && !reported.ok)
    errors.push(`NEWS2 not computed: ${computed.reason}`);
  const chosen = candidates.sort(
    (a, b) => Date.parse(b.result.reading.observedAt) - Date.parse(a.result.reading.observedAt),
  )[0];
  if (chosen === undefined) return { news2: null, errors };
  const { score, observedAt, anySingleParameterScored3 } = chosen.result.reading;
  const band = news2Band(score, anySingleParameterScored3);
  return {
    news2: {
      score,
      band,
      source: chosen.source,
      anySingleParameterScored3,
      observedAt,
      dueAt: news2DueAt(observedAt, score, band),
    },
    errors,
  };
}

/** Readings refused for being unreadable (no time, a future time, a wrong unit): not withdrawn or superseded ones. */
function unreadableReadings(observations: readonly Observation[], now: number): number {
  return usableObservations(observations, now).rejected.filter(
    (r) => !r.reason.startsWith('status ') && r.reason !== 'superseded by a later version',
  ).length;
}

/** Builds the whole ward snapshot from one complete set of FHIR searches. */
export function buildWardSnapshot(
  data: WardFhirData,
  now: number,
  requestCount: number,
  rules: IngestRules = DEFAULT_INGEST_RULES,
): WardSnapshot {
  const tree = wardTree(data.ward.id, arr<Location>(data.beds));
  const bedLocations = tree.beds
    .map((b) => ({ ...b, label: str(b.location.name) ?? b.id }))
    .sort((a, b) => a.label.localeCompare(b.label, 'en-GB', { numeric: true }) || cmp(a.id, b.id));
  const bedIds = new Set(bedLocations.map((b) => b.id));
  const bedLabels = new Map(bedLocations.map((b) => [b.id, b.label]));
  const containerNames = new Map(
    arr<Location>(data.beds)
      .filter((l) => isObject(l) && tree.containerIds.includes(str(l.id) ?? ''))
      .map((l) => [l.id as string, str(l.name) ?? (l.id as string)]),
  );
  // A patient recorded in a bay or room (no bed yet) is on the ward: shown as unplaced, never dropped.
  const placeIds = new Set([...bedIds, ...tree.containerIds]);
  const patients = new Map(
    arr<Patient>(data.patients)
      .filter((p) => isObject(p) && str(p.id) !== null)
      .map((p) => [p.id as string, p]),
  );
  const encounters = arr<Encounter>(data.encounters)
    .filter((e) => isObject(e) && str(e.id) !== null)
    .filter((e) => isOnWard(e, data.ward.id, placeIds))
    .sort((a, b) => cmp(a.id as string, b.id as string));
  const stays = wardStays(encounters);
  const observationsOf = groupByStay(arr<Observation>(data.observations), stays);
  const flagsOf = groupByStay(arr<Flag>(data.flags), stays);
  const tasksOf = groupByStay(arr<Task>(data.tasks), stays);
  const carePlansOf = groupByStay(arr<CarePlan>(data.carePlans), stays);
  const serviceRequestsOf = groupByStay(arr<ServiceRequest>(data.serviceRequests ?? []), stays);
  const medicationRequestsOf = groupByStay(arr<MedicationRequest>(data.medicationRequests ?? []), stays);
  const assessesVte = rules.vte.profiles.includes(data.ward.profile);
  const allRisksOf = groupByStay(arr<RiskAssessment>(data.riskAssessments), stays);
  const assessmentRecordsOf = groupByStay(arr<Procedure | QuestionnaireResponse>(data.assessmentRecords ?? []), stays);
  const assessmentRules = rulesForProfile(rules.keyAssessments, data.ward.profile);
  const risksOf = groupByStay(
    arr<RiskAssessment>(data.riskAssessments).filter(
      (r) => isObject(r) && hasCode(r.code, SYSTEMS.snomed, FALLS_RISK_ASSESSMENT),
    ),
    stays,
  );
  let rejectedReadings = 0;

  // Place each encounter in its current bed. When two claim one bed (a swap recorded half-way, a
  // double booking), the most recent claim keeps the bed and the other is listed as unplaced: both
  // stay on screen, both marked, and nobody disappears (docs/design.md section 8).
  const claims = new Map<string, Array<{ encounter: Encounter; since: number }>>();
  const unplacedEncounters: Array<{ encounter: Encounter; reason: string }> = [];
  for (const encounter of encounters) {
    const bed = currentBed(encounter, bedIds);
    if (bed === null) unplacedEncounters.push({ encounter, reason: noBedReason(encounter, containerNames) });
    else claims.set(bed.id, [...(claims.get(bed.id) ?? []), { encounter, since: bed.since }]);
  }
  const encounterByBed = new Map<string, Encounter>();
  const contested = new Map<string, string>();
  for (const [bedId, list] of claims) {
    const [winner, ...others] = [...list].sort(
      (a, b) => b.since - a.since || cmp(a.encounter.id as string, b.encounter.id as string),
    );
    if (winner === undefined) continue;
    encounterByBed.set(bedId, winner.encounter);
    const label = bedLabels.get(bedId) ?? bedId;
    if (others.length > 0)
      contested.set(winner.encounter.id as string, `${label} is also recorded for another patient`);
    for (const other of others)
      unplacedEncounters.push({
        encounter: other.encounter,
        reason: `Recorded in ${label}, which another patient holds`,
      });
  }

  const initialsByEncounter = new Map<string, string>();
  for (const encounter of encounters) {
    initialsByEncounter.set(
      encounter.id as string,
      patientInitials(patients.get(referencedId(encounter.subject, 'Patient') ?? '')),
    );
  }
  const sameInitials = sameInitialsGroups([...initialsByEncounter].map(([key, initials]) => ({ key, initials })));
  const bedOnly = data.ward.displayLabel === 'bed-only';

  const toPatient = (encounter: Encounter): PatientOnBoard => {
    const encounterId = encounter.id as string;
    const observations = observationsOf.get(encounterId) ?? [];
    const flags = flagsOf.get(encounterId) ?? [];
    const dataErrors: string[] = [];
    if (!patients.has(referencedId(encounter.subject, 'Patient') ?? ''))
      dataErrors.push('Patient record missing from FHIR');
    const contestedReason = contested.get(encounterId);
    if (contestedReason !== undefined) dataErrors.push(contestedReason);
    const period: unknown = encounter.period;
    const admittedAt = isObject(period) ? isoOrNull(period.start) : null;
    if (isObject(period) && period.start !== undefined && admittedAt === null)
      dataErrors.push('Admission time unreadable');
    const unreadable = unreadableReadings(observations, now);
    rejectedReadings += unreadable;
    if (unreadable > 0) dataErrors.push(`${unreadable} reading${unreadable === 1 ? '' : 's'} could not be read`);
    // A set recorded as not done carries no value: it moves the clock, it is not a reading.
    const readings = observations.filter((o) => !isNotDoneSet(o));
    const { news2: scored, errors: news2Errors } = chooseNews2(readings, now);
    dataErrors.push(...news2Errors);
    const plan = currentObservationPlan(
      {
        carePlans: carePlansOf.get(encounterId) ?? [],
        serviceRequests: serviceRequestsOf.get(encounterId) ?? [],
        observations,
      },
      rules.observationPlans,
      now,
    );
    if (plan !== null && !plan.ok)
      dataErrors.push(`Observation plan unreadable (${plan.problem}): NEWS2 interval used`);
    const schedule = observationSchedule(scored, plan, latestNotDoneSet(observations, now));
    // news2.dueAt follows the plan too, so a reader that knows nothing of plans is still right
    // (stopped observations keep the score's own due time; observationsDue says they are stopped).
    const news2 = scored === null || schedule.dueAt === null ? scored : { ...scored, dueAt: schedule.dueAt };
    const { assessments, rejected: unreadableAssessments } = keyAssessmentsFor(
      assessmentRules,
      assessmentRecordsOf.get(encounterId) ?? [],
      admittedAt,
      now,
    );
    rejectedReadings += unreadableAssessments.length;
    if (unreadableAssessments.length > 0)
      dataErrors.push(
        `${unreadableAssessments.length} assessment record${unreadableAssessments.length === 1 ? '' : 's'} could not be read`,
      );
    const unknownDue = assessments.filter((a) => a.state === 'unknown').map((a) => a.label);
    if (unknownDue.length > 0)
      dataErrors.push(`Cannot tell when due (admission time unknown): ${unknownDue.join(', ')}`);

    // The section in force (Flag/Observation with a period) wins; then one whose period has ended with
    // nothing newer (lapsed); the Encounter extension records only the admission or discharge status.
    const show = data.ward.showMentalHealthAct;
    const legalRecords = [...flags, ...observations];
    const current = show ? currentLegalStatus(legalRecords, now) : null;
    const lapsed = show && current === null ? lapsedLegalStatus(legalRecords, rules.mentalHealthAct, now) : null;
    const recorded = show && current === null && lapsed === null ? legalStatusFromEncounter(encounter) : null;
    const legal = current ?? lapsed ?? recorded;
    const section = current ?? lapsed;
    const deadlines =
      section === null
        ? {}
        : mhaDeadlines(
            section,
            [
              ...legalRecords,
              ...(assessmentRecordsOf.get(encounterId) ?? []).filter(
                (r): r is Procedure => r.resourceType === 'Procedure',
              ),
            ],
            rules.mentalHealthAct,
            now,
            lapsed !== null,
          );
    const discharge = dischargeReadiness(
      { encounter, observations, tasks: tasksOf.get(encounterId) ?? [] },
      rules.dischargeReadiness,
      now,
    );
    dataErrors.push(...discharge.problems.map((p) => `Discharge readiness: ${p}`));
    const vte = assessesVte
      ? vteStatus(
          {
            admittedAt,
            assessments: [
              ...(allRisksOf.get(encounterId) ?? []),
              ...(assessmentRecordsOf.get(encounterId) ?? []),
              ...observations,
            ],
            medicationRequests:
              data.medicationRequests === undefined ? null : (medicationRequestsOf.get(encounterId) ?? []),
          },
          rules.vte,
          now,
        )
      : null;
    if (vte?.unreadable !== undefined)
      dataErrors.push(`${vte.unreadable} VTE assessment${vte.unreadable === 1 ? '' : 's'} with no readable time`);
    const review = (carePlansOf.get(encounterId) ?? [])
      .filter((plan) => isObject(plan) && plan.status === 'active')
      .map((plan) => carePlanReview(plan, now))
      .filter((r): r is NonNullable<typeof r> => r !== null)
      .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt))[0];
    return {
      encounterId,
      initials: bedOnly ? null : (initialsByEncounter.get(encounterId) ?? '?'),
      sameInitialsAs: bedOnly ? [] : [...(sameInitials.get(encounterId) ?? [])].sort(cmp),
      admittedAt,
      expectedDischargeDate: expectedDischargeDate(encounter, rules.expectedDischargeExtensions),
      onLeave: encounter.status === 'onleave',
      discharge: discharge.readiness,
      vte,
      news2,
      observations: schedule,
      observationLevel: observationLevel(observations, now),
      mentalHealthAct:
        legal === null
          ? null
          : { code: legal.code, label: legal.display ?? legal.code, since: section?.start ?? null, ...deadlines },
      fallsRisk: fallsRisk([...(risksOf.get(encounterId) ?? []), ...flags], now),
      glucose: latestGlucose(observations, now),
      awol: awolStatus(flags, now),
      infection: infectionStatus(flags, now, rules.infectionAlerts, rules.isolationCodes),
      carePlanReview: review === undefined ? null : { dueAt: review.dueAt, overdue: review.overdue },
      assessments,
      delays: openDelays(tasksOf.get(encounterId) ?? [], now).map(({ kind, description, dueAt, overdue }) => ({
        kind,
        description,
        dueAt,
        overdue,
      })),
      dataErrors,
    };
  };

  const bedStatuses = new Map<string, BedStatus>();
  const bedSexes = new Map<string, 'male' | 'female' | null>();
  const beds: BedOnBoard[] = bedLocations.map(({ location, id, label, area, closedBy, areaSex, sideRoom }) => {
    const encounter = encounterByBed.get(id);
    const patient = encounter === undefined ? null : toPatient(encounter);
    // A bay closed as a whole closes its empty beds; a patient still in one is shown where they are.
    const read = readBedStatus(location, rules.bedStatusCodes);
    const status: BedStatus = patient !== null ? 'occupied' : closedBy !== null ? 'closed' : read.status;
    const arrived = encounter === undefined ? null : (currentBed(encounter, bedIds)?.since ?? null);
    const since =
      closedBy !== null && patient === null
        ? null
        : statusSinceFromFhir(location, status, arrived, rules.bedStatusCodes);
    const sex =
      encounter === undefined ? null : patientSex(patients.get(referencedId(encounter.subject, 'Patient') ?? ''));
    bedStatuses.set(id, status);
    bedSexes.set(id, sex);
    return {
      id,
      label,
      area,
      status,
      statusSince: since,
      patient,
      areaSex,
      // Only a recorded male or female patient in a bay for the other sex is a breach; unknown is not guessed.
      ...(areaSex !== null && areaSex !== 'mixed' && sex !== null && sex !== areaSex ? { sexMismatch: true } : {}),
      ...(status === 'unknown' && read.unreadable !== undefined ? { unreadableStatus: read.unreadable } : {}),
      ...(sideRoom ? { sideRoom: true } : {}),
    };
  });
  // The sexes in each bay now, built once (beds that fit an arrival ask it per bed).
  const sexesByArea = new Map<string, Set<'male' | 'female'>>();
  for (const bed of bedLocations) {
    const sex = bedSexes.get(bed.id) ?? null;
    if (bed.area === null || sex === null) continue;
    const sexes = sexesByArea.get(bed.area) ?? new Set();
    sexes.add(sex);
    sexesByArea.set(bed.area, sexes);
  }
  const expected =
    data.plannedEncounters === undefined
      ? undefined
      : expectedArrivals(
          {
            wardId: data.ward.id,
            placeIds,
            beds: bedLocations.map((b) => ({
              id: b.id,
              label: b.label,
              area: b.area,
              status: bedStatuses.get(b.id) ?? 'unknown',
              areaSex: b.areaSex,
              sideRoom: b.sideRoom,
              baySexesNow: (b.area === null ? undefined : sexesByArea.get(b.area)) ?? new Set(),
            })),
            encounters: [...arr<Encounter>(data.encounters), ...arr<Encounter>(data.plannedEncounters)],
            patients,
            flags: arr<Flag>(data.flags),
            wardNames: data.wardNames ?? new Map(),
            infectionAlerts: rules.infectionAlerts,
            isolationCodes: rules.isolationCodes,
          },
          rules.expectedArrivals,
          now,
        );
  // A bed-only ward names nobody by initials, arriving or not.
  if (bedOnly) for (const arrival of expected ?? []) arrival.initials = null;
  for (const arrival of expected ?? []) {
    const i = arrival.heldBedId === null ? -1 : beds.findIndex((b) => b.id === arrival.heldBedId);
    const bed = beds[i];
    if (bed !== undefined && bed.patient === null)
      beds[i] = { ...bed, heldFor: { kind: arrival.kind, from: arrival.from, expectedAt: arrival.expectedAt } };
  }
  const unplaced = unplacedEncounters
    .map(({ encounter, reason }) => ({ patient: toPatient(encounter), reason }))
    .sort((a, b) => cmp(a.patient.encounterId, b.patient.encounterId));
  const everyone = [...beds.flatMap((b) => (b.patient === null ? [] : [b.patient])), ...unplaced.map((u) => u.patient)];

  const finished = arr<Encounter>(data.finishedRecently).filter(isObject);
  const periodTime = (e: Encounter, field: 'start' | 'end') => (isObject(e.period) ? isoOrNull(e.period[field]) : null);
  const admissions = [...encounters, ...finished]
    .map((e) => periodTime(e, 'start'))
    .filter((s): s is string => s !== null);
  const discharges = finished.map((e) => periodTime(e, 'end')).filter((s): s is string => s !== null);

  const incidents = readIncidents(data.incidents ?? [], now);
  // Every encounter the location search found, including those transferred off the ward since.
  const flow = wardMovements(
    [...arr<Encounter>(data.encounters), ...finished],
    data.ward.id,
    bedIds,
    data.flowSince ?? now - FLOW_WINDOW_MS,
    now,
  );
  const staffing = readStaffing(data.staffingReports ?? []);

  return {
    wardId: data.ward.id,
    asOf: new Date(now).toISOString(),
    census: computeCensus(beds, { admissions, discharges }, now),
    beds,
    unplaced,
    dataQuality: {
      rejectedResources:
        tree.unreadable + rejectedReadings + incidents.rejected.length + staffing.rejected.length + flow.unreadable,
      patientsWithErrors: everyone.filter((p) => p.dataErrors.length > 0).length,
      unplacedPatients: unplaced.length,
    },
    flow,
    ...(expected === undefined ? {} : { expected }),
    wardContext: {
      readAt: isoOrNull(data.wardContextReadAt) ?? new Date(now).toISOString(),
      incidents: incidents.incidents,
      staffing: staffing.days,
    },
    requestCount,
  };
}
