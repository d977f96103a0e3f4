/**
 * REST response shapes under /api (docs/design.md section 9). The server returns these; the client and the
 * end-to-end tests read them.
 */
import type { EscalationRuleKind } from '../escalation/escalation-rules.js';
import type { Freshness } from '../freshness.js';
import type { WardSafety } from '../heatmap.js';
import type { StaffingSummary } from '../staffing-summary.js';
import type {
  WardRetirement,
  BaySex,
  BedOnBoard,
  BedStatus,
  InfectionOnBoard,
  Census,
  DataQuality,
  DischargeDelayReason,
  DischargePathway,
  DischargeReadinessOnBoard,
  ExpectedArrival,
  ExpectedOnBoard,
  PatientOnBoard,
  UnplacedPatient,
  Ward,
  WardProfile,
} from '../ward.types.js';

/** GET /api/wards */
export interface WardSummary {
  id: string;
  name: string;
  siteId: string;
  siteName: string;
  profile: WardProfile;
  bedCount: number;
  occupied: number;
  asOf: string | null;
  freshness: Freshness;
  /** Set for a ward no longer served: listed with its history, never shown as live. */
  retired: WardRetirement | null;
}

/**
 * GET /api/wards/:wardId/board, and the `ward:board` socket event. `serverTime` lets a screen compute
 * data age from the server's clock rather than its own (CS-1, CS-2).
 */
export interface Board {
  ward: Ward;
  /** When the shown snapshot was taken, or null before the first complete poll. */
  asOf: string | null;
  freshness: Freshness;
  /** Why the data is not current: last poll failed, never polled, ... Absent when fresh. */
  staleReason?: string;
  /** Increases by one with every change to what this ward's board shows (RT). */
  version: number;
  serverTime: string;
  census: Census | null;
  beds: BedOnBoard[];
  /** Current inpatients the data could not put in a bed (empty when none). */
  unplaced: UnplacedPatient[];
  dataQuality: DataQuality | null;
  /** The latest roster day's staffing, ward-level only; null when none was reported. */
  staffing: StaffingSummary | null;
  /**
   * The ward's own safety heat-map row (ten measures, composite, trend, prediction), or null before
   * its first score. Updated between boards by the `ward:safety` event; the newer version wins.
   */
  safety: WardSafety | null;
  /** Patients expected on the ward (where from, when, a held bed), soonest first; empty when none. */
  expected: ExpectedOnBoard[];
}

export interface HealthResponse {
  status: 'ok';
}

export interface ReadinessCheck {
  name: string;
  ok: boolean;
  detail: string;
}

/** GET /api/ready: 200 when every check passes, 503 otherwise, with the reasons. */
export interface ReadinessResponse {
  status: 'ready' | 'not-ready';
  checks: ReadinessCheck[];
  wards: Array<{ wardId: string; lastPollAt: string | null; lastPollOk: boolean | null; reason?: string }>;
}

/** POST /api/polls: 202 with the jobs queued. */
export interface PollRequestAccepted {
  queued: string[];
}

export interface ApiError {
  statusCode: number;
  message: string;
}

/**
 * What a bed manager counts on a ward or a site (GET /api/sites). Bed states come from the beds; the
 * patient counts take in every current inpatient, those the data could not put in a bed included.
 */
export interface SiteCounts {
  beds: number;
  occupied: number;
  free: number;
  cleaning: number;
  closed: number;
  reserved: number;
  blocked: number;
  /** Empty beds kept for isolation (v2-0116 I), contaminated beds (K), and beds whose status could not be read. */
  isolated: number;
  contaminated: number;
  unknown: number;
  /** Occupied beds over open beds (all beds less closed, blocked, isolated and contaminated), in per cent; null with no open beds. */
  occupancyPercent: number | null;
  onLeave: number;
  /** Expected discharge date today / tomorrow / before today, Europe/London calendar days. */
  expectedDischargesToday: number;
  expectedDischargesTomorrow: number;
  pastExpectedDischarge: number;
  /** Patients with an open delay of kind discharge. */
  delayedDischarges: number;
  /** Beds in cleaning for longer than CLEANING_ALERT_AFTER. */
  cleaningLong: number;
  /** Beds in cleaning since a time nobody recorded: not counted as long, and not hidden either. */
  cleaningSinceUnknown: number;
  /** Current inpatients the data could not put in a bed. */
  unplaced: number;
}

/** One ward's line in the drill-down: its counts and how current they are. */
export interface SiteWardRow {
  wardId: string;
  wardName: string;
  profile: WardProfile;
  /** When the ward's snapshot was taken, or null before its first complete poll. */
  asOf: string | null;
  freshness: Freshness;
  /** Why the ward's data is not current; absent when fresh. The same words as the ward's board. */
  staleReason?: string;
  /** Null before the ward's first complete poll: no counts rather than zeros. */
  counts: SiteCounts | null;
}

