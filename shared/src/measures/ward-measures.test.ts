import fc from 'fast-check';
import { INCIDENT_CATEGORIES, type PatientOnBoard, type StaffingDay, type WardProfile } from '../ward.types.js';
import { DEFAULT_MEASURES, measuresFor } from './measure-catalogue.js';
import type { MeasureCell, MeasureInputs } from './measure.types.js';
import { previousLondonDates } from './measure-windows.js';
import {
  HOUR,
  NOW,
  incidents,
  makeCensus,
  makeInputs,
  makePatient,
  news2,
  patients,
  staffingWeek,
  withContext,
} from './measures.builders.js';
import { computeMeasures, round1 } from './ward-measures.js';

const PROFILES: WardProfile[] = ['mental-health', 'acute'];
const tenths = (v: number): number => Math.round(v * 10);

function cell(inputs: MeasureInputs, id: string): MeasureCell {
  const found = computeMeasures(inputs, DEFAULT_MEASURES[inputs.profile]).find((c) => c.measureId === id);
  if (found === undefined) throw new Error(`no cell ${id}`);
  return found;
}

/** Inputs that make one measure come out at exactly `v` (all else green). */
const MAKERS: Record<string, (profile: WardProfile, v: number) => MeasureInputs> = {
  occupancy: (p, v) => makeInputs(p, { census: makeCensus({ beds: 1000, occupied: tenths(v) }) }),
  'bank-agency': (p, v) =>
    withContext(makeInputs(p), {
      staffing: staffingWeek({ plannedHours: 1000, actualHours: 1000, bankHours: tenths(v) }),
    }),
  sickness: (p, v) =>
    withContext(makeInputs(p), {
      staffing: staffingWeek({ plannedHours: 1000, actualHours: 1000, sicknessHours: tenths(v) }),
    }),
  'fill-rate': (p, v) =>
    withContext(makeInputs(p), { staffing: staffingWeek({ plannedHours: 1000, actualHours: tenths(v) }) }),
  turbulence: (p, v) => makeInputs(p, { flow: { admissions: v, transfersIn: 0, transfersOut: 0 } }),
  'enhanced-observations': (p, v) =>
    makeInputs(p, {
      patients: [
        ...patients(v, { observationLevel: { level: 'within-eyesight', since: '2026-11-21T08:00:00Z' } }),
        makePatient({ observationLevel: { level: 'intermittent', since: '2026-11-21T08:00:00Z' } }),
      ],
    }),
  deteriorating: (p, v) =>
    makeInputs(p, { patients: [...patients(v, { news2: news2(5) }), makePatient({ news2: news2(4) })] }),
  'violence-aggression': (p, v) =>
    withContext(makeInputs(p, { occupiedBedDays7d: 10_000 }), {
      incidents: incidents(tenths(v), ['violence-aggression']),
    }),
  falls: (p, v) =>
    withContext(makeInputs(p, { occupiedBedDays7d: 10_000 }), { incidents: incidents(tenths(v), ['fall']) }),
  'restrictive-practice': (p, v) =>
    withContext(makeInputs(p, { occupiedBedDays7d: 10_000 }), { incidents: incidents(tenths(v), ['restraint']) }),
  hypoglycaemia: (p, v) => withContext(makeInputs(p), { incidents: incidents(v, ['hypoglycaemia']) }),
  awol: (p, v) => makeInputs(p, { patients: [...patients(v, { awol: { since: null } }), makePatient()] }),
  'delayed-discharges': (p, v) =>
    makeInputs(p, {
      patients: [
        ...patients(v, { expectedDischargeDate: '2026-11-20' }),
        makePatient({ expectedDischargeDate: '2026-11-21' }),
      ],
    }),
  'self-harm': (p, v) =>
    withContext(makeInputs(p, { occupiedBedDays7d: 10_000 }), { incidents: incidents(tenths(v), ['self-harm']) }),
  'overdue-observations': (p, v) =>
    makeInputs(p, { patients: [...patients(v, { news2: news2(2, -1) }), makePatient({ news2: news2(2, 1) })] }),
};

