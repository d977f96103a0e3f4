import { computeCensus, unavailableBeds } from './census.js';
import { makePatient } from './testing/board.builders.js';
import type { BedOnBoard, PatientOnBoard } from './ward.types.js';

const now = Date.parse('2026-11-21T10:00:00Z');

function makeBed(id: string, status: BedOnBoard['status'], patient: PatientOnBoard | null = null): BedOnBoard {
  return { id, label: id, status, statusSince: null, patient };
}

describe('computeCensus', () => {
  it('should count beds by status, leave and expected discharges today', () => {
    const census = computeCensus(
      [
        makeBed('b1', 'occupied', makePatient({ expectedDischargeDate: '2026-11-21' })),
        makeBed('b2', 'occupied', makePatient({ onLeave: true, expectedDischargeDate: '2026-11-22' })),
        makeBed('b3', 'free'),
        makeBed('b4', 'cleaning'),
        makeBed('b5', 'closed'),
        makeBed('b6', 'reserved'),
        makeBed('b7', 'isolated'),
        makeBed('b8', 'contaminated'),
        makeBed('b9', 'unknown'),
      ],
      { admissions: ['2026-11-21T01:00:00Z', '2026-11-20T23:00:00Z'], discharges: ['2026-11-21T09:00:00Z'] },
      now,
    );
    expect(census).toEqual({
      beds: 9,
      occupied: 2,
      free: 1,
      cleaning: 1,
      closed: 1,
      reserved: 1,
      blocked: 0,
      isolated: 1,
      contaminated: 1,
      unknown: 1,
      onLeave: 1,
      admittedToday: 1,
      dischargedToday: 1,
      expectedDischargesToday: 1,
    });
  });

  it('should count an admission at 23:30 UTC in summer as the next London day', () => {
    const summerNow = Date.parse('2026-07-02T08:00:00Z');
    const census = computeCensus([], { admissions: ['2026-07-01T23:30:00Z'], discharges: [] }, summerNow);
    expect(census.admittedToday).toBe(1);
  });
});

describe('unavailableBeds', () => {
  it.each([
    [{ closed: 1, blocked: 2 }, 3],
    [{ closed: 1, blocked: 2, isolated: 3, contaminated: 4 }, 10],
    [{ closed: 0, blocked: 0, isolated: undefined, contaminated: 1 }, 1],
  ])(
    'should count %p as %p beds that cannot take a patient (older snapshots have no isolated or contaminated)',
    (census, n) => {
      expect(unavailableBeds(census)).toBe(n);
    },
  );
});
