import { makeBed, makePatient, makeSnapshot as siteSnapshot } from './sites.builders.js';
import { markShifts, mergeOutcomeDay, outcomeDaysOf, outcomeRunCharts, type OutcomeDay } from './ward-outcomes.js';
import type { BedOnBoard, VteOnBoard, WardSnapshot } from './ward.types.js';

type Snapshot = Parameters<typeof outcomeDaysOf>[0];
/** A stored snapshot with what the outcomes read: the drill-down's builder plus the ward context. */
function makeSnapshot(beds: BedOnBoard[], extra: Partial<Snapshot> = {}): Snapshot {
  const { wardContext, ...rest } = extra;
  return {
    ...siteSnapshot(beds, rest as Partial<Pick<WardSnapshot, 'asOf' | 'flow'>>),
    wardContext: wardContext ?? { readAt: 'not read', incidents: [], staffing: [] },
  };
}

describe('outcomeDaysOf', () => {
  // Tuesday 1 December 2026, 10:00 GMT.
  const asOf = '2026-12-01T10:00:00.000Z';
  const vte = (prophylaxis: boolean): VteOnBoard => ({
    assessment: { dueAt: '2026-11-29T00:00:00Z', doneAt: '2026-11-28T12:00:00Z', state: 'done' },
    outcome: 'indicated',
    prophylaxis: prophylaxis ? { medication: 'Enoxaparin', prescribedAt: null } : null,
  });
  const snapshot = makeSnapshot(
    [
      makeBed('1', 'occupied', { patient: makePatient({ vte: vte(true) }) }),
      makeBed('2', 'occupied', { patient: makePatient({ vte: vte(false) }) }),
      makeBed('3', 'occupied', { patient: makePatient({ vte: vte(true) }) }),
    ],
    {
      asOf,
      flow: {
        since: '2026-11-28T10:00:00.000Z',
        admissions: 0,
        transfersIn: 0,
        transfersOut: 0,
        discharges: 4,
        unreadable: 0,
        events: [
          { kind: 'discharge', at: '2026-11-28T11:00:00.000Z' }, // a day not read whole: not counted
          { kind: 'discharge', at: '2026-11-29T11:59:00.000Z' }, // Sunday, before noon
          { kind: 'discharge', at: '2026-11-29T16:00:00.000Z' },
          { kind: 'admission', at: '2026-11-30T09:00:00.000Z' },
          { kind: 'discharge', at: '2026-12-01T09:30:00.000Z' }, // today so far
        ],
      },
      wardContext: {
        readAt: asOf,
        incidents: [
          { id: 'a', categories: ['fall'], occurredAt: '2026-11-30T03:00:00.000Z' },
          { id: 'b', categories: ['fall', 'hypoglycaemia'], occurredAt: '2026-11-30T14:00:00.000Z' },
          { id: 'c', categories: ['self-harm'], occurredAt: '2026-11-25T14:00:00.000Z' },
        ],
        staffing: [],
      },
    },
  );

  it('reads VTE for its own day, discharges for whole days in the movements window, incidents for the context window', () => {
    const days = outcomeDaysOf(snapshot);
    const byDate = new Map(days.map((d) => [d.date, d]));
    expect(byDate.get('2026-12-01')).toEqual({
      date: '2026-12-01',
      vte: { indicated: 3, prescribed: 2 },
      discharges: { total: 1, beforeNoon: 1 },
      falls: 0,
      lowGlucose: 0,
    });
    expect(byDate.get('2026-11-29')).toMatchObject({ vte: null, discharges: { total: 2, beforeNoon: 1 } });
    expect(byDate.get('2026-11-30')).toMatchObject({
      discharges: { total: 0, beforeNoon: 0 },
      falls: 2,
      lowGlucose: 1,
    });
    // 28 November began before the window: its discharges are not known whole.
    expect(byDate.get('2026-11-28')?.discharges).toBeNull();
    // Incidents: the 8 days before the read, whole days only.
    expect(days[0]?.date).toBe('2026-11-24');
    expect(byDate.get('2026-11-23')).toBeUndefined();
  });

  it('counts before noon in London time across the clock change (BST: 11:30 UTC is 12:30)', () => {
    const summer = makeSnapshot([], {
      asOf: '2026-07-02T20:00:00.000Z',
      flow: {
        since: '2026-06-29T20:00:00.000Z',
        admissions: 0,
        transfersIn: 0,
        transfersOut: 0,
        discharges: 2,
        unreadable: 0,
        events: [
          { kind: 'discharge', at: '2026-07-01T10:30:00.000Z' },
          { kind: 'discharge', at: '2026-07-01T11:30:00.000Z' },
        ],
      },
    });
    expect(outcomeDaysOf(summer).find((d) => d.date === '2026-07-01')?.discharges).toEqual({ total: 2, beforeNoon: 1 });
  });

  it('keeps what an earlier reading said where a newer one did not read', () => {
    const stored: OutcomeDay = {
      date: '2026-12-01',
      vte: { indicated: 4, prescribed: 4 },
      discharges: null,
      falls: 1,
      lowGlucose: 0,
    };
    expect(
      mergeOutcomeDay(stored, {
        date: '2026-12-01',
        vte: null,
        discharges: { total: 2, beforeNoon: 0 },
        falls: 2,
        lowGlucose: null,
      }),
    ).toEqual({
      date: '2026-12-01',
      vte: { indicated: 4, prescribed: 4 },
      discharges: { total: 2, beforeNoon: 0 },
      falls: 2,
      lowGlucose: 0,
    });
  });
});

