import { composeSiteFlow, occupancyByHour, type HourlyCensus } from './site-flow.js';
import {
  NOW,
  RULES,
  makeBed,
  makeInput,
  makePatient,
  makeSnapshot,
  makeWard,
  minutesBefore,
} from './sites.builders.js';

describe('composeSiteFlow', () => {
  const site = { siteId: 'site-n', siteName: 'North General' };

  it('should count admissions and discharges by London hour over the window, and discharges before noon', () => {
    // 1 July is BST: 08:15 UTC is 09:15 London.
    const now = Date.parse('2026-07-01T12:00:00Z');
    const events = [
      { kind: 'admission' as const, at: '2026-07-01T08:15:00Z' },
      { kind: 'discharge' as const, at: '2026-07-01T10:30:00Z' },
      { kind: 'discharge' as const, at: '2026-06-30T14:00:00Z' },
      { kind: 'transfer-in' as const, at: '2026-06-30T22:59:00Z' },
      // Before the window of 1 day: left out.
      { kind: 'admission' as const, at: '2026-06-29T09:00:00Z' },
    ];
    const snapshot = makeSnapshot([makeBed('1', 'occupied')], {
      asOf: minutesBefore(5, now),
      flow: {
        since: minutesBefore(72 * 60, now),
        admissions: 2,
        transfersIn: 1,
        transfersOut: 0,
        discharges: 2,
        unreadable: 0,
        events,
      },
    });
    const flow = composeSiteFlow(
      site,
      [makeInput(snapshot), makeInput(null, { ward: makeWard({ id: 'ward-b' }) })],
      [],
      1,
      now,
      RULES,
    );
    expect(flow.movements.from).toBe('2026-06-30T12:00:00.000Z');
    expect(flow.movements.totals).toEqual({ admissions: 1, discharges: 2, transfersIn: 1, transfersOut: 0 });
    expect(flow.movements.byHour[9]).toMatchObject({ admissions: 1 });
    expect(flow.movements.byHour[11]).toMatchObject({ discharges: 1 });
    expect(flow.movements.byHour[15]).toMatchObject({ discharges: 1 });
    expect(flow.movements.byHour[23]).toMatchObject({ transfersIn: 1 });
    expect(flow.movements.dischargesBeforeNoon).toBe(1);
    expect(flow.movements.wardsWithoutMovements).toBe(1);
  });

  it('should start no earlier than the 72 hours snapshots keep, whatever days asks', () => {
    const flow = composeSiteFlow(site, [makeInput(makeSnapshot([]))], [], 7, NOW, RULES);
    expect(flow.movements.from).toBe(minutesBefore(72 * 60));
    expect(flow.occupancy.from).toBe(minutesBefore(7 * 24 * 60));
  });

  it('should put a discharge in its London hour on both sides of the autumn change', () => {
    // 25 October 2026: 00:30 UTC is 01:30 BST, 01:30 UTC is 01:30 GMT: both in London hour 1.
    const now = Date.parse('2026-10-25T06:00:00Z');
    const events = [
      { kind: 'discharge' as const, at: '2026-10-25T00:30:00Z' },
      { kind: 'discharge' as const, at: '2026-10-25T01:30:00Z' },
    ];
    const snapshot = makeSnapshot([], {
      asOf: minutesBefore(5, now),
      flow: {
        since: minutesBefore(72 * 60, now),
        admissions: 0,
        transfersIn: 0,
        transfersOut: 0,
        discharges: 2,
        unreadable: 0,
        events,
      },
    });
    expect(composeSiteFlow(site, [makeInput(snapshot)], [], 1, now, RULES).movements.byHour[1]?.discharges).toBe(2);
  });

  it('should bin current inpatients by whole days of stay, keeping unknown admissions apart', () => {
    const admitted = (hours: number) => makePatient({ admittedAt: new Date(NOW - hours * 3_600_000).toISOString() });
    const beds = [2, 23, 24, 71, 72, 7 * 24 + 23, 8 * 24, 28 * 24 + 23, 29 * 24].map((h, i) =>
      makeBed(String(i), 'occupied', { patient: admitted(h) }),
    );
    const unplaced = [{ patient: makePatient({ admittedAt: null }), reason: 'no bed' }];
    const flow = composeSiteFlow(site, [makeInput(makeSnapshot(beds, { unplaced }))], [], 3, NOW, RULES);
    expect(flow.lengthOfStay.bins.map((b) => [b.label, b.patients])).toEqual([
      ['<1d', 2],
      ['1-2d', 2],
      ['3-7d', 2],
      ['8-14d', 1],
      ['15-28d', 1],
      ['>28d', 1],
    ]);
    expect(flow.lengthOfStay).toMatchObject({ patients: 10, unknown: 1, medianDays: 3 });
  });
});