// [profile, measure, just better than amber, amber, just better than red, red]
const EDGES: Array<[WardProfile, string, number, number, number, number]> = [
  ['mental-health', 'occupancy', 89.9, 90, 94.9, 95],
  ['mental-health', 'bank-agency', 14.9, 15, 24.9, 25],
  ['mental-health', 'sickness', 3.9, 4, 5.9, 6],
  ['mental-health', 'fill-rate', 95.1, 95, 90.1, 90],
  ['mental-health', 'turbulence', 7, 8, 11, 12],
  ['mental-health', 'enhanced-observations', 1, 2, 3, 4],
  ['mental-health', 'violence-aggression', 19.9, 20, 39.9, 40],
  ['mental-health', 'restrictive-practice', 14.9, 15, 29.9, 30],
  ['mental-health', 'awol', 0, 1, 1, 2],
  ['mental-health', 'self-harm', 9.9, 10, 19.9, 20],
  ['acute', 'occupancy', 89.9, 90, 94.9, 95],
  ['acute', 'bank-agency', 14.9, 15, 24.9, 25],
  ['acute', 'sickness', 3.9, 4, 5.9, 6],
  ['acute', 'fill-rate', 95.1, 95, 90.1, 90],
  ['acute', 'turbulence', 7, 8, 11, 12],
  ['acute', 'deteriorating', 1, 2, 3, 4],
  ['acute', 'falls', 6.9, 7, 9.9, 10],
  ['acute', 'hypoglycaemia', 1, 2, 3, 4],
  ['acute', 'delayed-discharges', 1, 2, 3, 4],
  ['acute', 'overdue-observations', 0, 1, 2, 3],
];

const EDGE_ROWS = EDGES.flatMap(
  ([profile, id, belowAmber, amber, belowRed, red]) =>
    [
      [profile, id, belowAmber, 'green'],
      [profile, id, amber, 'amber'],
      [profile, id, belowRed, 'amber'],
      [profile, id, red, 'red'],
    ] as Array<[WardProfile, string, number, string]>,
);

describe('computeMeasures: band edges of every measure', () => {
  it('should cover every measure of both profiles', () => {
    for (const profile of PROFILES)
      expect(EDGES.filter((e) => e[0] === profile).map((e) => e[1])).toEqual(
        DEFAULT_MEASURES[profile].map((d) => d.id),
      );
  });

  it.each(EDGE_ROWS)('%s %s at %d should be %s', (profile, id, value, band) => {
    const maker = MAKERS[id];
    if (maker === undefined) throw new Error(`no maker for ${id}`);
    expect(cell(maker(profile, value), id)).toMatchObject({ value, band });
  });

  it.each(PROFILES)('should show a %s ward with full data and nothing wrong as all green', (profile) => {
    const cells = computeMeasures(
      makeInputs(profile, { census: makeCensus({ occupied: 16 }) }),
      DEFAULT_MEASURES[profile],
    );
    expect(cells.map((c) => [c.measureId, c.band])).toEqual(DEFAULT_MEASURES[profile].map((d) => [d.id, 'green']));
    expect(cells.every((c) => c.value !== null && c.reason === undefined)).toBe(true);
  });
});

