import fc from 'fast-check';
import { mutate, mutationsOf } from './hostile-input.builders.js';
import type { MeasureReport, MeasureReportGroup } from '@medplum/fhirtypes';
import { WARD_CONTEXT, type StaffingFigure } from './fhir-codes.js';
import { UCUM } from './observation-rules.js';
import { readStaffing } from './staffing.js';

function group(code: StaffingFigure | string, value: unknown, unit: unknown = 'h'): MeasureReportGroup {
  return {
    code: { coding: [{ system: WARD_CONTEXT.staffingGroupSystem, code }] },
    measureScore: { value, unit, system: UCUM, code: unit } as never,
  };
}

const allFigures = [
  group('planned-hours', 240),
  group('actual-hours', 228.5),
  group('bank-hours', 24),
  group('agency-hours', 12),
  group('sickness-hours', 7.5),
];

function report(id: string, start: string, end: string, extra: Partial<MeasureReport> = {}): MeasureReport {
  return {
    resourceType: 'MeasureReport',
    id,
    status: 'complete',
    type: 'summary',
    measure: WARD_CONTEXT.staffingMeasure,
    subject: { reference: 'Location/ward-a' },
    date: `${end.slice(0, 10)}T06:00:00Z`,
    period: { start, end },
    group: allFigures,
    ...extra,
  };
}

/** A GMT day: London midnight is UTC midnight. */
const gmt = (id: string, extra: Partial<MeasureReport> = {}): MeasureReport =>
  report(id, '2026-11-20T00:00:00Z', '2026-11-21T00:00:00Z', extra);