export interface SiteOverview {
  siteId: string;
  siteName: string;
  /** The oldest of the wards' data times: the site's totals are only as current as that. Null when no ward has data. */
  asOf: string | null;
  /** The worst of the wards' freshness (a ward with no data yet counts as expired). */
  freshness: Freshness;
  /** Wards whose data is stale or expired, and wards with no data at all. */
  wardsNotCurrent: number;
  wardsWithoutData: number;
  /** Sums over the wards with data. */
  totals: SiteCounts;
  wards: SiteWardRow[];
}

/** GET /api/sites */
export interface SitesResponse {
  /** The oldest data time across every site. */
  asOf: string | null;
  serverTime: string;
  freshness: Freshness;
  /** CLEANING_ALERT_AFTER, so the screen can say what "cleaning long" means. */
  cleaningAlertAfterMs: number;
  sites: SiteOverview[];
}

/** Which beds GET /api/sites/:siteId/beds returns: one per number on the drill-down. */
export type SiteBedFilter =
  'all' | BedStatus | 'cleaning-long' | 'on-leave' | 'edd-today' | 'edd-tomorrow' | 'past-edd' | 'delayed' | 'unplaced';

/** Where an expected discharge date falls against the Europe/London "today". */
export type ExpectedDischargeWhen = 'past' | 'today' | 'tomorrow' | 'later';

/**
 * A patient as the manager drill-down shows them. It has no sign-in yet, so it keeps to the wall
 * allow-list (SEC-1): initials (or none on a bed-only ward), never NHS number, name or birth date.
 */
export interface SiteBedPatient {
  initials: string | null;
  onLeave: boolean;
  admittedAt: string | null;
  /** Whole hours since admission at server time; null when the admission time is unknown. */
  lengthOfStayHours: number | null;
  expectedDischargeDate: string | null;
  expectedDischarge: ExpectedDischargeWhen | null;
  /**
   * A delayed discharge (discharge.ts): ready since before today; where readiness is not recorded, an
   * open delay of kind discharge.
   */
  delayedDischarge: boolean;
  /** Discharge readiness, pathway and reasons for delay, when recorded. */
  discharge: DischargeReadinessOnBoard | null;
  /** Whole London days since the discharge-ready date (0 on the day), or null when not ready. */
  daysSinceReady: number | null;
  delays: PatientOnBoard['delays'];
  dataErrors: string[];
  /** Isolation required and infection alerts (the bed manager places by them); null when none. */
  infection: InfectionOnBoard | null;
}

export interface SiteBedRow {
  wardId: string;
  wardName: string;
  /** Null for an inpatient the data could not put in a bed: listed with the reason, never dropped. */
  bedId: string | null;
  bedLabel: string | null;
  /** The bay or room, and whom it is for (same-sex accommodation), when recorded. */
  area: string | null;
  areaSex: BaySex | null;
  /** The patient's recorded sex is not the one the bay is for. */
  sexMismatch: boolean;
  status: BedStatus | null;
  /** The code FHIR sent when the status could not be read. */
  unreadableStatus: string | null;
  /** Since when the bed has had this status (UTC ISO), null when unknown. */
  statusSince: string | null;
  /** Whole minutes in this status at server time, null when unknown. */
  minutesInStatus: number | null;
  cleaningLong: boolean;
  unplacedReason: string | null;
  patient: SiteBedPatient | null;
  /** The freshness of the ward's data this row comes from. */
  freshness: Freshness;
}

/** GET /api/sites/:siteId/beds?wardId=&filter= */
export interface SiteBedsResponse {
  siteId: string;
  siteName: string;
  asOf: string | null;
  serverTime: string;
  freshness: Freshness;
  filter: SiteBedFilter;
  /** The ward asked for, or null for the whole site. */
  wardId: string | null;
  cleaningAlertAfterMs: number;
  /** The wards in scope, with how current each one's data is. */
  wards: Array<Omit<SiteWardRow, 'counts'>>;
  beds: SiteBedRow[];
  /**
   * Patients expected on the wards in scope (planned admissions, transfers in), soonest first, each
   * with the free beds of its ward that could take them; whatever the filter, since the bed manager
   * matches them against the beds. Empty when none, or before arrivals were read.
   */
  expected: SiteArrivalRow[];
}

/**
 * One expected patient on the bed manager's view, with its ward and how current that ward's data is.
 * Like the beds list, it keeps to initials and carries no encounter id.
 */