describe('computeMeasures: definitions', () => {
  it('should count patients on leave as occupying their bed and say how many are on leave', () => {
    expect(
      cell(
        makeInputs('acute', { census: makeCensus({ beds: 24, closed: 2, blocked: 2, occupied: 15, onLeave: 3 }) }),
        'occupancy',
      ),
    ).toEqual({
      measureId: 'occupancy',
      value: 75,
      band: 'green',
      detail: '15 of 20 open beds occupied, including 3 on leave',
    });
    expect(cell(makeInputs('acute', { census: makeCensus({ beds: 20, occupied: 16 }) }), 'occupancy').detail).toBe(
      '16 of 20 open beds occupied, none on leave',
    );
  });

  it('should round values to 1 decimal', () => {
    expect(cell(makeInputs('acute', { census: makeCensus({ beds: 3, occupied: 2 }) }), 'occupancy').value).toBe(66.7);
    expect(round1(0.15)).toBe(0.2);
    expect(round1(12.34)).toBe(12.3);
  });

  it('should band on the rounded value, so 89.96% shows as 90.0 and amber', () => {
    expect(
      cell(makeInputs('acute', { census: makeCensus({ beds: 10_000, occupied: 8996 }) }), 'occupancy'),
    ).toMatchObject({ value: 90, band: 'amber' });
  });

  it('should add bank and agency hours', () => {
    const inputs = withContext(makeInputs('mental-health'), {
      staffing: staffingWeek({ actualHours: 100, bankHours: 10, agencyHours: 6 }),
    });
    expect(cell(inputs, 'bank-agency')).toEqual({ measureId: 'bank-agency', value: 16, band: 'amber' });
  });

  it('should work sickness against planned hours and fill rate as actual over planned', () => {
    const inputs = withContext(makeInputs('acute'), {
      staffing: staffingWeek({ plannedHours: 200, actualHours: 150, sicknessHours: 10 }),
    });
    expect(cell(inputs, 'sickness').value).toBe(5);
    expect(cell(inputs, 'fill-rate')).toMatchObject({ value: 75, band: 'red' });
  });

  it('should use only the 7 complete London days before today (not today, not the 8th day back)', () => {
    const week = staffingWeek({ actualHours: 100, bankHours: 10 });
    const today: StaffingDay = {
      date: '2026-11-21',
      plannedHours: 100,
      actualHours: 100,
      bankHours: 100,
      agencyHours: 0,
      sicknessHours: 0,
      reportedAt: null,
    };
    const eighth: StaffingDay = { ...today, date: '2026-11-13' };
    expect(cell(withContext(makeInputs('acute'), { staffing: [eighth, ...week, today] }), 'bank-agency')).toEqual({
      measureId: 'bank-agency',
      value: 10,
      band: 'green',
    });
  });

  it('should add up turbulence from admissions and transfers in and out', () => {
    expect(
      cell(makeInputs('mental-health', { flow: { admissions: 3, transfersIn: 4, transfersOut: 2 } }), 'turbulence'),
    ).toEqual({ measureId: 'turbulence', value: 9, band: 'amber' });
  });

  it('should count within-eyesight and arms-length observation only', () => {
    const level = (l: 'general' | 'intermittent' | 'within-eyesight' | 'arms-length'): Partial<PatientOnBoard> => ({
      observationLevel: { level: l, since: '2026-11-21T08:00:00Z' },
    });
    const inputs = makeInputs('mental-health', {
      patients: [
        makePatient(level('general')),
        makePatient(level('intermittent')),
        makePatient(level('within-eyesight')),
        makePatient(level('arms-length')),
        makePatient(),
      ],
    });
    expect(cell(inputs, 'enhanced-observations').value).toBe(2);
  });

  it('should count a restrictive-practice incident with two of the categories once', () => {
    const inputs = withContext(makeInputs('mental-health', { occupiedBedDays7d: 100 }), {
      incidents: [
        ...incidents(1, ['restraint', 'seclusion']),
        ...incidents(1, ['rapid-tranquillisation']),
        ...incidents(1, ['self-harm']),
      ],
    });
    expect(cell(inputs, 'restrictive-practice')).toEqual({
      measureId: 'restrictive-practice',
      value: 20,
      band: 'amber',
      detail: '2 incidents over 100 occupied bed days',
    });
  });

  it('should count each category only in its own measure', () => {
    const inputs = withContext(makeInputs('mental-health', { occupiedBedDays7d: 100 }), {
      incidents: incidents(1, ['violence-aggression', 'self-harm']),
    });
    expect(cell(inputs, 'violence-aggression').value).toBe(10);
    expect(cell(inputs, 'self-harm').value).toBe(10);
    expect(cell(inputs, 'restrictive-practice').value).toBe(0);
    expect(cell(inputs, 'violence-aggression').detail).toBe('1 incident over 100 occupied bed days');
  });

  it('should estimate bed days from today’s occupancy when not given, and say so', () => {
    const inputs = withContext(makeInputs('acute', { census: makeCensus({ occupied: 10 }), occupiedBedDays7d: null }), {
      incidents: incidents(1, ['fall']),
    });
    expect(cell(inputs, 'falls')).toEqual({
      measureId: 'falls',
      value: 14.3,
      band: 'red',
      detail: '1 incident over 70 occupied bed days; bed days estimated from today’s occupancy',
    });
  });

  it('should count hypoglycaemia incidents, not a rate', () => {
    expect(
      cell(
        withContext(makeInputs('acute', { occupiedBedDays7d: 10 }), { incidents: incidents(3, ['hypoglycaemia']) }),
        'hypoglycaemia',
      ),
    ).toEqual({ measureId: 'hypoglycaemia', value: 3, band: 'amber' });
  });

  it('should leave out incidents before the window and after now', () => {
    const inputs = withContext(makeInputs('acute', { occupiedBedDays7d: 1000 }), {
      incidents: [
        ...incidents(1, ['fall'], 7 * 24 + 1),
        ...incidents(1, ['fall'], -1),
        ...incidents(2, ['fall'], 7 * 24),
      ],
    });
    expect(cell(inputs, 'falls').value).toBe(2);
  });

  it('should count AWOL patients', () => {
    expect(
      cell(
        makeInputs('mental-health', {
          patients: [
            makePatient({ awol: { since: '2026-11-21T09:00:00Z' } }),
            makePatient({ awol: { since: null } }),
            makePatient(),
          ],
        }),
        'awol',
      ),
    ).toEqual({ measureId: 'awol', value: 2, band: 'red' });
  });

  it('should count a delayed discharge by expected date before today (London) or an overdue discharge task, each patient once', () => {
    const overdueDischarge = {
      kind: 'discharge' as const,
      description: 'TTO',
      dueAt: '2026-11-21T09:00:00Z',
      overdue: true,
    };
    const list = [
      makePatient({ expectedDischargeDate: '2026-11-20' }),
      makePatient({ expectedDischargeDate: '2026-11-20', delays: [overdueDischarge] }),
      makePatient({ delays: [overdueDischarge] }),
      makePatient({ expectedDischargeDate: '2026-11-21' }),
      makePatient({ delays: [{ ...overdueDischarge, kind: 'transport' }] }),
      makePatient({ delays: [{ ...overdueDischarge, overdue: false }] }),
    ];
    expect(cell(makeInputs('acute', { patients: list }), 'delayed-discharges').value).toBe(3);
  });

  it('should count patients past their discharge-ready date where readiness is recorded, whatever the EDD says', () => {
    // NOW is Saturday 21 November 2026.
    const readiness = (status: 'ready' | 'not-ready', readyDate: string | null) => ({
      status,
      readyDate,
      reviewedAt: null,
      pathway: 1 as const,
      delayReasons: [],
    });
    const list = [
      // Ready since Thursday: delayed.
      makePatient({ discharge: readiness('ready', '2026-11-19') }),
      // Ready today: not delayed yet, though past the expected date.
      makePatient({ expectedDischargeDate: '2026-11-18', discharge: readiness('ready', '2026-11-21') }),
      // Still meets the criteria to reside: not a delayed discharge, though past the expected date.
      makePatient({ expectedDischargeDate: '2026-11-18', discharge: readiness('not-ready', null) }),
      // Nothing recorded: the expected date decides, as before.
      makePatient({ expectedDischargeDate: '2026-11-18' }),
    ];
    expect(cell(makeInputs('acute', { patients: list }), 'delayed-discharges').value).toBe(2);
  });

  it('should compare the expected discharge date with today’s London date, not UTC', () => {
    // 23:30 UTC on 1 July is 00:30 BST on 2 July: a discharge expected on 1 July is now a day late.
    const now = Date.parse('2026-07-01T23:30:00Z');
    expect(
      cell(
        makeInputs('acute', { now, patients: [makePatient({ expectedDischargeDate: '2026-07-01' })] }),
        'delayed-discharges',
      ).value,
    ).toBe(1);
  });

  it('should count NEWS2 of 5 or more as deteriorating', () => {
    expect(
      cell(
        makeInputs('acute', {
          patients: [
            makePatient({ news2: news2(4) }),
            makePatient({ news2: news2(5) }),
            makePatient({ news2: news2(9) }),
            makePatient(),
          ],
        }),
        'deteriorating',
      ).value,
    ).toBe(2);
  });

  it('should count observations due exactly now, overdue or never recorded, and say how many have none', () => {
    const list = [
      makePatient({ news2: news2(1, 0) }),
      makePatient({ news2: news2(1, -2) }),
      makePatient(),
      makePatient({ news2: news2(1, 1 / 60) }),
    ];
    expect(cell(makeInputs('acute', { patients: list }), 'overdue-observations')).toEqual({
      measureId: 'overdue-observations',
      value: 3,
      band: 'red',
      detail: '1 with no NEWS2 on record',
    });
  });
});