describe('markShifts', () => {
  it.each<[string, Array<number | null>, number, boolean[]]>([
    ['six above in a row', [1, 5, 6, 7, 8, 9, 10, 1], 4, [false, true, true, true, true, true, true, false]],
    ['five is not enough', [5, 6, 7, 8, 9, 1], 4, [false, false, false, false, false, false]],
    [
      'a point on the median neither breaks nor counts',
      [5, 6, 4, 7, 8, 9, 9],
      4,
      [true, true, false, true, true, true, true],
    ],
    [
      'a gap (no data) neither breaks nor counts',
      [1, 2, null, 1, 2, 1, 2, 9],
      4,
      [true, true, false, true, true, true, true, false],
    ],
  ])('%s', (_name, values, centre, marks) => {
    expect(markShifts(values, centre)).toEqual(marks);
  });
});

describe('outcomeRunCharts', () => {
  // Wednesday 2 December 2026: the weeks start on Mondays, the last is this one, still running.
  const now = Date.parse('2026-12-02T10:00:00Z');
  const day = (date: string, extra: Partial<OutcomeDay>): OutcomeDay => ({
    date,
    vte: null,
    discharges: null,
    falls: null,
    lowGlucose: null,
    ...extra,
  });

  it('pools each London week: shares over what they stand on, counts summed, gaps where nothing was read', () => {
    const charts = outcomeRunCharts(
      [
        day('2026-11-23', {
          vte: { indicated: 4, prescribed: 3 },
          discharges: { total: 3, beforeNoon: 1 },
          falls: 1,
          lowGlucose: 0,
        }),
        day('2026-11-29', {
          vte: { indicated: 6, prescribed: 6 },
          discharges: { total: 1, beforeNoon: 1 },
          falls: 0,
          lowGlucose: 2,
        }),
        day('2026-11-30', { vte: { indicated: 0, prescribed: 0 }, falls: 2 }),
      ],
      now,
    );
    const last = (id: keyof typeof charts) => charts[id].points.slice(-2);
    expect(charts.falls.points).toHaveLength(12);
    expect(charts.falls.points[0]?.weekStart).toBe('2026-09-14');
    expect(last('vte-prophylaxis')).toEqual([
      { weekStart: '2026-11-23', value: 90, n: 10, partial: false, shift: false },
      // Nobody indicated this week so far: no value, not 0%.
      { weekStart: '2026-11-30', value: null, n: 0, partial: true, shift: false },
    ]);
    expect(last('discharges-before-noon').map((p) => [p.value, p.n])).toEqual([
      [50, 4],
      [null, 0],
    ]);
    expect(last('falls').map((p) => [p.value, p.n])).toEqual([
      [1, 2],
      [2, 1],
    ]);
    expect(last('low-glucose').map((p) => [p.value, p.n])).toEqual([
      [2, 2],
      [null, 0],
    ]);
    // Weeks with nothing read are gaps, and the median is of the weeks read.
    expect(charts.falls.points[0]?.value).toBeNull();
    expect(charts.falls.median).toBe(1.5);
  });

  it('marks a shift: six weeks of low prophylaxis after a better run', () => {
    const days: OutcomeDay[] = [];
    for (let week = 0; week < 12; week++) {
      const monday = new Date(Date.parse('2026-09-14T12:00:00Z') + week * 7 * 86_400_000).toISOString().slice(0, 10);
      days.push(day(monday, { vte: { indicated: 10, prescribed: week < 6 ? 10 : 7 } }));
    }
    const chart = outcomeRunCharts(days, now)['vte-prophylaxis'];
    expect(chart.median).toBe(85);
    expect(chart.points.map((p) => p.shift)).toEqual(Array(12).fill(true));
    expect(chart.points.map((p) => p.value)).toEqual([100, 100, 100, 100, 100, 100, 70, 70, 70, 70, 70, 70]);
  });
});
