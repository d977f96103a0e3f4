/** Typed builders for the patient detail tests (docs/style.md rule 11). */
import type { News2Point, PatientDetail } from '@wardflow/shared';
import { makeNews2, makePatient, makeWard, minutesBefore, NOW } from '../testing/builders';

export function makePoint(score: number, minutesAgo: number, overrides: Partial<News2Point> = {}): News2Point {
  return {
    at: minutesBefore(minutesAgo),
    score,
    band: score >= 7 ? 'high' : score >= 5 ? 'medium' : 'low',
    source: 'reported',
    ...overrides,
  };
}

export function makePatientDetail(overrides: Partial<PatientDetail> = {}): PatientDetail {
  return {
    ward: makeWard(),
    bed: { id: 'bed-4', label: 'Bed 4' },
    boardAsOf: minutesBefore(10),
    boardFreshness: 'fresh',
    readAt: new Date(NOW).toISOString(),
    serverTime: new Date(NOW).toISOString(),
    patient: { fhirId: 'pat-123', name: 'Jane Smith', nhsNumber: '9434765919', birthDate: '1948-03-12' },
    onBoard: makePatient({ news2: makeNews2(6, 30) }),
    news2: {
      from: minutesBefore(72 * 60),
      to: new Date(NOW).toISOString(),
      points: [makePoint(2, 48 * 60), makePoint(5, 12 * 60), makePoint(7, 90)],
      rejected: 0,
    },
    escalations: [],
    ...overrides,
  };
}
