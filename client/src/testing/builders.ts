/**
 * Typed builders for tests: a sensible default for everything, overrides for what a test is about.
 */
import {
  computeCensus,
  news2Band,
  news2DueAt,
  type BedOnBoard,
  type Board,
  type News2OnBoard,
  type PatientOnBoard,
  type Ward,
} from '@wardflow/shared';

/** The instant tests treat as "now" on the server: a winter afternoon, so London time is GMT. */
export const NOW = Date.parse('2026-01-14T14:00:00Z');

export const minutesBefore = (minutes: number, from = NOW): string => new Date(from - minutes * 60_000).toISOString();

export function makeWard(overrides: Partial<Ward> = {}): Ward {
  return {
    id: 'ward-ash',
    name: 'Ash Ward',
    siteId: 'site-north',
    siteName: 'North General',
    profile: 'acute',
    displayLabel: 'initials',
    showMentalHealthAct: true,
    ...overrides,
  };
}

/**
 * A reported NEWS2 set observed `minutesAgo` before NOW, due by the RCP frequency for its score (and
 * band, so `anySingleParameterScored3: true` in the overrides gives low-medium for a low total).
 */
export function makeNews2(score: number, minutesAgo = 30, overrides: Partial<News2OnBoard> = {}): News2OnBoard {
  const anySingleParameterScored3 = overrides.anySingleParameterScored3 ?? false;
  const band = news2Band(score, anySingleParameterScored3);
  const observedAt = minutesBefore(minutesAgo);
  return { score, band, source: 'reported', anySingleParameterScored3, observedAt, dueAt: news2DueAt(observedAt, score, band), ...overrides };
}

export function makePatient(overrides: Partial<PatientOnBoard> = {}): PatientOnBoard {
  return {
    encounterId: 'enc-1',
    initials: 'J.S.',
    sameInitialsAs: [],
    admittedAt: minutesBefore(3 * 24 * 60),
    expectedDischargeDate: null,
    onLeave: false,
    news2: makeNews2(1),
    observationLevel: null,
    mentalHealthAct: null,
    fallsRisk: null,
    glucose: null,
    awol: null,
    carePlanReview: null,
    assessments: [],
    delays: [],
    dataErrors: [],
    ...overrides,
  };
}

export function makeBed(overrides: Partial<BedOnBoard> = {}): BedOnBoard {
  return { id: 'bed-1', label: 'Bed 1', status: 'free', statusSince: null, patient: null, ...overrides };
}

/** An occupied bed `n` with patient `enc-n`. */
export function makeOccupiedBed(n: number, patient: Partial<PatientOnBoard> = {}): BedOnBoard {
  return makeBed({
    id: `bed-${n}`,
    label: `Bed ${n}`,
    status: 'occupied',
    patient: makePatient({ encounterId: `enc-${n}`, ...patient }),
  });
}

/** A fresh board as of ten minutes before NOW, its census counted from its beds. */
export function makeBoard(overrides: Partial<Board> = {}): Board {
  const beds = overrides.beds ?? [makeOccupiedBed(1), makeOccupiedBed(2, { initials: 'A.B.' }), makeBed({ id: 'bed-3', label: 'Bed 3' })];
  return {
    ward: makeWard(),
    asOf: minutesBefore(10),
    freshness: 'fresh',
    version: 1,
    serverTime: new Date(NOW).toISOString(),
    census: computeCensus(beds, { admissions: [], discharges: [] }, NOW),
    beds,
    unplaced: [],
    dataQuality: { rejectedResources: 0, patientsWithErrors: 0, unplacedPatients: 0 },
    staffing: null,
    safety: null,
    ...overrides,
  };
}