describe('readStaffing', () => {
  it('should read the five figures of a complete report', () => {
    expect(readStaffing([gmt('r1')])).toEqual({
      days: [
        {
          date: '2026-11-20',
          plannedHours: 240,
          actualHours: 228.5,
          bankHours: 24,
          agencyHours: 12,
          sicknessHours: 7.5,
          reportedAt: '2026-11-21T06:00:00.000Z',
        },
      ],
      rejected: [],
    });
  });

  it('should take the London day of period.start across both clock changes', () => {
    // 29 March 2026: clocks go forward at 01:00 GMT, so the day is 23 hours long.
    const spring = report('spring', '2026-03-29T00:00:00Z', '2026-03-29T23:00:00Z');
    // 25 October 2026: London midnight is 23:00 UTC the day before (BST); clocks go back, 25 hours.
    const autumn = report('autumn', '2026-10-24T23:00:00Z', '2026-10-26T00:00:00Z');
    expect(readStaffing([autumn, spring]).days.map((d) => d.date)).toEqual(['2026-03-29', '2026-10-25']);
  });

  it('should convert minutes to hours', () => {
    expect(readStaffing([gmt('r1', { group: [group('bank-hours', 90, 'min')] })]).days[0]?.bankHours).toBe(1.5);
  });

  it('should leave a missing figure null, never 0, without calling it an error', () => {
    const { days, rejected } = readStaffing([gmt('r1', { group: [group('planned-hours', 240)] })]);
    expect(days[0]).toMatchObject({
      plannedHours: 240,
      actualHours: null,
      bankHours: null,
      agencyHours: null,
      sicknessHours: null,
    });
    expect(rejected).toEqual([]);
  });

  it('should keep a true zero', () => {
    expect(readStaffing([gmt('r1', { group: [group('agency-hours', 0)] })]).days[0]?.agencyHours).toBe(0);
  });

  it('should make bad figures null and count one rejection for the report', () => {
    const { days, rejected } = readStaffing([
      gmt('r1', {
        group: [
          group('planned-hours', 240, 'd'),
          group('actual-hours', -1),
          group('bank-hours', '24'),
          group('agency-hours', 12),
          { code: { coding: [{ system: WARD_CONTEXT.staffingGroupSystem, code: 'sickness-hours' }] } },
        ],
      }),
    ]);
    expect(days[0]).toMatchObject({
      plannedHours: null,
      actualHours: null,
      bankHours: null,
      agencyHours: 12,
      sicknessHours: null,
    });
    expect(rejected).toEqual([
      {
        id: 'r1',
        reason:
          'bad figures: actual-hours negative value; bank-hours value not a number; planned-hours unit d; sickness-hours no measureScore',
      },
    ]);
  });

  it('should refuse a unit from another system', () => {
    const g: MeasureReportGroup = {
      code: { coding: [{ system: WARD_CONTEXT.staffingGroupSystem, code: 'planned-hours' }] },
      measureScore: { value: 240, system: 'http://other', code: 'h' },
    };
    const { days, rejected } = readStaffing([gmt('r1', { group: [g] })]);
    expect(days[0]?.plannedHours).toBeNull();
    expect(rejected).toEqual([{ id: 'r1', reason: 'bad figures: planned-hours unit system http://other' }]);
  });

  it('should believe a figure given twice only when both copies agree', () => {
    expect(
      readStaffing([gmt('r1', { group: [group('bank-hours', 24), group('bank-hours', 1440, 'min')] })]).days[0]
        ?.bankHours,
    ).toBe(24);
    const { days, rejected } = readStaffing([gmt('r1', { group: [group('bank-hours', 24), group('bank-hours', 12)] })]);
    expect(days[0]?.bankHours).toBeNull();
    expect(rejected).toEqual([{ id: 'r1', reason: 'bad figures: bank-hours given twice with different values' }]);
  });

  it('should ignore groups of other systems and codes', () => {
    const other: MeasureReportGroup = {
      code: { coding: [{ system: 'http://other', code: 'planned-hours' }] },
      measureScore: { value: 1, unit: 'h' },
    };
    const { days, rejected } = readStaffing([
      gmt('r1', { group: [other, group('care-hours', 5), group('planned-hours', 240)] }),
    ]);
    expect(days[0]?.plannedHours).toBe(240);
    expect(rejected).toEqual([]);
  });

  it('should ignore pending reports and other measures, and reject error reports', () => {
    const result = readStaffing([
      gmt('pending', { status: 'pending' }),
      gmt('other', { measure: 'https://fhir.wardflow.org/Measure/other' }),
      gmt('err', { status: 'error' }),
    ]);
    expect(result).toEqual({ days: [], rejected: [{ id: 'err', reason: 'status error' }] });
  });

  it('should not let a later pending or error report displace a complete one', () => {
    const complete = gmt('c', { date: '2026-11-21T06:00:00Z' });
    const result = readStaffing([
      complete,
      gmt('p', { status: 'pending', date: '2026-11-21T07:00:00Z' }),
      gmt('e', { status: 'error', date: '2026-11-21T08:00:00Z' }),
    ]);
    expect(result.days).toHaveLength(1);
    expect(result.days[0]?.plannedHours).toBe(240);
  });

  it('should accept a versioned measure canonical', () => {
    expect(readStaffing([gmt('r1', { measure: `${WARD_CONTEXT.staffingMeasure}|1.0` })]).days).toHaveLength(1);
  });

  it.each([
    ['a type other than summary', { type: 'individual' as const }, 'type individual'],
    ['no period', { period: undefined }, 'period.start missing'],
    ['an unreadable start', { period: { start: '20/11/2026' } }, 'period.start unreadable'],
    [
      'a start without an offset',
      { period: { start: '2026-11-20T00:00:00' } },
      'period.start time without a zone offset',
    ],
    [
      'a period of two days',
      { period: { start: '2026-11-20T00:00:00Z', end: '2026-11-22T00:00:00Z' } },
      'period is not one day',
    ],
    [
      'an end before the start',
      { period: { start: '2026-11-20T00:00:00Z', end: '2026-11-19T00:00:00Z' } },
      'period is not one day',
    ],
    ['an unknown status', { status: 'final' as never }, 'status final'],
  ])('should reject a report with %s', (_label, extra, reason) => {
    expect(readStaffing([gmt('r1', extra as Partial<MeasureReport>)])).toEqual({
      days: [],
      rejected: [{ id: 'r1', reason }],
    });
  });

  it('should keep the report with the later date for a day, then the later lastUpdated, whatever the order', () => {
    const early = gmt('early', { date: '2026-11-21T06:00:00Z', group: [group('planned-hours', 1)] });
    const late = gmt('late', { date: '2026-11-21T09:00:00Z', group: [group('planned-hours', 2)] });
    expect(readStaffing([late, early]).days[0]).toMatchObject({
      plannedHours: 2,
      reportedAt: '2026-11-21T09:00:00.000Z',
    });
    expect(readStaffing([early, late]).days[0]).toMatchObject({ plannedHours: 2 });

    const v1 = gmt('r', { meta: { lastUpdated: '2026-11-21T06:01:00Z' }, group: [group('planned-hours', 1)] });
    const v2 = gmt('r', { meta: { lastUpdated: '2026-11-21T06:02:00Z' }, group: [group('planned-hours', 2)] });
    expect(readStaffing([v2, v1]).days[0]?.plannedHours).toBe(2);
    expect(readStaffing([v1, v2]).days[0]?.plannedHours).toBe(2);
  });

  it('should only report bad figures of the report it used', () => {
    const superseded = gmt('old', { date: '2026-11-21T06:00:00Z', group: [group('planned-hours', -5)] });
    expect(readStaffing([superseded, gmt('new', { date: '2026-11-21T07:00:00Z' })]).rejected).toEqual([]);
  });

  it('should give reportedAt null when the report date is missing, and lose to a dated report', () => {
    expect(readStaffing([gmt('r1', { date: undefined })]).days[0]?.reportedAt).toBeNull();
    const undated = gmt('undated', { date: undefined, group: [group('planned-hours', 1)] });
    expect(readStaffing([gmt('dated', { group: [group('planned-hours', 2)] }), undated]).days[0]?.plannedHours).toBe(2);
  });

  it('should sort days ascending', () => {
    const days = ['2026-11-22', '2026-11-20', '2026-11-21'].map((d, i) =>
      report(`r${i}`, `${d}T00:00:00Z`, `${d}T23:59:59Z`),
    );
    expect(readStaffing(days).days.map((d) => d.date)).toEqual(['2026-11-20', '2026-11-21', '2026-11-22']);
  });

  it('should reject junk and other resource types', () => {
    expect(readStaffing([null, { resourceType: 'Observation', id: 'o1' }]).rejected).toEqual([
      { id: '(none)', reason: 'not a resource' },
      { id: 'o1', reason: 'not a MeasureReport (Observation)' },
    ]);
    expect(readStaffing(undefined as never)).toEqual({ days: [], rejected: [] });
  });
});