export interface SiteArrivalRow extends Omit<ExpectedArrival, 'encounterId'> {
  wardId: string;
  wardName: string;
  freshness: Freshness;
}

/** Admissions and discharges in one Europe/London hour of the day, summed over the window. */
export interface FlowHour {
  /** 0-23, London wall-clock hour. */
  hour: number;
  admissions: number;
  discharges: number;
  transfersIn: number;
  transfersOut: number;
}

export interface OccupancyPoint {
  /** Start of the hour (UTC ISO). */
  at: string;
  occupied: number;
  openBeds: number;
  /** Occupied over open beds of the wards reporting in that hour, in per cent; null with no open beds. */
  percent: number | null;
  wardsReporting: number;
}

export interface LengthOfStayBin {
  label: string;
  /** Whole days of stay this bin holds: from `minDays` up to `maxDays` inclusive (null: no upper bound). */
  minDays: number;
  maxDays: number | null;
  patients: number;
}

/** GET /api/sites/:siteId/flow?days= */
/**
 * The bed manager's bottlenecks: delayed discharges at server time, by reason and pathway. A patient
 * with two reasons is counted under each, so the reason rows can add up to more than `patients`.
 */
export interface DelayedDischargeSummary {
  /** Delayed patients (ready since before today, or an open discharge Task where readiness is not recorded). */
  patients: number;
  /** Days since ready, summed over the delayed patients whose ready date is known: the bed days lost so far. */
  daysWaiting: number;
  /** Ready today: they leave today or become delayed tomorrow. */
  readyToday: number;
  byPathway: Array<{ pathway: DischargePathway | null; patients: number }>;
  byReason: Array<{
    /** The national reason, or null for a local code nobody mapped (`label` is its words). */
    reason: DischargeDelayReason | null;
    label: string;
    patients: number;
    daysWaiting: number;
    /** Patients by pathway: index 0-3 the pathways, 4 not recorded. */
    byPathway: [number, number, number, number, number];
  }>;
  /** Delayed patients with no reason recorded. */
  withoutReason: number;
  /** Delayed only by an open discharge Task: no readiness recorded, so no ready date or pathway. */
  fromTasksOnly: number;
}

export interface SiteFlowResponse {
  siteId: string;
  siteName: string;
  asOf: string | null;
  serverTime: string;
  freshness: Freshness;
  days: number;
  movements: {
    /**
     * The window the movements cover: from `from` to each ward's data time. Snapshots keep 72 hours
     * of movements, so a longer `days` still starts no earlier than that.
     */
    from: string;
    to: string;
    byHour: FlowHour[];
    totals: { admissions: number; discharges: number; transfersIn: number; transfersOut: number };
    /** Discharges between 00:00 and 11:59 London time: the "discharge before noon" share. */
    dischargesBeforeNoon: number;
    /** Wards whose movements are not known (no data yet, or stored before movement times were). */
    wardsWithoutMovements: number;
  };
  occupancy: {
    from: string;
    to: string;
    /** Each ward's last census in each hour, summed; hours with no census are absent. */
    points: OccupancyPoint[];
    wards: number;
  };
  /** Delayed discharges by reason and pathway, at server time. */
  delayedDischarges: DelayedDischargeSummary;
  lengthOfStay: {
    /** Current inpatients, at server time. */
    bins: LengthOfStayBin[];
    patients: number;
    /** Inpatients whose admission time is unknown: counted here, not in a bin. */
    unknown: number;
    medianDays: number | null;
  };
}

/** What changed about an escalation, in the `escalation` socket event. */
export type EscalationChange = 'raised' | 'acknowledged' | 'resolved';

/**
 * One escalation as the manager view and the wall display show it (GET /api/escalations, socket
 * `escalation`). `detail` holds ward-level words and bed labels only, never patient identifiers.
 */
export interface EscalationView {
  id: number;
  wardId: string;
  wardName: string;
  siteId: string;
  /** The rule's id. */
  rule: string;
  ruleLabel: string;
  /** The rule's kind, or null when the rule is no longer configured. */
  kind: EscalationRuleKind | null;
  /** '' for the ward, else the bed's or encounter's FHIR id (opaque). */
  subject: string;
  /** The value that crossed the threshold when raised. */
  value: number | null;
  /** The latest value while open. */
  latestValue: number | null;
  detail: string;
  raisedAt: string;
  lastSeenAt: string;
  acknowledgedBy?: string;
  acknowledgedAt?: string;
  resolvedAt?: string;
}

/** Pushed to the ward's room and the escalations room when an escalation is raised, acknowledged or resolved. */
export interface EscalationUpdate {
  change: EscalationChange;
  escalation: EscalationView;
}
