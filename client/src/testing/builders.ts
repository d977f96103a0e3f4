/**
 * Typed builders for the client's tests: a sensible default for everything, overrides for what a test
 * is about. Wards, beds and patients are `@wardflow/shared/testing`'s, with the client's defaults on
 * top: a patient is "J.S.", admitted three days before NOW, with a NEWS2 (the screens show one on every card).
 */
import {
  computeCensus,
  news2Band,
  news2DueAt,
  type BedOnBoard,
  type Board,
  type News2OnBoard,
  type PatientOnBoard,
  type WardSummary,
} from '@wardflow/shared';
import { makeBed, makePatient as makeSharedPatient, makeWard } from '@wardflow/shared/testing';

export { makeBed, makeWard };

/** The instant tests treat as "now" on the server: a winter afternoon, so London time is GMT. */
export const NOW = Date.parse('2026-01-14T14:00:00Z');

export const minutesBefore = (minutes: number, from = NOW): string => new Date(from - minutes * 60_000).toISOString();

/** A ward as GET /api/wards lists it: 18 of 20 beds occupied, data ten minutes old. */
export function makeWardSummary(overrides: Partial<WardSummary> = {}): WardSummary {
  const { id, name, siteId, siteName, profile } = makeWard();
  return {
    id,
    name,
    siteId,
    siteName,
    profile,
    bedCount: 20,
    occupied: 18,
    asOf: minutesBefore(10),
    freshness: 'fresh',
    retired: null,
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
  return {
    score,
    band,
    source: 'reported',
    anySingleParameterScored3,
    observedAt,
    dueAt: news2DueAt(observedAt, score, band),
    ...overrides,
  };
}

export function makePatient(overrides: Partial<PatientOnBoard> = {}): PatientOnBoard {
  return makeSharedPatient({
    initials: 'J.S.',
    admittedAt: minutesBefore(3 * 24 * 60),
    news2: makeNews2(1),
    ...overrides,
  });
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
  const beds = overrides.beds ?? [
    makeOccupiedBed(1),
    makeOccupiedBed(2, { initials: 'A.B.' }),
    makeBed({ id: 'bed-3', label: 'Bed 3' }),
  ];
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
    expected: [],
    ...overrides,
  };
}
