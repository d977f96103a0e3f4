import type { SiteBedFilter } from './api/api.types.js';
import { composeBoard } from './board.js';
import {
  composeSiteBeds,
  composeSites,
  expectedDischargeWhen,
  isCleaningLong,
  nextCalendarDate,
  wardBedRows,
  wardCounts,
  type SiteSnapshot,
  type SiteWardInput,
} from './sites.js';
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
import type { BedOnBoard, ExpectedArrival, WardSnapshot } from './ward.types.js';

describe('expectedDischargeWhen', () => {
  it.each([
    ['a date before today', '2026-11-20', NOW, 'past'],
    ['today', '2026-11-21', NOW, 'today'],
    ['tomorrow', '2026-11-22', NOW, 'tomorrow'],
    ['later', '2026-11-23', NOW, 'later'],
    ['a date-time, by its date part', '2026-11-21T18:00:00Z', NOW, 'today'],
    // 23:30 UTC on 1 July is 00:30 BST on 2 July: the ward's today is already the 2nd.
    ['just after midnight London in summer', '2026-07-02', Date.parse('2026-07-01T23:30:00Z'), 'today'],
    ['just before midnight London in winter', '2026-12-02', Date.parse('2026-12-01T23:59:00Z'), 'tomorrow'],
    // The short day, 29 March 2026: 00:30 GMT, then 02:30 BST after the clocks go forward.
    ['before the spring change', '2026-03-30', Date.parse('2026-03-29T00:30:00Z'), 'tomorrow'],
    ['after the spring change', '2026-03-29', Date.parse('2026-03-29T22:30:00Z'), 'today'],
    // The long day, 25 October 2026: from 00:30 BST, 24 hours later is still the 25th (23:30 GMT).
    ['early on the long autumn day', '2026-10-26', Date.parse('2026-10-24T23:30:00Z'), 'tomorrow'],
    ['late on the long autumn day', '2026-10-25', Date.parse('2026-10-25T23:30:00Z'), 'today'],
    ['none', null, NOW, null],
    ['an unreadable date', 'soon', NOW, null],
  ])('should place %s', (_name, edd, now, expected) => {
    expect(expectedDischargeWhen(edd, now)).toBe(expected);
  });

  it('should find tomorrow by calendar, across both clock changes and a year end', () => {
    expect(nextCalendarDate('2026-03-28')).toBe('2026-03-29');
    expect(nextCalendarDate('2026-03-29')).toBe('2026-03-30');
    expect(nextCalendarDate('2026-10-25')).toBe('2026-10-26');
    expect(nextCalendarDate('2026-12-31')).toBe('2027-01-01');
  });
});

describe('isCleaningLong', () => {
  it.each([
    ['cleaning for 3 h', makeBed('1', 'cleaning', { statusSince: minutesBefore(180) }), true],
    ['cleaning for exactly 2 h', makeBed('1', 'cleaning', { statusSince: minutesBefore(120) }), false],
    ['cleaning for 30 min', makeBed('1', 'cleaning', { statusSince: minutesBefore(30) }), false],
    ['cleaning since a time nobody recorded', makeBed('1', 'cleaning', { statusSince: null }), false],
    ['free for a day', makeBed('1', 'free', { statusSince: minutesBefore(24 * 60) }), false],
    // Cleaning from 00:30 GMT to 03:00 BST on 29 March is 90 minutes of real time, not 150.
    [
      'cleaning across the spring change, by elapsed time',
      makeBed('1', 'cleaning', { statusSince: '2026-03-29T00:30:00Z' }),
      false,
    ],
  ])('should say %s is %s', (name, bed, expected) => {
    const now = name.includes('spring') ? Date.parse('2026-03-29T02:00:00Z') : NOW;
    expect(isCleaningLong(bed, now, RULES.cleaningAlertAfterMs)).toBe(expected);
  });
});

