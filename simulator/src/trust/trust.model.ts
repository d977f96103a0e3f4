/**
 * What the simulator remembers about its trust between steps. The FHIR resources themselves live only
 * in the repository (so a PUT over HTTP is what the next step sees); this is the plan of sites and
 * wards, id counters, and each patient's NEWS2 course.
 */
import type { Flag } from '@medplum/fhirtypes';
import type { LegalCode, News2Param, ObservationLevel } from './clinical-resource.factory.js';
import type { SiteSpec, WardSpec } from './fhir-resource.factory.js';
import type { WardProfile } from './news2.model.js';

export interface WardPlan extends WardSpec {
  /** Share of open beds the ward tends to keep occupied. */
  targetOccupancy: number;
  /** Mental-health wards are single-sex; acute wards mix. */
  sex: 'male' | 'female' | 'mixed';
  /** Beds straight off the ward, or under bays of six and side rooms (ward -> room -> bed). */
  layout: 'flat' | 'bays';
  /** Observations, flags and risk assessments linked to the encounter, or naming only the patient (e-obs, devices). */
  readingLinks: 'encounter' | 'patient';
}

/**
 * Shapes of real trusts' data the simulator can take on (docs/design.md section 7); `mixed` gives
 * each shape to some wards of both profiles, as the demo trust does.
 */
export interface TrustShapes {
  bedLayout: 'flat' | 'bays' | 'mixed';
  readingLinks: 'encounter' | 'patient' | 'mixed';
  /**
   * Bed states as v2-0116 codes only, or `mixed`: one ward in six sends its PAS's own code for an
   * available bed, which nothing in FHIR defines (the board must say unknown, not free). Default v2-0116.
   */
  bedStateCodes?: 'v2-0116' | 'mixed';
}

export const PLAIN_SHAPES: TrustShapes = { bedLayout: 'flat', readingLinks: 'encounter' };

export interface News2Course {
  baseline: number;
  score: number;
  /** When the latest reading was taken (ms since epoch). */
  lastAtMs: number;
  /** Readings are being missed (the ward is busy, the patient declines): stays overdue for a while. */
  lapsed: boolean;
  /** Observations stopped by plan (end of life care): no more readings are taken. */
  stopped?: boolean;
}

/** A discharged stay, kept so the oldest can be dropped once a ward has many. */
export interface FinishedStay {
  encounterId: string;
  patientId: string;
}

export interface TrustState {
  seed: number;
  sites: SiteSpec[];
  wards: WardPlan[];
  /** Evolve steps taken; each step draws from its own random stream. */
  step: number;
  ids: IdAllocator;
  nhsNumbers: Set<string>;
  /** Current NEWS2 course by encounter id. */
  news2: Map<string, News2Course>;
  /** NEWS2 observation ids by encounter id, oldest first. */
  news2Ids: Map<string, string[]>;
  /** Clinical items (glucose, levels, flags, tasks, care plans...) by encounter id, until the stay is dropped. */
  clinical: Map<string, ClinicalCourse>;
  /** Discharged stays by ward id, oldest first. */
  finished: Map<string, FinishedStay[]>;
  /** Incidents and staffing reports published per ward. */
  wardContext: WardContextState;
  /** Beds whose PAS sends its own code when they are available (the `bedStateCodes: 'mixed'` shape). */
  localBedCodes?: Set<string>;
  /** Patients expected, by ward id (arrival.generator.ts). */
  arrivals?: Map<string, PendingArrival[]>;
}

/** A patient the simulator has told the ward to expect. */
export interface PendingArrival {
  encounterId: string;
  patientId: string;
  kind: 'admission' | 'transfer';
  dueMs: number;
  heldBedId: string | null;
  sex: 'male' | 'female';
  isolation: boolean;
  /** "Type/id" of resources made for the arrival (the patient's Flags), handed to the stay on arrival. */
  owned: string[];
}

export type IdPrefix =
  | 'patient'
  | 'encounter'
  | 'news2'
  | 'vitals'
  | 'glucose'
  | 'level'
  | 'mha'
  | 'flag'
  | 'risk'
  | 'task'
  | 'careplan'
  | 'incident'
  | 'procedure'
  | 'questionnaire'
  | 'obsplan'
  | 'discharge'
  | 'vte';

/**
 * A new id for a resource of a stay, recorded as the stay's so that it is deleted with the stay
 * (`ClinicalCourse.owned`).
 */
export function ownedId(state: TrustState, encounterId: string, resourceType: string, prefix: IdPrefix): string {
  const id = state.ids.next(prefix);
  state.clinical.get(encounterId)?.owned.add(`${resourceType}/${id}`);
  return id;
}

/** Readable, sequential ids: `patient-000042`. */
export class IdAllocator {
  private readonly counters = new Map<string, number>();

  next(prefix: IdPrefix): string {
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    return `${prefix}-${String(n).padStart(6, '0')}`;
  }
}

export interface ClinicalCourse {
  patientId: string;
  encounterId: string;
  profile: WardProfile;
  /** NEWS2 as a reported total (with sub-scores), or as vital signs only: complete, or missing one. */
  news2As: 'total' | 'vitals' | 'vitals-incomplete';
  omit: News2Param | undefined;
  glucose: boolean;
  level: ObservationLevel | null;
  legal: { code: LegalCode; flagId: string; endMs: number | null } | null;
  awolFlagId: string | null;
  reviewDate: string | undefined;
  carePlanId: string | null;
  glucoseIds: string[];
  levelIds: string[];
  riskIds: string[];
  taskIds: string[];
  flagIds: string[];
  awolIds: string[];
  /** An infection alert is in force: the bed is left contaminated at discharge. Absent means none. */
  infection?: boolean;
  /** The section 17 leave Flag of leave being taken now, closed when the patient is back. */
  leaveFlag?: Flag | null;
  /** "Type/id" of everything still stored for this stay, deleted when the stay is dropped. */
  owned: Set<string>;
  /** Risk assessment, physical health check, falls assessment, MUST: see key-assessment.generator.ts. */
  keyAssessments?: KeyAssessmentCourse;
  /** A VTE assessment still to be done at `dueMs` (vte.generator.ts), with how it will come out. */
  vtePending?: { shape: VteShape; dueMs: number; kind: number } | null;
}

/** A stay's VTE assessment as vte.generator.ts publishes it. */
export type VteOutcome = 'indicated' | 'not-indicated' | 'contraindicated';

export interface VteShape {
  /** Hours after admission the assessment was done, or null for not done. */
  assessedAfterHours: number | null;
  outcome: VteOutcome;
  /** How the outcome is recorded. */
  as: 'coded' | 'qualitative';
  /** Prophylaxis prescribed where indicated (false: the gap the huddle should catch). */
  prescribed: boolean;
}

export interface KeyAssessmentCourse {
  /** Resource ids per kind, oldest first. */
  ids: Record<string, string[]>;
  /** Latest completion per kind (ms), null if never done. */
  lastMs: Record<string, number | null>;
  /** Kinds the team keeps missing for this patient: rarely done, so they stay overdue a while. */
  neglected: Set<string>;
}

export interface WardContextState {
  /** Incident ids with their time (ms), oldest first, by ward id. */
  incidents: Map<string, { id: string; atMs: number }[]>;
  /** London dates with a staffing report, and whether it covers the whole day, by ward id. */
  staffing: Map<string, Map<string, 'partial' | 'full'>>;
}
