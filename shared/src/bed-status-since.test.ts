import { carryStatusSince } from './bed-status-since.js';
import { makeWardSnapshot } from './testing/board.builders.js';
import type { BedOnBoard, BedStatus, WardSnapshot } from './ward.types.js';

const bed = (id: string, status: BedStatus, statusSince: string | null): BedOnBoard => ({
  id,
  label: id,
  status,
  statusSince,
  patient: null,
});

const snapshot = (asOf: string, beds: BedOnBoard[]): WardSnapshot => makeWardSnapshot(asOf, { requestCount: 5, beds });

const T0 = '2026-11-21T09:00:00.000Z';
const T1 = '2026-11-21T09:15:00.000Z';

describe('carryStatusSince', () => {
  const cases: Array<[string, BedOnBoard | 'none' | 'legacy', BedOnBoard, string | null]> = [
    [
      'keep the FHIR time on the first snapshot',
      'none',
      bed('b', 'cleaning', '2026-11-21T08:00:00.000Z'),
      '2026-11-21T08:00:00.000Z',
    ],
    ['keep unknown on the first snapshot when FHIR does not date the status', 'none', bed('b', 'cleaning', null), null],
    [
      'keep the earlier time while the status stays the same',
      bed('b', 'cleaning', '2026-11-21T07:00:00.000Z'),
      bed('b', 'cleaning', '2026-11-21T09:10:00.000Z'),
      '2026-11-21T07:00:00.000Z',
    ],
    [
      'keep unknown while the status stays the same, rather than start counting now',
      bed('b', 'cleaning', null),
      bed('b', 'cleaning', '2026-11-21T09:10:00.000Z'),
      null,
    ],
    [
      'date a change to this snapshot when FHIR says nothing newer',
      bed('b', 'occupied', '2026-11-20T07:00:00.000Z'),
      bed('b', 'cleaning', null),
      T1,
    ],
    [
      'date a change by the FHIR time when it falls between the two snapshots',
      bed('b', 'occupied', null),
      bed('b', 'cleaning', '2026-11-21T09:05:00.000Z'),
      '2026-11-21T09:05:00.000Z',
    ],
    [
      'not date a change before the stored snapshot, which still showed the old status',
      bed('b', 'occupied', null),
      bed('b', 'cleaning', '2026-11-21T08:30:00.000Z'),
      T1,
    ],
    [
      'not date a change after this snapshot',
      bed('b', 'occupied', null),
      bed('b', 'cleaning', '2026-11-21T09:30:00.000Z'),
      T1,
    ],
    [
      'treat a bed new to the ward as seen for the first time',
      bed('other', 'free', T0),
      bed('b', 'free', '2026-11-01T00:00:00.000Z'),
      '2026-11-01T00:00:00.000Z',
    ],
    [
      'treat a snapshot stored before the field existed as no opinion',
      'legacy',
      bed('b', 'cleaning', '2026-11-21T08:00:00.000Z'),
      '2026-11-21T08:00:00.000Z',
    ],
  ];

  it.each(cases)('should %s', (_name, before, after, expected) => {
    const stored =
      before === 'none'
        ? null
        : before === 'legacy'
          ? snapshot(T0, [{ id: 'b', label: 'b', status: 'cleaning', patient: null } as unknown as BedOnBoard])
          : snapshot(T0, [before]);
    const next = carryStatusSince(stored, snapshot(T1, [after]));
    expect(next.beds[0]?.statusSince).toBe(expected);
  });

  it('should change nothing but statusSince', () => {
    const next = snapshot(T1, [bed('a', 'free', null), bed('b', 'cleaning', null)]);
    const carried = carryStatusSince(snapshot(T0, [bed('a', 'free', T0), bed('b', 'occupied', T0)]), next);
    expect(carried).toEqual({ ...next, beds: [bed('a', 'free', T0), bed('b', 'cleaning', T1)] });
  });
});
