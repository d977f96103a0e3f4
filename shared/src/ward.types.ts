/**
 * The ward domain as the dashboard sees it, after FHIR has been read and normalised.
 * Times are ISO-8601 strings in UTC (CS-10); the screens convert to Europe/London for display.
 */
export type FallsRiskLevel = 'low' | 'moderate' | 'high';

/** One movement on or off the ward (UTC ISO time). */
export type FlowEventKind = 'admission' | 'transfer-in' | 'transfer-out' | 'discharge';

export interface FlowEvent {
  kind: FlowEventKind;
  at: string;
}

/** The incident categories the measures count (how each is coded in FHIR: fhir/fhir-codes.ts). */
export const INCIDENT_CATEGORIES = [
  'violence-aggression',
  'restraint',
  'seclusion',
  'rapid-tranquillisation',
  'self-harm',
  'fall',
  'hypoglycaemia',
] as const;

export type IncidentCategory = (typeof INCIDENT_CATEGORIES)[number];

export interface FallsRisk {
  /** From the latest RiskAssessment, or null when only a flag says so. */
  level: FallsRiskLevel | null;
  assessedAt: string | null;
  /** An "At risk for falls" Flag is in force. Kept apart from `level` so neither hides the other. */
  flagged: boolean;
}

export interface GlucoseReading {
  /** Unrounded mmol/L: display rounding is the screen's business, and the low flag uses this value. */
  mmolPerL: number;
  low: boolean;
  observedAt: string;
}

export type ObservationLevel = 'general' | 'intermittent' | 'within-eyesight' | 'arms-length';

export interface WardIncident {
  id: string;
  /** Known categories only, in INCIDENT_CATEGORIES order, each once. */
  categories: IncidentCategory[];
  /** When it happened, UTC ISO. */
  occurredAt: string;
}

export interface KeyAssessmentStatus {
  id: string;
  label: string;
  lastDoneAt: string | null;
  dueAt: string | null;
  /** 'in-time' means not due within the due-soon band (including never done but not yet due). */
  state: 'overdue' | 'due-soon' | 'in-time' | 'unknown';
}

export interface StaffingDay {
  /** The Europe/London day of `period.start`, YYYY-MM-DD. */
  date: string;
  plannedHours: number | null;
  actualHours: number | null;
  bankHours: number | null;
  agencyHours: number | null;
  sicknessHours: number | null;
  /** The report's `date` (when it was generated), UTC ISO, or null when absent or unreadable. */
  reportedAt: string | null;
}

export type DelayKind = 'assessment' | 'transport' | 'discharge';

export interface WardFlow {
  /** Start of the window (UTC ISO); the window ends at the snapshot's time. */
  since: string;
  admissions: number;
  transfersIn: number;
  transfersOut: number;
  discharges: number;
  /** Encounters found on the ward's locations whose movement times could not be read. */
  unreadable: number;
  /**
   * Each counted movement with its time, oldest first: the bed manager's admissions and discharges by
   * hour. Times and kinds only, no patient. Absent on snapshots stored before it was recorded.
   */
  events?: FlowEvent[];
}

/** Ward profile decides which of the ten safety measures apply (docs/design.md section 6). */
export type WardProfile = 'mental-health' | 'acute';

/** A ward: one FHIR Location with physical type `wa`. */
export interface Ward {
  /** The FHIR Location id of the ward: the only key used to join (CS-8). */
  id: string;
  name: string;
  siteId: string;
  siteName: string;
  profile: WardProfile;
  /** Wall screens show initials by default; a ward can choose bed numbers only. */
  displayLabel: 'initials' | 'bed-only';
  /** Mental Health Act section on the wall screen: on by default (staff areas); off where the screen faces the public. */
  showMentalHealthAct: boolean;
  /**
   * Set when the ward is no longer served: discovery stopped finding it, WARDS_CONFIG excludes it, or
   * it came from another FHIR server (ward-lifecycle.ts). Its history is kept; it is not polled, and
   * screens say "retired since" rather than show it as live. Absent or null for a live ward.
   */
  retired?: WardRetirement | null;
}

export interface WardRetirement {
  /** UTC ISO. */
  since: string;
  reason: string;
}