describe('computeMeasures: no data, always with a reason', () => {
  const noData = (reason: string) => ({ value: null, band: null, reason });
  const STAFFING_IDS = ['bank-agency', 'sickness', 'fill-rate'];
  const WARD_CONTEXT_IDS: Record<WardProfile, string[]> = {
    'mental-health': [...STAFFING_IDS, 'violence-aggression', 'restrictive-practice', 'self-harm'],
    acute: [...STAFFING_IDS, 'falls', 'hypoglycaemia'],
  };

  it.each(PROFILES)('should say "no open beds" on a %s ward whose beds are all closed or blocked', (profile) => {
    expect(
      cell(makeInputs(profile, { census: makeCensus({ beds: 4, closed: 2, blocked: 2, occupied: 0 }) }), 'occupancy'),
    ).toEqual({ measureId: 'occupancy', ...noData('no open beds') });
  });

  it.each(PROFILES)('should say "movements not known" on a %s ward with no flow', (profile) => {
    expect(cell(makeInputs(profile, { flow: null }), 'turbulence')).toMatchObject(noData('movements not known'));
  });

  it.each(PROFILES)('should blank incidents and staffing on a %s ward when they have not been read', (profile) => {
    const cells = computeMeasures(makeInputs(profile, { wardContext: null }), DEFAULT_MEASURES[profile]);
    expect(cells.filter((c) => c.value === null).map((c) => c.measureId)).toEqual(WARD_CONTEXT_IDS[profile]);
    for (const c of cells.filter((x) => x.value === null))
      expect(c).toMatchObject(noData('incidents and staffing not read yet'));
  });

  it.each(PROFILES)(
    'should blank incidents and staffing on a %s ward last read more than 26 h ago, naming when in London time',
    (profile) => {
      const inputs = makeInputs(profile);
      const stale = {
        ...inputs,
        wardContext: {
          readAt: new Date(NOW - 26 * HOUR - 60_000).toISOString(),
          incidents: [],
          staffing: staffingWeek(),
        },
      };
      const cells = computeMeasures(stale, DEFAULT_MEASURES[profile]);
      expect(cells.filter((c) => c.value === null).map((c) => c.measureId)).toEqual(WARD_CONTEXT_IDS[profile]);
      for (const c of cells.filter((x) => x.value === null))
        expect(c).toMatchObject(noData('incidents and staffing last read Fri 20 Nov 07:59 GMT'));
    },
  );

  it('should name a summer read time in BST', () => {
    const now = Date.parse('2026-07-02T12:00:00Z');
    const inputs = makeInputs('acute', {
      now,
      wardContext: { readAt: '2026-07-01T08:00:00Z', incidents: [], staffing: [] },
    });
    expect(cell(inputs, 'falls').reason).toBe('incidents and staffing last read Wed 1 Jul 09:00 BST');
  });

  it('should still trust incidents and staffing read exactly 26 h ago', () => {
    const inputs = makeInputs('mental-health');
    const edge = {
      ...inputs,
      wardContext: { readAt: new Date(NOW - 26 * HOUR).toISOString(), incidents: [], staffing: staffingWeek() },
    };
    expect(computeMeasures(edge, DEFAULT_MEASURES['mental-health']).every((c) => c.value !== null)).toBe(true);
  });

  it('should say when the read time cannot be read', () => {
    const inputs = makeInputs('acute', {
      wardContext: { readAt: 'yesterday', incidents: [], staffing: staffingWeek() },
    });
    expect(cell(inputs, 'sickness')).toMatchObject(noData('incidents and staffing read at an unknown time'));
  });

  it('should keep the acute overdue-observations count when incidents and staffing are stale (it comes from the board)', () => {
    expect(
      cell(makeInputs('acute', { wardContext: null, patients: [makePatient()] }), 'overdue-observations'),
    ).toMatchObject({ value: 1, band: 'amber' });
  });

  it.each(STAFFING_IDS.flatMap((id) => PROFILES.map((p): [WardProfile, string] => [p, id])))(
    'should say how many days were reported when %s %s has fewer than 4 of 7',
    (profile, id) => {
      const staffing = staffingWeek().slice(0, 3);
      expect(cell(withContext(makeInputs(profile), { staffing }), id)).toMatchObject(
        noData('staffing reported for 3 of the last 7 days'),
      );
      expect(cell(withContext(makeInputs(profile), { staffing: [] }), id)).toMatchObject(
        noData('staffing reported for 0 of the last 7 days'),
      );
    },
  );

  it.each(STAFFING_IDS)('should work %s out from 4 of 7 days and say so', (id) => {
    const staffing = staffingWeek({ plannedHours: 100, actualHours: 100 }).slice(3);
    expect(cell(withContext(makeInputs('acute'), { staffing }), id)).toMatchObject({
      band: 'green',
      detail: 'from 4 of 7 days',
    });
  });

  it('should count a day for a measure only when every figure that measure needs was reported', () => {
    const week = staffingWeek({ plannedHours: 100, actualHours: 100, bankHours: 10, sicknessHours: 5 });
    const staffing = week.map((d, i) =>
      i < 2 ? { ...d, bankHours: null } : i < 4 ? { ...d, sicknessHours: null } : d,
    );
    const inputs = withContext(makeInputs('mental-health'), { staffing });
    expect(cell(inputs, 'bank-agency')).toEqual({
      measureId: 'bank-agency',
      value: 10,
      band: 'green',
      detail: 'from 5 of 7 days',
    });
    expect(cell(inputs, 'sickness')).toMatchObject({ value: 5, detail: 'from 5 of 7 days' });
    expect(cell(inputs, 'fill-rate')).toEqual({ measureId: 'fill-rate', value: 100, band: 'green' });
    const noActual = withContext(makeInputs('mental-health'), {
      staffing: week.map((d, i) => (i < 4 ? { ...d, actualHours: null } : d)),
    });
    expect(cell(noActual, 'bank-agency')).toMatchObject(noData('staffing reported for 3 of the last 7 days'));
  });

  it('should not divide by zero hours', () => {
    const inputs = withContext(makeInputs('acute'), { staffing: staffingWeek({ plannedHours: 0, actualHours: 0 }) });
    expect(cell(inputs, 'bank-agency')).toMatchObject(noData('no hours worked reported'));
    expect(cell(inputs, 'sickness')).toMatchObject(noData('no planned hours reported'));
    expect(cell(inputs, 'fill-rate')).toMatchObject(noData('no planned hours reported'));
  });

  it.each([
    ['mental-health', 'violence-aggression'],
    ['mental-health', 'restrictive-practice'],
    ['mental-health', 'self-harm'],
    ['acute', 'falls'],
  ] as Array<[WardProfile, string]>)(
    'should say "no occupied bed days" for %s %s with none, given or estimated',
    (profile, id) => {
      expect(cell(makeInputs(profile, { occupiedBedDays7d: 0 }), id)).toMatchObject(noData('no occupied bed days'));
      expect(
        cell(makeInputs(profile, { occupiedBedDays7d: null, census: makeCensus({ occupied: 0 }) }), id),
      ).toMatchObject(noData('no occupied bed days'));
      expect(cell(makeInputs(profile, { occupiedBedDays7d: Number.NaN }), id)).toMatchObject(
        noData('occupied bed days not known'),
      );
    },
  );

  it('should give a reason for a measure it has no rule for, rather than throw', () => {
    const unknown = { ...DEFAULT_MEASURES.acute[0]!, id: 'mystery', slot: 11 };
    expect(computeMeasures(makeInputs('acute'), [unknown])).toEqual([
      { measureId: 'mystery', value: null, band: null, reason: 'no rule to work out "mystery"' },
    ]);
  });

  it('should give a reason instead of a number when figures are not numbers', () => {
    expect(cell(makeInputs('acute', { census: makeCensus({ beds: Number.NaN }) }), 'occupancy')).toMatchObject(
      noData('bed numbers not known'),
    );
    expect(
      cell(makeInputs('acute', { flow: { admissions: Number.NaN, transfersIn: 0, transfersOut: 0 } }), 'turbulence'),
    ).toMatchObject(noData('figures could not be read'));
    expect(cell({ ...makeInputs('acute'), now: Number.NaN }, 'falls').reason).toMatch(/^could not be worked out/);
  });
});