// ---- properties: nothing a feed sends makes the reader throw ----

const junkArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.constantFrom(1e308, -1, 0, Number.NaN, Number.POSITIVE_INFINITY, -0),
  fc.constantFrom(
    '',
    'h',
    'min',
    'complete',
    'not-a-date',
    '2026-13-45T99:99:99Z',
    '+275760-09-13T00:00:00.000Z',
    '2026',
  ),
  fc.constantFrom({}, [], [null], true),
  fc.anything({ maxDepth: 2 }),
);

const mutationsArb = mutationsOf(junkArb, 6);

describe('readStaffing properties', () => {
  const valid = [
    gmt('a'),
    gmt('b', { date: '2026-11-21T07:00:00Z' }),
    report('c', '2026-10-24T23:00:00Z', '2026-10-26T00:00:00Z'),
  ];

  it('should never throw on mutated reports, and never turn a figure into a non-number', () => {
    fc.assert(
      fc.property(fc.array(mutationsArb, { minLength: valid.length, maxLength: valid.length }), (mutations) => {
        const { days } = readStaffing(valid.map((r, i) => mutate(r, mutations[i] ?? [])));
        for (const d of days) {
          for (const v of [d.plannedHours, d.actualHours, d.bankHours, d.agencyHours, d.sicknessHours])
            expect(v === null || (Number.isFinite(v) && v >= 0)).toBe(true);
          expect(d.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('should never throw on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.anything(), fc.array(fc.anything()), (one, many) => {
        expect(() => readStaffing(one as never)).not.toThrow();
        expect(() => readStaffing(many)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });

  it('should give the same answer whatever order the server returns reports in', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(valid, { minLength: valid.length, maxLength: valid.length }), (reordered) => {
        expect(readStaffing(reordered)).toEqual(readStaffing(valid));
      }),
    );
  });
});