/**
 * Bed status. From `Location.operationalStatus` (HL7 v2-0116: C closed, H housekeeping, I isolated,
 * K contaminated, O occupied, U unoccupied) plus a local extension for reserved/blocked. A status
 * code that cannot be read is `unknown`: never shown as free, since a bed manager would send a
 * patient to it.
 */
export type BedStatus =
  'occupied' | 'free' | 'cleaning' | 'closed' | 'reserved' | 'blocked' | 'isolated' | 'contaminated' | 'unknown';

export const BED_STATUSES: readonly BedStatus[] = [
  'occupied',
  'free',
  'cleaning',
  'closed',
  'reserved',
  'blocked',
  'isolated',
  'contaminated',
  'unknown',
];

/** Who a bay or room is for (same-sex accommodation): from the local bay-sex extension on the bay's Location. */
export type BaySex = 'male' | 'female' | 'mixed';

/** The isolation precautions a patient needs (the local isolation code system, or the trust's codes). */
export type IsolationKind = 'contact' | 'droplet' | 'airborne' | 'protective' | 'unspecified';

/** Section 17 leave: authorised (until when, if the authorisation says), and leave being taken now. */
export interface MhaLeave {
  authorised: boolean;
  authorisedUntil: string | null;
  /** On leave now under an on-leave Flag that has started and not been closed. */
  onLeave: boolean;
  onLeaveSince: string | null;
  /** When the patient is due back; past it while still on leave, the return is overdue. */
  expectedBackAt: string | null;
}

/**
 * The Mental Health Act status on the board, with its deadlines. The dates are absent on snapshots
 * stored before they were read, and null when not recorded; the screens compare them with the time.
 */
export interface MentalHealthActOnBoard {
  code: string;
  label: string;
  /** Start of the section in force, or null when only the admission status is recorded. */
  since: string | null;
  /** When the section ends unless renewed (its period's end), or null when open-ended or unrecorded. */
  expiresAt?: string | null;
  /** From when the card warns of the coming end, and from when it is urgent (configured days before). */
  expiryWarnFrom?: string | null;
  expiryUrgentFrom?: string | null;
  /** The section's period has ended with nothing newer recorded: detention has lapsed unrenewed in the record. */
  lapsed?: boolean;
  /** Section 132 rights: last given during this detention, and when due (first within the configured days, then again). */
  rights?: { lastGivenAt: string | null; dueAt: string | null } | null;
  leave?: MhaLeave | null;
  /** The section 58 date (three months from first medication), when recorded. */
  consentToTreatmentDueAt?: string | null;
  /** The next tribunal or hospital managers' hearing, when recorded. */
  hearing?: { kind: 'tribunal' | 'managers-hearing'; at: string } | null;
}

/** Isolation and infection alerts in force for a patient (Flags), for the card and the drill-down. */
export interface InfectionOnBoard {
  /** Isolation required now, with the precautions when recorded, or null when none is recorded. */
  isolation: { kind: IsolationKind; since: string | null } | null;
  /** Infection alerts in force (MRSA, C. difficile...), in the configured order, each once. */
  alerts: Array<{ id: string; label: string; since: string | null }>;
}

/**
 * The national discharge pathways (Hospital discharge and community support guidance): 0 home with no
 * new support, 1 home with new support, 2 a rehabilitation or intermediate-care bed, 3 a care home.
 */
export type DischargePathway = 0 | 1 | 2 | 3;

/**
 * Why a patient who is ready to leave has not (discharge-readiness.ts lists them with their words):
 * the categories of NHS England's acute discharge situation report, as Wardflow codes a trust maps its
 * own codes to.
 */
export const DISCHARGE_DELAY_REASONS = [
  'medical-decision',
  'therapy-decision',
  'referral',
  'assessment',
  'equipment',
  'care-package',
  'reablement',
  'intermediate-care-bed',
  'residential-home',
  'nursing-home',
  'hospice',
  'specialist-placement',
  'funding',
  'transport',
  'patient-family-choice',
  'safeguarding',
  'housing',
  'repatriation',
  'other',
] as const;

export type DischargeDelayReason = (typeof DISCHARGE_DELAY_REASONS)[number];

/**
 * Discharge readiness as recorded for the stay: whether the patient still meets the criteria to reside,
 * since when they have been ready (the discharge-ready date), the pathway and what holds them.
 */
