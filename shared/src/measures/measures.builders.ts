/** Test data for the measures: a ward with sensible defaults that each test changes only where it matters. */
import type {
  Census,
  IncidentCategory,
  PatientOnBoard,
  StaffingDay,
  WardIncident,
  WardProfile,
} from '../ward.types.js';
import type { MeasureInputs } from './measure.types.js';
import { previousLondonDates } from './measure-windows.js';
import { makeCensus as emptyCensus, makePatient } from '../testing/board.builders.js';

export { makePatient };

export const HOUR = 3_600_000;
export const NOW = Date.parse('2026-11-21T10:00:00Z');

/** `n` patients alike apart from their encounter ids. */
export function patients(n: number, overrides: Partial<PatientOnBoard> = {}): PatientOnBoard[] {
  return Array.from({ length: n }, (_, i) => makePatient({ encounterId: `enc-${i + 1}`, ...overrides }));
}

/** A NEWS2 with a score and a due time, in hours from now (negative is overdue). */
export function news2(score: number, dueInHours = 4, now = NOW): PatientOnBoard['news2'] {
  return {
    score,
    band: score >= 7 ? 'high' : score >= 5 ? 'medium' : 'low',
    source: 'reported',
    anySingleParameterScored3: false,
    observedAt: new Date(now - HOUR).toISOString(),
    dueAt: new Date(now + dueInHours * HOUR).toISOString(),
  };
}

/** A 20-bed ward with 18 occupied unless the overrides say otherwise. */
export function makeCensus(overrides: Partial<Census> = {}): Census {
  return emptyCensus({ beds: 20, occupied: 18, free: 2, ...overrides });
}

let incidentSeq = 0;
/** `n` incidents of the categories, each `hoursAgo` before `now` (default 1 day ago). */
export function incidents(n: number, categories: IncidentCategory[], hoursAgo = 24, now = NOW): WardIncident[] {
  return Array.from({ length: n }, () => {
    incidentSeq += 1;
    return { id: `inc-${incidentSeq}`, categories, occurredAt: new Date(now - hoursAgo * HOUR).toISOString() };
  });
}

export type Figures = Omit<StaffingDay, 'date' | 'reportedAt'>;
export const FULL_STAFFING: Figures = {
  plannedHours: 100,
  actualHours: 100,
  bankHours: 0,
  agencyHours: 0,
  sicknessHours: 0,
};

/** One staffing report for each of the 7 London days before today, with the same figures. */
export function staffingWeek(figures: Partial<Figures> = {}, now = NOW): StaffingDay[] {
  return previousLondonDates(now, 7).map((date) => ({ date, ...FULL_STAFFING, ...figures, reportedAt: null }));
}

/** A ward with full data and every measure green, read an hour ago. */
export function makeInputs(profile: WardProfile, overrides: Partial<MeasureInputs> = {}): MeasureInputs {
  const now = overrides.now ?? NOW;
  return {
    profile,
    now,
    census: makeCensus(),
    patients: patients(3, { news2: news2(1, 4, now) }),
    wardContext: { readAt: new Date(now - HOUR).toISOString(), incidents: [], staffing: staffingWeek({}, now) },
    flow: { admissions: 1, transfersIn: 0, transfersOut: 1 },
    occupiedBedDays7d: 1000,
    ...overrides,
  };
}

/** The same inputs with a different ward context: incidents and/or staffing. */
export function withContext(
  inputs: MeasureInputs,
  context: { incidents?: WardIncident[]; staffing?: StaffingDay[] },
): MeasureInputs {
  const base = inputs.wardContext ?? { readAt: new Date(inputs.now - HOUR).toISOString(), incidents: [], staffing: [] };
  return { ...inputs, wardContext: { ...base, ...context } };
}
