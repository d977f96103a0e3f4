import { makeBed, makePatient, makeSnapshot as siteSnapshot } from './sites.builders.js';
import {
  markShifts,
  OUTCOME_CHARTS,
  outcomeDaysOf,
  outcomeRunCharts,
  runChartWords,
  type RunChartPoint,
  type WardOutcomeDay,
} from './ward-outcomes.js';
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
          { kind: 'discharge', at: '2026-12-01T09:30:00.000Z' }, // today so far: not counted yet
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
    // Today: VTE now and incidents so far; its discharges are not whole until the day is over (a
    // morning's discharges are all before noon).
    expect(byDate.get('2026-12-01')).toEqual({
      date: '2026-12-01',
      vte: { indicated: 3, prescribed: 2 },
      discharges: null,
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
    // Incidents: the 7 days before the read (what FHIR and the incident feed both cover), whole days only.
    expect(days[0]?.date).toBe('2026-11-25');
    expect(byDate.get('2026-11-24')).toBeUndefined();
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
  const day = (date: string, extra: Partial<WardOutcomeDay>): WardOutcomeDay => ({
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
      { weekStart: '2026-11-23', value: 90, n: 10, daysRead: 2, partial: false, shift: false },
      // Nobody indicated this week so far: no value, not 0%.
      { weekStart: '2026-11-30', value: null, n: 0, daysRead: 1, partial: true, shift: false },
    ]);
    expect(last('discharges-before-noon').map((p) => [p.value, p.n])).toEqual([
      [50, 4],
      [null, 0],
    ]);
    expect(last('falls').map((p) => [p.value, p.n, p.partial])).toEqual([
      // Two days read of the week: a count of two days, not a week's, and drawn so.
      [1, 2, true],
      [2, 1, true],
    ]);
    expect(last('low-glucose').map((p) => [p.value, p.n])).toEqual([
      [2, 2],
      [null, 0],
    ]);
    // Weeks with nothing read are gaps; no whole week of counts yet, so no median to draw.
    expect(charts.falls.points[0]?.value).toBeNull();
    expect(charts.falls.median).toBeNull();
    // A share is a rate of what was read: last week's stands in the median.
    expect(charts['vte-prophylaxis'].median).toBe(90);
  });

  it('takes the counts median from whole weeks only: the running week and half-read weeks stay out', () => {
    const days: WardOutcomeDay[] = [];
    const falls = [2, 3, 1, 2, 4, 2, 3, 2, 1, 2, 3];
    falls.forEach((perWeek, week) => {
      for (let d = 0; d < 7; d++) {
        const date = new Date(Date.parse('2026-09-14T12:00:00Z') + (week * 7 + d) * 86_400_000)
          .toISOString()
          .slice(0, 10);
        days.push(day(date, { falls: d === 0 ? perWeek : 0, lowGlucose: d < 3 ? 0 : null }));
      }
    });
    // This week so far (Monday and Tuesday): no falls yet.
    days.push(day('2026-11-30', { falls: 0 }), day('2026-12-01', { falls: 0 }));
    const charts = outcomeRunCharts(days, now);
    expect(charts.falls.points.map((p) => p.value)).toEqual([...falls, 0]);
    expect(charts.falls.points.map((p) => p.partial)).toEqual([...Array(11).fill(false), true]);
    // Median of the eleven whole weeks: 2; this week's 0 neither lowers it nor starts a run.
    expect(charts.falls.median).toBe(2);
    // Low glucose read on three days a week only: every week partial, nothing to draw a median from.
    expect(charts['low-glucose'].points.slice(0, 11).every((p) => p.partial && p.value === 0 && p.n === 3)).toBe(true);
    expect(charts['low-glucose'].median).toBeNull();
  });

  it('marks a shift: six weeks of low prophylaxis after a better run', () => {
    const days: WardOutcomeDay[] = [];
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

describe('runChartWords', () => {
  const meta = (id: string) => OUTCOME_CHARTS.find((m) => m.id === id) as (typeof OUTCOME_CHARTS)[number];
  const point = (value: number | null, n: number, extra: Partial<RunChartPoint> = {}): RunChartPoint => ({
    weekStart: '2026-11-23',
    value,
    n,
    daysRead: 7,
    partial: false,
    shift: false,
    ...extra,
  });

  it('says last week and this week so far, with what each stands on', () => {
    const words = runChartWords(
      { median: 80, points: [point(75, 40), point(83.3, 42), point(90, 10, { partial: true })] },
      meta('vte-prophylaxis'),
    );
    expect(words).toEqual({
      lastWeek: 'Last week 83.3%',
      detail: 'of 42 patient-days · median 80%',
      thisWeek: 'this week so far 90%',
      shift: null,
      shiftWorse: false,
    });
  });

  it('says a week with nothing to count, one not read, and a count of fewer than seven days', () => {
    expect(
      runChartWords({ median: null, points: [point(null, 0), point(null, 0)] }, meta('discharges-before-noon')),
    ).toMatchObject({ lastWeek: 'Last week: no discharges', detail: null, thisWeek: null });
    const unread = [point(null, 0, { daysRead: 0 }), point(null, 0, { daysRead: 0 })];
    expect(runChartWords({ median: null, points: unread }, meta('falls')).lastWeek).toBe('Last week: not read');
    expect(runChartWords({ median: null, points: unread }, meta('vte-prophylaxis')).lastWeek).toBe(
      'Last week: not read',
    );
    expect(
      runChartWords(
        {
          median: null,
          points: [point(1, 3, { partial: true, daysRead: 3 }), point(0, 2, { partial: true, daysRead: 2 })],
        },
        meta('falls'),
      ),
    ).toMatchObject({ lastWeek: 'Last week 1', detail: '3 of 7 days read', thisWeek: 'this week so far 0' });
  });

  it('names the shift the latest weeks are in, and whether it is better or worse for this outcome', () => {
    const low = (n: number) => Array.from({ length: n }, () => point(1, 7, { shift: true }));
    const high = (n: number) => Array.from({ length: n }, () => point(4, 7, { shift: true }));
    // Falls: six weeks below the median is better; this week (partial) does not count.
    const falls = runChartWords(
      { median: 2.5, points: [...high(6), ...low(6), point(0, 2, { partial: true })] },
      meta('falls'),
    );
    expect(falls).toMatchObject({ shift: '6 weeks below the median: better', shiftWorse: false });
    // Discharges before noon: a run below the median is worse; a week on the median neither breaks nor counts.
    const noon = runChartWords(
      {
        median: 40,
        points: [
          point(60, 10),
          ...Array.from({ length: 3 }, () => point(20, 10, { shift: true })),
          point(40, 10),
          ...Array.from({ length: 3 }, () => point(25, 10, { shift: true })),
        ],
      },
      meta('discharges-before-noon'),
    );
    expect(noon).toMatchObject({ shift: '6 weeks below the median: worse', shiftWorse: true });
    // No shift in the latest weeks: nothing said, even if an older run was one.
    expect(
      runChartWords({ median: 2.5, points: [...high(6), point(1, 7), point(4, 7)] }, meta('falls')).shift,
    ).toBeNull();
  });
});
