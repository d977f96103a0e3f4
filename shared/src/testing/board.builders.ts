/**
 * Typed builders for tests of every package (`@wardflow/shared/testing`, docs/style.md rule 11): a
 * sensible default for everything, overrides for what a test is about. Packages with other defaults
 * (the client's screens show a NEWS2 on every patient) wrap these rather than write their own.
 */
import type { BedOnBoard, Census, PatientOnBoard, Ward, WardSnapshot } from '../ward.types.js';

export function makePatient(overrides: Partial<PatientOnBoard> = {}): PatientOnBoard {
  return {
    encounterId: 'enc-1',
    initials: 'A.B.',
    sameInitialsAs: [],
    admittedAt: '2026-11-20T10:00:00Z',
    expectedDischargeDate: null,
    onLeave: false,
    news2: null,
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

/** A free bed unless the overrides say otherwise. */
export function makeBed(overrides: Partial<BedOnBoard> = {}): BedOnBoard {
  return { id: 'bed-1', label: 'Bed 1', status: 'free', statusSince: null, patient: null, ...overrides };
}

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

/** An empty ward's census unless the overrides say otherwise. */
export function makeCensus(overrides: Partial<Census> = {}): Census {
  return {
    beds: 0,
    occupied: 0,
    free: 0,
    cleaning: 0,
    closed: 0,
    reserved: 0,
    blocked: 0,
    onLeave: 0,
    admittedToday: 0,
    dischargedToday: 0,
    expectedDischargesToday: 0,
    ...overrides,
  };
}

/** A complete poll of ward `w` at `asOf`: no beds, nothing rejected, no flow, unless the overrides say otherwise. */
export function makeWardSnapshot(asOf: string, overrides: Partial<WardSnapshot> = {}): WardSnapshot {
  return {
    wardId: 'w',
    asOf,
    requestCount: 4,
    beds: [],
    unplaced: [],
    dataQuality: { rejectedResources: 0, patientsWithErrors: 0, unplacedPatients: 0 },
    wardContext: { readAt: asOf, incidents: [], staffing: [] },
    flow: { since: asOf, admissions: 0, transfersIn: 0, transfersOut: 0, discharges: 0, unreadable: 0 },
    census: makeCensus(),
    ...overrides,
  };
}
