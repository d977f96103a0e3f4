/**
 * What the simulator remembers about its trust between steps. The FHIR resources themselves live only
 * in the repository (so a PUT over HTTP is what the next step sees); this is the plan of sites and
 * wards, id counters, and each patient's NEWS2 course.
 */
import type { ClinicalCourse } from './clinical.generator.js';
import type { SiteSpec, WardSpec } from './fhir-resource.factory.js';
import type { WardContextState } from './ward-context.generator.js';

export interface WardPlan extends WardSpec {
  /** Share of open beds the ward tends to keep occupied. */
  targetOccupancy: number;
  /** Mental-health wards are single-sex; acute wards mix. */
  sex: 'male' | 'female' | 'mixed';
}

export interface News2Course {
  baseline: number;
  score: number;
  /** When the latest reading was taken (ms since epoch). */
  lastAtMs: number;
  /** Readings are being missed (the ward is busy, the patient declines): stays overdue for a while. */
  lapsed: boolean;
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
}

export type IdPrefix = 'patient' | 'encounter' | 'news2' | 'vitals' | 'glucose' | 'level' | 'flag' | 'risk' | 'task' | 'careplan' | 'incident' | 'procedure' | 'questionnaire';

/** Readable, sequential ids: `patient-000042`. */
export class IdAllocator {
  private readonly counters = new Map<string, number>();

  next(prefix: IdPrefix): string {
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    return `${prefix}-${String(n).padStart(6, '0')}`;
  }
}