describe('composeSiteFlow: delayed discharges', () => {
  const site = { siteId: 'site-n', siteName: 'North General' };
  const ready = (
    readyDate: string,
    pathway: 0 | 1 | 2 | 3 | null,
    delayReasons: Array<{ reason: 'care-package' | 'transport' | null; text: string }>,
  ) => ({ status: 'ready' as const, readyDate, reviewedAt: null, pathway, delayReasons });

  it('should count delayed patients by reason and pathway, with the days they have waited', () => {
    // NOW is Saturday 21 November 2026.
    const beds = [
      makeBed('1', 'occupied', {
        patient: makePatient({ discharge: ready('2026-11-19', 1, [{ reason: 'care-package', text: 'x' }]) }),
      }),
      makeBed('2', 'occupied', {
        patient: makePatient({
          discharge: ready('2026-11-20', 1, [
            { reason: 'care-package', text: 'x' },
            { reason: 'transport', text: 'x' },
          ]),
        }),
      }),
      makeBed('3', 'occupied', {
        patient: makePatient({ discharge: ready('2026-11-16', 3, [{ reason: null, text: 'Awaiting POC start' }]) }),
      }),
      makeBed('4', 'occupied', { patient: makePatient({ discharge: ready('2026-11-18', null, []) }) }),
      // Ready today: not delayed yet.
      makeBed('5', 'occupied', { patient: makePatient({ discharge: ready('2026-11-21', 0, []) }) }),
      // No readiness recorded, an open discharge Task: delayed, with no date or pathway.
      makeBed('6', 'occupied', {
        patient: makePatient({ delays: [{ kind: 'discharge', description: 'TTO', dueAt: null, overdue: false }] }),
      }),
    ];
    const summary = composeSiteFlow(site, [makeInput(makeSnapshot(beds))], [], 1, NOW, RULES).delayedDischarges;
    expect(summary).toEqual({
      patients: 5,
      daysWaiting: 2 + 1 + 5 + 3,
      readyToday: 1,
      byPathway: [
        { pathway: 0, patients: 0 },
        { pathway: 1, patients: 2 },
        { pathway: 2, patients: 0 },
        { pathway: 3, patients: 1 },
        { pathway: null, patients: 2 },
      ],
      byReason: [
        {
          reason: 'care-package',
          label: 'Awaiting a new home care package (pathway 1)',
          patients: 2,
          daysWaiting: 3,
          byPathway: [0, 2, 0, 0, 0],
        },
        { reason: null, label: 'Awaiting POC start', patients: 1, daysWaiting: 5, byPathway: [0, 0, 0, 1, 0] },
        { reason: 'transport', label: 'Awaiting transport', patients: 1, daysWaiting: 1, byPathway: [0, 1, 0, 0, 0] },
      ],
      withoutReason: 2,
      fromTasksOnly: 1,
    });
  });
});

describe('occupancyByHour', () => {
  const row = (wardId: string, hour: string, occupied: number, beds = 10, closed = 0): HourlyCensus => ({
    wardId,
    hour,
    occupied,
    beds,
    closed,
    blocked: 0,
  });

  it('should sum the wards reporting in each hour over their open beds, oldest first, inside the window', () => {
    const history = [
      row('a', '2026-11-21T09:00:00Z', 8),
      row('b', '2026-11-21T09:00:00Z', 4, 10, 2),
      row('a', '2026-11-21T08:00:00Z', 9),
      row('a', '2026-11-19T08:00:00Z', 1),
    ];
    expect(occupancyByHour(history, Date.parse('2026-11-20T10:00:00Z'), NOW)).toEqual([
      { at: '2026-11-21T08:00:00.000Z', occupied: 9, openBeds: 10, percent: 90, wardsReporting: 1 },
      { at: '2026-11-21T09:00:00.000Z', occupied: 12, openBeds: 18, percent: (12 / 18) * 100, wardsReporting: 2 },
    ]);
  });

  it('should give no percentage for an hour with no open beds', () => {
    expect(
      occupancyByHour([row('a', '2026-11-21T09:00:00Z', 0, 4, 4)], NOW - 3_600_000 * 5, NOW)[0]?.percent,
    ).toBeNull();
  });
});