export interface DischargeReadinessOnBoard {
  /**
   * `ready`: no longer meets the criteria to reside (medically optimised); `not-ready`: still meets
   * them; null when only a pathway or reasons are recorded.
   */
  status: 'ready' | 'not-ready' | null;
  /** The discharge-ready date (a Europe/London calendar day, YYYY-MM-DD), or null when not ready. */
  readyDate: string | null;
  /** When readiness was last reviewed (UTC ISO), or null when only the Encounter's date says so. */
  reviewedAt: string | null;
  pathway: DischargePathway | null;
  /**
   * What holds a ready patient, each once: `reason` on the national list where the code is mapped,
   * null for a local code nobody has mapped (shown with the words it came with).
   */
  delayReasons: Array<{ reason: DischargeDelayReason | null; text: string }>;
}

/**
 * VTE risk assessment and prophylaxis (fhir/vte.ts): the assessment due within 14 hours of admission,
 * what it concluded, and the blood thinner prescribed.
 */
export interface VteOnBoard {
  assessment: {
    /** Admission plus the configured hours (14), or null when the admission time is unknown. */
    dueAt: string | null;
    /** The first assessment of the stay, or null when none is recorded. */
    doneAt: string | null;
    /**
     * As at the poll: `done` within the hours, `done-late` after them, `due` or `overdue` when not yet
     * done, `unknown` when not done and the admission time is unknown (vte.ts re-reads due and overdue at display time).
     */
    state: 'done' | 'done-late' | 'due' | 'overdue' | 'unknown';
  };
  /** The newest assessment's outcome: prophylaxis indicated, not indicated, contraindicated; null when it does not say. */
  outcome: 'indicated' | 'not-indicated' | 'contraindicated' | null;
  /** Pharmacological prophylaxis prescribed (an active order), or null when none. */
  prophylaxis: { medication: string; prescribedAt: string | null } | null;
  /** The server's MedicationRequests are not read: prophylaxis is unknown, never shown as missing. */
  prophylaxisNotRead?: true;
  /** Assessments recorded with no readable or a future time: not counted, said on the card as a data error. */
  unreadable?: number;
}

/** NEWS2 clinical risk band (RCP 2017): low 0-4, low-medium when any single parameter scores 3, medium 5-6, high 7+. */
export type News2Band = 'low' | 'low-medium' | 'medium' | 'high';

export interface News2OnBoard {
  score: number;
  band: News2Band;
  /** Sent as a total by the trust's system, or computed here from one complete set of vital signs (CS-7). */
  source: 'reported' | 'computed';
  /** A single parameter scored 3: the band is at least low-medium and the screen says why. */
  anySingleParameterScored3: boolean;
  /** When the observation set was taken (effective time), not when it reached FHIR. */
  observedAt: string;
  /** When the next set is due under the NEWS2 monitoring frequency for this score. */
  dueAt: string;
}

/**
 * When this patient's next set of observations is due and why (observation-plans.ts): their own plan
 * where one is recorded, the national NEWS2 interval otherwise, counted from the last full set or
 * the last set recorded as not done.
 */
export interface ObservationScheduleOnBoard {
  /**
   * `plan`: the patient's plan sets the interval; `national`: the NEWS2 interval for the score;
   * `national-over-plan`: the plan is rarer than the score allows, so the score's interval applies;
   * `stopped`: observations are stopped by plan (end of life care), nothing is due.
   */
  basis: 'plan' | 'national' | 'national-over-plan' | 'stopped';
  /** Minutes between sets now, or null when stopped or nothing says how often. */
  everyMinutes: number | null;
  /** When the next set is due (UTC ISO), or null when stopped or nothing was ever recorded. */
  dueAt: string | null;
  /** The newest plan recorded, as read (an unreadable one says why and is not used). */
  plan: {
    source: 'care-plan' | 'service-request' | 'observation';
    recordedAt: string | null;
    everyMinutes: number | null;
    stopped: boolean;
    reason: string | null;
    problem?: string;
  } | null;
  /** A set recorded as not done since the last full set: refused, or not appropriate at the time. */
  notDone: { at: string; reason: 'refused' | 'not-appropriate'; note: string | null } | null;
}

/**
 * One patient as the wall display may show them. This is an allow-list (SEC-1): nothing here
 * identifies a patient beyond initials and bed; no NHS number, full name or date of birth.
 */