describe('wardCounts', () => {
  it('should count bed states, occupancy over open beds, leave, discharges expected, delays and long cleaning', () => {
    const beds = [
      makeBed('1', 'occupied', { patient: makePatient({ expectedDischargeDate: '2026-11-21' }) }),
      makeBed('2', 'occupied', { patient: makePatient({ onLeave: true, expectedDischargeDate: '2026-11-22' }) }),
      makeBed('3', 'occupied', {
        patient: makePatient({
          expectedDischargeDate: '2026-11-18',
          delays: [{ kind: 'discharge', description: 'Awaiting package of care', dueAt: null, overdue: false }],
        }),
      }),
      makeBed('4', 'occupied', {
        patient: makePatient({ delays: [{ kind: 'transport', description: 'Transport', dueAt: null, overdue: true }] }),
      }),
      makeBed('5', 'free'),
      makeBed('6', 'cleaning', { statusSince: minutesBefore(150) }),
      makeBed('7', 'cleaning', { statusSince: minutesBefore(20) }),
      makeBed('8', 'cleaning'),
      makeBed('9', 'closed'),
      makeBed('10', 'reserved'),
      makeBed('11', 'blocked'),
      makeBed('12', 'isolated'),
      makeBed('13', 'contaminated'),
      makeBed('14', 'unknown'),
    ];
    const unplaced = [
      {
        patient: makePatient({ expectedDischargeDate: '2026-11-21' }),
        reason: 'No current bed on this ward in the FHIR record',
      },
    ];
    expect(wardCounts(makeSnapshot(beds, { unplaced }), NOW, RULES)).toEqual({
      beds: 14,
      occupied: 4,
      free: 1,
      cleaning: 3,
      closed: 1,
      reserved: 1,
      blocked: 1,
      isolated: 1,
      contaminated: 1,
      unknown: 1,
      // Open beds: all but closed, blocked, isolated and contaminated. A bed of unknown status is still a bed.
      occupancyPercent: (4 / 10) * 100,
      onLeave: 1,
      expectedDischargesToday: 2,
      expectedDischargesTomorrow: 1,
      pastExpectedDischarge: 1,
      delayedDischarges: 1,
      cleaningLong: 1,
      cleaningSinceUnknown: 1,
      unplaced: 1,
    });
  });

  it('should count a delayed discharge by readiness where recorded, and by an open discharge Task where not', () => {
    const task = { kind: 'discharge' as const, description: 'Awaiting package of care', dueAt: null, overdue: false };
    const readiness = (status: 'ready' | 'not-ready', readyDate: string | null) => ({
      status,
      readyDate,
      reviewedAt: null,
      pathway: null,
      delayReasons: [],
    });
    const beds = [
      makeBed('1', 'occupied', { patient: makePatient({ discharge: readiness('ready', '2026-11-20') }) }),
      makeBed('2', 'occupied', { patient: makePatient({ discharge: readiness('ready', '2026-11-21') }) }),
      makeBed('3', 'occupied', { patient: makePatient({ discharge: readiness('not-ready', null), delays: [task] }) }),
      makeBed('4', 'occupied', { patient: makePatient({ delays: [task] }) }),
    ];
    expect(wardCounts(makeSnapshot(beds), NOW, RULES).delayedDischarges).toBe(2);
    const rows = wardBedRows(makeInput(makeSnapshot(beds)), NOW, RULES);
    expect(rows.map((r) => [r.patient?.delayedDischarge, r.patient?.daysSinceReady])).toEqual([
      [true, 1],
      [false, 0],
      [false, null],
      [true, null],
    ]);
  });

  it('should give an empty ward zeros and no occupancy rather than 0%', () => {
    expect(wardCounts(makeSnapshot([]), NOW, RULES)).toMatchObject({
      beds: 0,
      occupied: 0,
      occupancyPercent: null,
      unplaced: 0,
    });
  });

  it('should read a snapshot stored before statusSince and unplaced existed as "unknown" and "none"', () => {
    const legacy = {
      ...makeSnapshot([{ id: 'b', label: 'Bed 1', status: 'cleaning', patient: null } as unknown as BedOnBoard]),
    } as Partial<SiteSnapshot>;
    delete legacy.unplaced;
    expect(wardCounts(legacy as SiteSnapshot, NOW, RULES)).toMatchObject({
      cleaning: 1,
      cleaningLong: 0,
      cleaningSinceUnknown: 1,
      unplaced: 0,
    });
  });
});