describe('computeMeasures: where the figures came from', () => {
  const read = new Date(NOW - HOUR).toISOString();
  const imported = '2026-11-21T07:00:00Z';
  const dates = previousLondonDates(NOW, 7);
  const fhirSource = { kind: 'fhir', readAt: read } as const;
  const importSource = { kind: 'import', importedAt: imported } as const;
  const STAFFING_IDS = ['bank-agency', 'sickness', 'fill-rate'];

  it('should name no source when the inputs say none (scores kept from before, other callers)', () => {
    for (const c of computeMeasures(makeInputs('acute'), DEFAULT_MEASURES.acute)) expect(c.source).toBeUndefined();
  });

  it('should name the roster import on staffing cells worked out from imported days only', () => {
    const inputs = makeInputs('mental-health', {
      sources: { staffing: Object.fromEntries(dates.map((d) => [d, importSource])), incidents: [fhirSource] },
    });
    for (const id of STAFFING_IDS)
      expect(cell(inputs, id).source).toBe('Staffing: roster import, Sat 21 Nov 07:00 GMT');
  });

  it('should name FHIR with its read time, and with two sources how many days each gave', () => {
    const fhirOnly = makeInputs('acute', {
      sources: { staffing: Object.fromEntries(dates.map((d) => [d, fhirSource])), incidents: [fhirSource] },
    });
    expect(cell(fhirOnly, 'sickness').source).toBe('Staffing: FHIR, read Sat 21 Nov 09:00 GMT');
    const mixed = makeInputs('acute', {
      sources: {
        staffing: Object.fromEntries(dates.map((d, i) => [d, i < 5 ? fhirSource : importSource])),
        incidents: [fhirSource],
      },
    });
    expect(cell(mixed, 'bank-agency').source).toBe(
      'Staffing: FHIR, read Sat 21 Nov 09:00 GMT (5 days); roster import, Sat 21 Nov 07:00 GMT (2 days)',
    );
  });

  it('should name every source that spoke for the incident window on incident cells, and none on other cells', () => {
    const inputs = makeInputs('mental-health', {
      sources: { staffing: {}, incidents: [fhirSource, importSource] },
    });
    const cells = computeMeasures(inputs, DEFAULT_MEASURES['mental-health']);
    for (const id of ['violence-aggression', 'restrictive-practice', 'self-harm'])
      expect(cells.find((c) => c.measureId === id)?.source).toBe(
        'Incidents: FHIR, read Sat 21 Nov 09:00 GMT; incident import, Sat 21 Nov 07:00 GMT',
      );
    for (const id of ['occupancy', 'turbulence', 'enhanced-observations', 'awol'])
      expect(cells.find((c) => c.measureId === id)?.source).toBeUndefined();
    const acute = makeInputs('acute', { sources: { staffing: {}, incidents: [importSource] } });
    expect(cell(acute, 'hypoglycaemia').source).toBe('Incidents: incident import, Sat 21 Nov 07:00 GMT');
  });

  it('should name no source on a cell without a value', () => {
    const inputs = makeInputs('acute', {
      wardContext: null,
      sources: { staffing: {}, incidents: [fhirSource] },
    });
    expect(cell(inputs, 'falls')).toEqual({
      measureId: 'falls',
      value: null,
      band: null,
      reason: 'incidents and staffing not read yet',
    });
  });
});