export interface PatientOnBoard {
  /** FHIR Encounter id: the join key (CS-8). Opaque, not an identifier a person could look up. */
  encounterId: string;
  /** Initials, e.g. "J.S.", or null when the ward shows bed numbers only. */
  initials: string | null;
  /** Another patient on this ward has the same initials: the screen warns (CS-8). */
  sameInitialsAs: string[];
  admittedAt: string | null;
  expectedDischargeDate: string | null;
  onLeave: boolean;
  /** Latest NEWS2 in the look-back window, or null when there is none. */
  news2: News2OnBoard | null;
  /**
   * When the next observations are due by the patient's plan, sets refused or not done, and stopped
   * observations. Absent on snapshots stored before plans were read (news2.dueAt then applies).
   */
  observations?: ObservationScheduleOnBoard | null;
  /**
   * Discharge readiness, pathway and reasons for delay; null when none is recorded. Absent on snapshots
   * stored before it was read.
   */
  discharge?: DischargeReadinessOnBoard | null;
  /** VTE risk assessment and prophylaxis; absent on snapshots stored before it was read. */
  vte?: VteOnBoard | null;
  /** Enhanced observation level in force, or null when none is recorded. */
  observationLevel: { level: ObservationLevel; since: string } | null;
  /** Mental Health Act section in force (null when none, or when the ward does not show it). */
  mentalHealthAct: MentalHealthActOnBoard | null;
  fallsRisk: FallsRisk | null;
  /** Latest glucose, with the low flag (< 4.0 mmol/L). */
  glucose: GlucoseReading | null;
  /** Absent without leave: an AWOL flag is in force. */
  awol: { since: string | null } | null;
  carePlanReview: { dueAt: string; overdue: boolean } | null;
  /**
   * The ward profile's key assessments (WARDS_CONFIG, or the defaults), each with when it was last
   * done and when it is due; `unknown` when it was never done and the admission time is unknown.
   */
  assessments: KeyAssessmentStatus[];
  /** Open delays and due items: assessments, transport, discharge. */
  delays: Array<{ kind: DelayKind | null; description: string; dueAt: string | null; overdue: boolean }>;
  /**
   * Isolation required and infection alerts in force; null when none. Absent on snapshots stored
   * before they were read.
   */
  infection?: InfectionOnBoard | null;
  /**
   * Why some of this patient's data could not be trusted (missing patient record, a bed claimed twice,
   * a reading that failed validation). The screen shows "data error" with the reason: never silence.
   */
  dataErrors: string[];
}

/** A current inpatient of the ward who cannot be put in a bed: shown on the screen, never dropped. */
export interface UnplacedPatient {
  patient: PatientOnBoard;
  reason: string;
}

/** How much of the ward's FHIR data could not be used, so the screen and the trust's IT team can see it. */
export interface DataQuality {
  /** Resources that failed validation and were not used. */
  rejectedResources: number;
  /** Patients with at least one data error. */
  patientsWithErrors: number;
  unplacedPatients: number;
}

export interface BedOnBoard {
  /** FHIR Location id of the bed. */
  id: string;
  /** Bed name as the ward knows it, e.g. "Bed 12". */
  label: string;
  /**
   * The bay, room or area the bed is in ("Bay B", "Side room 2"), or null when the bed hangs off the
   * ward itself. Absent from snapshots stored before bays were read.
   */
  area?: string | null;
  status: BedStatus;
  /**
   * Since when the bed has had this status (UTC ISO), or null when nobody can say: the bed manager's
   * "cleaning for 3 h". Carried forward from snapshot to snapshot (see `carryStatusSince`); on a
   * ward's first snapshot it comes from FHIR when FHIR dates it, and is never guessed.
   */
  statusSince: string | null;
  patient: PatientOnBoard | null;
  /**
   * Who the bed's bay or room is for (same-sex accommodation), or null when not recorded. Absent from
   * snapshots stored before it was read.
   */
  areaSex?: BaySex | null;
  /**
   * The patient's recorded sex is not the one the bay is for: a same-sex accommodation breach the bed
   * manager must see (only set when both are recorded as male or female).
   */
  sexMismatch?: boolean;
  /** The status code FHIR sent when it could not be read (status `unknown`), for the bed manager and IT. */
  unreadableStatus?: string;
  /** The only bed in its room: a side room, where a patient needing isolation can go. */
  sideRoom?: boolean;
  /** Held for an expected patient: where from and when, as the wall may show it. */
  heldFor?: { kind: ArrivalKind; from: string | null; expectedAt: string | null };
}