describe('composeSites', () => {
  const wardB = makeWard({ id: 'ward-b', name: 'Birch Ward' });
  const south = makeWard({ id: 'ward-s', name: 'Sycamore Ward', siteId: 'site-s', siteName: 'South Community' });

  it('should group wards by site, total their counts and give server time', () => {
    const inputs = [
      makeInput(makeSnapshot([makeBed('1', 'occupied'), makeBed('2', 'free')])),
      makeInput(makeSnapshot([makeBed('1', 'occupied'), makeBed('2', 'occupied'), makeBed('3', 'closed')]), {
        ward: wardB,
      }),
      makeInput(makeSnapshot([makeBed('1', 'cleaning')]), { ward: south }),
    ];
    const result = composeSites(inputs, NOW, RULES);
    expect(result.serverTime).toBe('2026-11-21T10:00:00.000Z');
    expect(result.cleaningAlertAfterMs).toBe(RULES.cleaningAlertAfterMs);
    expect(result.sites.map((s) => [s.siteId, s.wards.map((w) => w.wardId)])).toEqual([
      ['site-n', ['ward-a', 'ward-b']],
      ['site-s', ['ward-s']],
    ]);
    const north = result.sites[0];
    expect(north?.totals).toMatchObject({ beds: 5, occupied: 3, free: 1, closed: 1, occupancyPercent: 75 });
    expect(north).toMatchObject({
      freshness: 'fresh',
      wardsNotCurrent: 0,
      wardsWithoutData: 0,
      asOf: minutesBefore(5),
    });
  });

  it.each<[string, SiteWardInput, { freshness: string; staleReason?: string; counts: 'none' | 'some' }]>([
    [
      'a ward never polled',
      makeInput(null),
      { freshness: 'expired', staleReason: 'No data received from FHIR yet', counts: 'none' },
    ],
    [
      'a ward whose last poll failed',
      makeInput(makeSnapshot([makeBed('1', 'free')]), { lastPollOk: false, staleReason: 'FHIR server unreachable' }),
      { freshness: 'stale', staleReason: 'FHIR server unreachable', counts: 'some' },
    ],
    [
      'a ward not polled for 30 minutes',
      makeInput(makeSnapshot([makeBed('1', 'free')], { asOf: minutesBefore(30) })),
      { freshness: 'stale', staleReason: 'No successful poll since the time shown', counts: 'some' },
    ],
    [
      'a ward whose data has expired',
      makeInput(makeSnapshot([makeBed('1', 'free')], { asOf: minutesBefore(50) })),
      { freshness: 'expired', staleReason: 'No successful poll since the time shown', counts: 'some' },
    ],
  ])('should show %s with the freshness and reason of its own board', (_name, input, expected) => {
    const site = composeSites([input], NOW, RULES).sites[0];
    const row = site?.wards[0];
    expect(row?.freshness).toBe(expected.freshness);
    expect(row?.staleReason).toBe(expected.staleReason);
    expect(row?.counts === null ? 'none' : 'some').toBe(expected.counts);
    expect(site?.freshness).toBe(expected.freshness);
    expect(site?.wardsNotCurrent).toBe(1);
    // The ward's wall board says the same.
    const board = composeBoard(
      input.ward,
      {
        version: 1,
        snapshot: input.snapshot as WardSnapshot | null,
        staleReason: input.staleReason,
        lastPollOk: input.lastPollOk,
      },
      NOW,
    );
    expect([board.freshness, board.staleReason]).toEqual([row?.freshness, row?.staleReason]);
  });

  it('should total only wards with data, date the site by its oldest ward and take its worst freshness', () => {
    const inputs = [
      makeInput(makeSnapshot([makeBed('1', 'occupied')], { asOf: minutesBefore(25) })),
      makeInput(makeSnapshot([makeBed('1', 'free')]), { ward: wardB }),
      makeInput(null, { ward: makeWard({ id: 'ward-c', name: 'Cedar' }) }),
    ];
    const site = composeSites(inputs, NOW, RULES).sites[0];
    expect(site).toMatchObject({
      asOf: minutesBefore(25),
      freshness: 'expired',
      wardsNotCurrent: 2,
      wardsWithoutData: 1,
    });
    expect(site?.totals).toMatchObject({ beds: 2, occupied: 1, free: 1 });
  });

  it('should answer an empty trust with no sites', () => {
    expect(composeSites([], NOW, RULES)).toMatchObject({ asOf: null, sites: [] });
  });
});