describe('computeMeasures: properties', () => {
  const iso = fc.integer({ min: -10 * 24, max: 2 }).map((h) => new Date(NOW + h * HOUR).toISOString());
  const maybe = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.option(a, { nil: null });
  const hours = maybe(fc.oneof(fc.integer({ min: 0, max: 500 }), fc.double({ noNaN: false })));
  const patientArb: fc.Arbitrary<PatientOnBoard> = fc
    .record({
      score: maybe(fc.integer({ min: 0, max: 20 })),
      due: fc.oneof(iso, fc.constant('not a time')),
      level: maybe(
        fc.constantFrom('general', 'intermittent', 'within-eyesight', 'arms-length') as fc.Arbitrary<'general'>,
      ),
      awol: fc.boolean(),
      expected: maybe(fc.oneof(fc.constantFrom('2026-11-20', '2026-11-21', '2026-11-22', 'garbage'), iso)),
      delayKind: maybe(fc.constantFrom('assessment', 'transport', 'discharge') as fc.Arbitrary<'discharge'>),
      overdue: fc.boolean(),
    })
    .map(({ score, due, level, awol, expected, delayKind, overdue }) =>
      makePatient({
        news2: score === null ? null : { ...news2(score)!, dueAt: due },
        observationLevel: level === null ? null : { level, since: '2026-11-21T08:00:00Z' },
        awol: awol ? { since: null } : null,
        expectedDischargeDate: expected,
        delays: [{ kind: delayKind, description: 'd', dueAt: null, overdue }],
      }),
    );
  const staffingArb: fc.Arbitrary<StaffingDay> = fc.record({
    date: fc.constantFrom(...previousLondonDates(NOW, 9)),
    plannedHours: hours,
    actualHours: hours,
    bankHours: hours,
    agencyHours: hours,
    sicknessHours: hours,
    reportedAt: fc.constant(null),
  });
  const count = fc.oneof(fc.integer({ min: -2, max: 60 }), fc.constant(Number.NaN));
  const inputsArb: fc.Arbitrary<MeasureInputs> = fc.record({
    profile: fc.constantFrom(...PROFILES),
    now: fc.constant(NOW),
    census: fc
      .record({ beds: count, occupied: count, closed: count, blocked: count, onLeave: count })
      .map((c) => makeCensus(c)),
    patients: fc.array(patientArb, { maxLength: 8 }),
    wardContext: maybe(
      fc.record({
        readAt: fc.oneof(iso, fc.constant('bad')),
        incidents: fc.array(
          fc.record({
            id: fc.constantFrom('a', 'b', 'c', 'd'),
            categories: fc.subarray([...INCIDENT_CATEGORIES]),
            occurredAt: fc.oneof(iso, fc.constant('bad')),
          }),
          { maxLength: 10 },
        ),
        staffing: fc.array(staffingArb, { maxLength: 10 }),
      }),
    ),
    flow: maybe(fc.record({ admissions: count, transfersIn: count, transfersOut: count })),
    occupiedBedDays7d: maybe(fc.oneof(fc.double({ min: -1, max: 1000 }), fc.constant(0))),
  });

  it('should never throw, and give 10 cells in slot order with a band exactly when there is a value and a reason exactly when there is not', () => {
    fc.assert(
      fc.property(inputsArb, (inputs) => {
        const defs = DEFAULT_MEASURES[inputs.profile];
        const cells = computeMeasures(inputs, defs);
        expect(cells.map((c) => c.measureId)).toEqual(defs.map((d) => d.id));
        for (const c of cells) {
          expect(c.band === null).toBe(c.value === null);
          expect(c.reason === undefined).toBe(c.value !== null);
          if (c.value !== null) expect(Number.isFinite(c.value) && round1(c.value) === c.value).toBe(true);
          if (c.reason !== undefined) expect(c.reason.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('should give the cells in slot order whatever order the definitions come in', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PROFILES), fc.integer(), (profile, seed) => {
        const defs = [...DEFAULT_MEASURES[profile]].sort(
          (a, b) => ((a.slot * 7919 + seed) % 13) - ((b.slot * 7919 + seed) % 13),
        );
        expect(computeMeasures(makeInputs(profile), defs).map((c) => c.measureId)).toEqual(
          DEFAULT_MEASURES[profile].map((d) => d.id),
        );
      }),
    );
  });
});

describe('the optional VTE prophylaxis measure', () => {
  const vte = (indicated: boolean, prescribed: boolean): PatientOnBoard['vte'] => ({
    assessment: { dueAt: null, doneAt: null, state: 'unknown' },
    outcome: indicated ? 'indicated' : 'not-indicated',
    prophylaxis: prescribed ? { medication: 'Enoxaparin', prescribedAt: null } : null,
  });
  const definitions = measuresFor('acute', { 'vte-prophylaxis': {} });
  const cellOf = (list: PatientOnBoard[]) =>
    computeMeasures(makeInputs('acute', { patients: list }), definitions).find(
      (c) => c.measureId === 'vte-prophylaxis',
    );

  it('should be off unless named, and on as the eleventh, after the ten the prediction model knows', () => {
    expect(measuresFor('acute').map((d) => d.id)).not.toContain('vte-prophylaxis');
    expect(definitions.map((d) => d.slot)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(() => measuresFor('mental-health', { 'vte-prophylaxis': {} })).toThrow(/not a mental-health measure/);
  });

  it('should give the share of patients with prophylaxis where indicated, lower being worse', () => {
    const cell = cellOf([
      makePatient({ vte: vte(true, true) }),
      makePatient({ vte: vte(true, true) }),
      makePatient({ vte: vte(true, true) }),
      makePatient({ vte: vte(true, false) }),
      makePatient({ vte: vte(false, false) }),
    ]);
    expect(cell).toMatchObject({ value: 75, band: 'red' });
  });

  it('should say why there is no value, never 0%', () => {
    expect(cellOf([makePatient({ vte: vte(false, false) })])).toMatchObject({
      value: null,
      reason: 'no patient with prophylaxis indicated',
    });
    expect(cellOf([makePatient()])).toMatchObject({ value: null, reason: 'VTE is not read on this ward' });
  });
});