/** How a patient is expected: a stay not begun yet (from ED, a GP, a list), or a move from another ward. */
export type ArrivalKind = 'admission' | 'transfer';

/** A free bed of the ward that could take an expected patient, with anything the bed manager should check. */
export interface BedFit {
  bedId: string;
  label: string;
  area: string | null;
  /** "held for them", "side room", "sex not recorded: check the bay", or null when nothing needs saying. */
  note: string | null;
}

/**
 * A patient expected on the ward (expected-arrivals.ts): a planned admission or a transfer in, with
 * who they are as far as the bed manager needs (signed in, never on the wall) and the ward's free
 * beds that could take them. Absent from snapshots stored before arrivals were read.
 */
export interface ExpectedArrival {
  /** FHIR Encounter id of the planned stay or of the stay moving here. */
  encounterId: string;
  kind: ArrivalKind;
  /** Where from, in words ("ED", "Ward 3A", "GP"), or null when the record does not say. */
  from: string | null;
  /** When they are expected (UTC ISO), or null when the record gives no time. */
  expectedAt: string | null;
  /** More than the configured minutes past the expected time and still not here: check the PAS. */
  late: boolean;
  /** The bed held for them (a planned or reserved location entry naming one of the ward's beds). */
  heldBedId: string | null;
  initials: string | null;
  /** Patient.gender as recorded, or null when the patient record is missing. */
  sex: 'male' | 'female' | 'other' | 'unknown' | null;
  /** Isolation their Flags require (only a side room fits), or null when none. */
  isolation: IsolationKind | null;
  /** Infection alerts in force (labels, e.g. "MRSA"). */
  alerts: string[];
  /** Free beds of this ward that fit, the held bed first, side rooms last unless isolation needs one. */
  fits: BedFit[];
  /** Why no bed fits ("No side room free"), or null when some do. */
  noFit: string | null;
  /** What could not be read (an unreadable time, a held bed that is occupied): shown, never dropped. */
  problems: string[];
}

/** An expected arrival as a wall screen may show it: where from and when, never who (SEC-1). */
export interface ExpectedOnBoard {
  kind: ArrivalKind;
  from: string | null;
  expectedAt: string | null;
  late: boolean;
  /** The bed held for them, by its label. */
  bedLabel: string | null;
  /** They need a side room (isolation), so the team can get one ready. */
  needsSideRoom: boolean;
}

export interface WardContext {
  /** When incidents and staffing were read from FHIR (UTC ISO). */
  readAt: string;
  incidents: WardIncident[];
  staffing: StaffingDay[];
}

export interface Census {
  beds: number;
  occupied: number;
  free: number;
  cleaning: number;
  closed: number;
  reserved: number;
  blocked: number;
  /** Empty beds kept for isolation (v2-0116 I) and contaminated beds awaiting a deep clean (K); absent on older snapshots. */
  isolated?: number;
  contaminated?: number;
  /** Beds whose status code could not be read. */
  unknown?: number;
  onLeave: number;
  admittedToday: number;
  dischargedToday: number;
  expectedDischargesToday: number;
}

/**
 * Everything about one ward at one instant, built from one complete poll (CS-4): either every
 * search for the ward succeeded and this is whole, or there is no new snapshot at all.
 */
export interface WardSnapshot {
  wardId: string;
  /** Server time at which the poll that built this snapshot completed (UTC ISO). */
  asOf: string;
  census: Census;
  beds: BedOnBoard[];
  /** Current inpatients who could not be placed in one of the ward's beds. */
  unplaced: UnplacedPatient[];
  dataQuality: DataQuality;
  /**
   * Ward-level data for the 7-day safety measures: incidents and daily staffing reports of the last
   * 8 days. Never sent to wall screens (the board is an allow-list); read less often than the board,
   * so it carries its own time.
   */
  wardContext: WardContext;
  /** Admissions, transfers in and out, and discharges over the last 72 hours (the turbulence measure). */
  flow: WardFlow;
  /** Patients expected on the ward, soonest first; absent from snapshots stored before they were read. */
  expected?: ExpectedArrival[];
  /** FHIR requests the poll made, kept for the request-plan budget (docs/design.md section 11). */
  requestCount: number;
}