describe('composeSiteBeds', () => {
  const site = { siteId: 'site-n', siteName: 'North General' };
  const beds = [
    makeBed('1', 'occupied', {
      statusSince: '2026-11-18T09:30:00Z',
      patient: makePatient({
        initials: 'J.S.',
        admittedAt: '2026-11-18T09:30:00Z',
        expectedDischargeDate: '2026-11-20',
        delays: [{ kind: 'discharge', description: 'Awaiting care home', dueAt: null, overdue: false }],
      }),
    }),
    makeBed('2', 'occupied', { patient: makePatient({ admittedAt: null, expectedDischargeDate: '2026-11-21' }) }),
    makeBed('3', 'cleaning', { statusSince: minutesBefore(200) }),
    makeBed('4', 'cleaning', { statusSince: minutesBefore(10) }),
    makeBed('5', 'free'),
  ];
  const unplaced = [
    {
      patient: makePatient({ initials: 'K.L.', expectedDischargeDate: '2026-11-22' }),
      reason: 'No current bed on this ward in the FHIR record',
    },
  ];
  const inputs = [
    makeInput(makeSnapshot(beds, { unplaced })),
    makeInput(makeSnapshot([makeBed('9', 'cleaning', { statusSince: minutesBefore(600) })]), {
      ward: makeWard({ id: 'ward-b', name: 'Birch Ward' }),
    }),
  ];
  const labels = (filter: SiteBedFilter, wardId: string | null = null) =>
    composeSiteBeds(site, inputs, { wardId, filter }, NOW, RULES).beds.map(
      (b) => `${b.wardId}/${b.bedLabel ?? 'no bed'}`,
    );

  it.each<[SiteBedFilter, string | null, string[]]>([
    [
      'all',
      'ward-a',
      ['ward-a/Bed 1', 'ward-a/Bed 2', 'ward-a/Bed 3', 'ward-a/Bed 4', 'ward-a/Bed 5', 'ward-a/no bed'],
    ],
    ['cleaning', null, ['ward-a/Bed 3', 'ward-a/Bed 4', 'ward-b/Bed 9']],
    ['cleaning-long', null, ['ward-a/Bed 3', 'ward-b/Bed 9']],
    ['cleaning-long', 'ward-b', ['ward-b/Bed 9']],
    ['past-edd', null, ['ward-a/Bed 1']],
    ['edd-today', null, ['ward-a/Bed 2']],
    ['edd-tomorrow', null, ['ward-a/no bed']],
    ['delayed', null, ['ward-a/Bed 1']],
    ['free', null, ['ward-a/Bed 5']],
    ['unplaced', null, ['ward-a/no bed']],
    ['on-leave', null, []],
  ])('should list for %s (ward %s) exactly the beds behind that number', (filter, wardId, expected) => {
    expect(labels(filter, wardId)).toEqual(expected);
  });

  it('should agree with the counts for every filter', () => {
    const counts = composeSites(inputs, NOW, RULES).sites[0]?.totals;
    expect(labels('cleaning-long')).toHaveLength(counts?.cleaningLong ?? -1);
    expect(labels('past-edd')).toHaveLength(counts?.pastExpectedDischarge ?? -1);
    expect(labels('edd-today')).toHaveLength(counts?.expectedDischargesToday ?? -1);
    expect(labels('edd-tomorrow')).toHaveLength(counts?.expectedDischargesTomorrow ?? -1);
    expect(labels('delayed')).toHaveLength(counts?.delayedDischarges ?? -1);
    expect(labels('cleaning')).toHaveLength(counts?.cleaning ?? -1);
  });

  it('should show initials, stay, discharge date and delays, and nothing that identifies the patient further', () => {
    const row = composeSiteBeds(site, inputs, { wardId: 'ward-a', filter: 'all' }, NOW, RULES).beds[0];
    expect(row).toEqual({
      wardId: 'ward-a',
      wardName: 'Ash Ward',
      bedId: '1',
      bedLabel: 'Bed 1',
      area: null,
      areaSex: null,
      sexMismatch: false,
      status: 'occupied',
      unreadableStatus: null,
      statusSince: '2026-11-18T09:30:00Z',
      minutesInStatus: 3 * 24 * 60 + 30,
      cleaningLong: false,
      unplacedReason: null,
      freshness: 'fresh',
      patient: {
        initials: 'J.S.',
        onLeave: false,
        admittedAt: '2026-11-18T09:30:00Z',
        lengthOfStayHours: 72,
        expectedDischargeDate: '2026-11-20',
        expectedDischarge: 'past',
        delayedDischarge: true,
        discharge: null,
        daysSinceReady: null,
        delays: [{ kind: 'discharge', description: 'Awaiting care home', dueAt: null, overdue: false }],
        dataErrors: [],
        infection: null,
      },
    });
    expect(JSON.stringify(composeSiteBeds(site, inputs, { wardId: null, filter: 'all' }, NOW, RULES))).not.toMatch(
      /encounterId|enc-/,
    );
  });

  it('should list who is expected on the wards in scope, soonest first, whatever the filter, with no encounter id', () => {
    const arrival = (id: string, expectedAt: string | null): ExpectedArrival => ({
      encounterId: id,
      kind: 'admission',
      from: 'ED',
      expectedAt,
      late: false,
      heldBedId: null,
      initials: 'R.T.',
      sex: 'female',
      isolation: null,
      alerts: [],
      fits: [{ bedId: 'bed-5', label: 'Bed 5', area: null, note: null }],
      noFit: null,
      problems: [],
    });
    const withArrivals = [
      makeInput(
        makeSnapshot(beds, { expected: [arrival('enc-late', null), arrival('enc-a', '2026-11-21T14:00:00Z')] }),
      ),
      makeInput(makeSnapshot([], { expected: [arrival('enc-b', '2026-11-21T11:00:00Z')] }), {
        ward: makeWard({ id: 'ward-b', name: 'Birch Ward' }),
      }),
    ];
    const whole = composeSiteBeds(site, withArrivals, { wardId: null, filter: 'cleaning' }, NOW, RULES);
    expect(whole.expected.map((a) => [a.wardName, a.expectedAt])).toEqual([
      ['Birch Ward', '2026-11-21T11:00:00Z'],
      [expect.any(String), '2026-11-21T14:00:00Z'],
      [expect.any(String), null],
    ]);
    expect(JSON.stringify(whole.expected)).not.toMatch(/encounterId|enc-/);
    const one = composeSiteBeds(site, withArrivals, { wardId: 'ward-b', filter: 'all' }, NOW, RULES);
    expect(one.expected.map((a) => a.wardId)).toEqual(['ward-b']);
    // Snapshots stored before arrivals were read: none listed.
    expect(composeSiteBeds(site, inputs, { wardId: null, filter: 'all' }, NOW, RULES).expected).toEqual([]);
  });

  it('should say unknown for a stay without an admission time, and for a status nobody dated', () => {
    const [, second] = composeSiteBeds(site, inputs, { wardId: 'ward-a', filter: 'all' }, NOW, RULES).beds;
    expect(second?.patient?.lengthOfStayHours).toBeNull();
    expect([second?.statusSince, second?.minutesInStatus]).toEqual([null, null]);
  });

  it('should list nothing for a ward never polled, and say so by its freshness', () => {
    const response = composeSiteBeds(site, [makeInput(null)], { wardId: null, filter: 'all' }, NOW, RULES);
    expect(response.beds).toEqual([]);
    expect(response.wards).toEqual([
      {
        wardId: 'ward-a',
        wardName: 'Ash Ward',
        profile: 'acute',
        asOf: null,
        freshness: 'expired',
        staleReason: 'No data received from FHIR yet',
      },
    ]);
  });

  it('should keep the rows of expired data, marked expired', () => {
    const expired = makeInput(makeSnapshot([makeBed('1', 'free')], { asOf: minutesBefore(60) }));
    expect(
      composeSiteBeds(site, [expired], { wardId: null, filter: 'all' }, NOW, RULES).beds.map((b) => b.freshness),
    ).toEqual(['expired']);
  });
});
