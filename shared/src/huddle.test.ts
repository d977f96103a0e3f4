import type { BedOnBoard, PatientOnBoard, Ward } from './ward.types.js';
import { checkInAt, huddleAgenda } from './huddle.js';
import { makePatient } from './testing/board.builders.js';

const ward: Ward = {
  id: 'ward-ash',
  name: 'Ash Ward',
  siteId: 'site-1',
  siteName: 'North General',
  profile: 'acute',
  displayLabel: 'initials',
  showMentalHealthAct: true,
};

function patient(encounterId: string, overrides: Partial<PatientOnBoard> = {}): PatientOnBoard {
  return makePatient({
    encounterId,
    admittedAt: '2026-11-28T10:00:00Z',
    news2: {
      score: 1,
      band: 'low',
      source: 'reported',
      anySingleParameterScored3: false,
      observedAt: '2026-12-02T08:00:00Z',
      dueAt: '2026-12-02T20:00:00Z',
    },
    ...overrides,
  });
}

function bed(n: number, p: PatientOnBoard | null): BedOnBoard {
  return { id: `bed-${n}`, label: `Bed ${n}`, status: p === null ? 'free' : 'occupied', statusSince: null, patient: p };
}

// 09:00 GMT, Wednesday 2 December 2026.
const MORNING = Date.parse('2026-12-02T09:00:00Z');

describe('checkInAt', () => {
  it.each([
    ['2026-12-02T07:59:00Z', 'safety'],
    ['2026-12-02T10:59:00Z', 'safety'],
    ['2026-12-02T11:00:00Z', 'care'],
    ['2026-12-02T13:59:00Z', 'care'],
    ['2026-12-02T14:00:00Z', 'flow'],
    ['2026-12-02T23:30:00Z', 'flow'],
    // BST: 10:30 UTC is 11:30 in London, so midday; in GMT the same UTC time is still morning.
    ['2026-06-10T10:30:00Z', 'care'],
    ['2026-12-10T10:30:00Z', 'safety'],
    // The morning of each clock change reads London time, not UTC.
    ['2026-03-29T09:30:00Z', 'safety'],
    ['2026-10-25T10:30:00Z', 'safety'],
  ])('should pick the check-in for %s: %s', (iso, expected) => {
    expect(checkInAt(Date.parse(iso))).toBe(expected);
  });
});

describe('huddleAgenda', () => {
  it('should put the check-in of the time of day first and keep the others in day order', () => {
    const board = { ward, beds: [bed(1, patient('e1'))], unplaced: [] };
    expect(huddleAgenda(board, MORNING).sections.map((s) => s.id)).toEqual(['safety', 'care', 'flow', 'unwell']);
    expect(huddleAgenda(board, Date.parse('2026-12-02T12:00:00Z')).sections.map((s) => s.id)).toEqual([
      'care',
      'safety',
      'flow',
      'unwell',
    ]);
    expect(huddleAgenda(board, Date.parse('2026-12-02T15:00:00Z')).sections.map((s) => s.id)).toEqual([
      'flow',
      'safety',
      'care',
      'unwell',
    ]);
  });

  it('should list morning safety risks with their reasons, urgent first', () => {
    const board = {
      ward,
      beds: [
        bed(1, patient('e1', { fallsRisk: { level: 'high', assessedAt: null, flagged: false } })),
        bed(2, patient('e2')),
        bed(
          3,
          patient('e3', {
            awol: { since: null },
            observationLevel: { level: 'within-eyesight', since: '2026-12-01T10:00:00Z' },
          }),
        ),
        bed(4, patient('e4', { glucose: { mmolPerL: 3.4, low: true, observedAt: '2026-12-02T08:30:00Z' } })),
        bed(
          5,
          patient('e5', {
            news2: {
              score: 6,
              band: 'medium',
              source: 'reported',
              anySingleParameterScored3: false,
              observedAt: '2026-12-02T08:30:00Z',
              dueAt: '2026-12-02T09:30:00Z',
            },
          }),
        ),
        bed(6, null),
      ],
      unplaced: [],
    };
    const safety = huddleAgenda(board, MORNING).sections[0]!;
    expect(safety.items.map((i) => [i.bed, i.severity, i.reasons])).toEqual([
      ['Bed 3', 'urgent', ['Absent without leave', 'Within eyesight observation']],
      ['Bed 4', 'urgent', ['Low blood sugar 3.4 mmol/L']],
      ['Bed 1', 'attention', ['High falls risk']],
      ['Bed 5', 'attention', ['Deteriorating: NEWS2 6']],
    ]);
  });

  it('should put isolation, a late return from s17 leave and a lapsed section among the safety risks, and the MHA dates among care reviews', () => {
    const section3 = {
      code: '03',
      label: 'Formally detained under Mental Health Act Section 3',
      since: '2026-06-01T12:00:00Z',
      expiresAt: '2026-12-05T12:00:00Z',
      expiryWarnFrom: '2026-11-28T12:00:00Z',
      expiryUrgentFrom: '2026-12-04T12:00:00Z',
      lapsed: false,
      rights: { lastGivenAt: null, dueAt: '2026-06-02T12:00:00Z' },
      leave: null,
      consentToTreatmentDueAt: '2026-12-04T00:00:00Z',
      hearing: { kind: 'tribunal' as const, at: '2026-12-03T10:00:00Z' },
    };
    const board = {
      ward,
      beds: [
        bed(
          1,
          patient('e1', {
            infection: {
              isolation: { kind: 'contact', since: null },
              alerts: [{ id: 'cpe', label: 'CPE', since: null }],
            },
          }),
        ),
        bed(
          2,
          patient('e2', {
            mentalHealthAct: {
              ...section3,
              leave: {
                authorised: true,
                authorisedUntil: null,
                onLeave: true,
                onLeaveSince: '2026-12-02T05:00:00Z',
                expectedBackAt: '2026-12-02T08:30:00Z',
              },
            },
          }),
        ),
        bed(
          3,
          patient('e3', {
            mentalHealthAct: { ...section3, lapsed: true, expiresAt: '2026-11-30T12:00:00Z', rights: null },
          }),
        ),
        bed(
          4,
          patient('e4', {
            mentalHealthAct: { ...section3, hearing: null, consentToTreatmentDueAt: null, rights: null },
          }),
        ),
      ],
      unplaced: [],
    };
    const [safety, care] = huddleAgenda(board, MORNING).sections;
    expect(safety?.items.map((i) => [i.bed, i.severity, i.reasons])).toEqual([
      ['Bed 2', 'urgent', ['Section 17 leave: due back 08:30 GMT, not returned']],
      ['Bed 3', 'urgent', ['Section lapsed Mon 30 Nov: no renewal recorded']],
      ['Bed 1', 'attention', ['Isolation: contact precautions · CPE']],
    ]);
    expect(care?.items.find((i) => i.bed === 'Bed 2')?.reasons).toEqual([
      'Section ends Sat 5 Dec: renewal or discharge',
      'Section 132 rights not given',
      'Section 58 date Fri 4 Dec: consent or SOAD',
      'Tribunal Thu 3 Dec 10:00 GMT',
    ]);
    // A lapsed section is a safety matter, said once there, not a renewal to plan.
    expect(care?.items.find((i) => i.bed === 'Bed 3')?.reasons).toEqual([
      'Section 58 date Fri 4 Dec: consent or SOAD',
      'Tribunal Thu 3 Dec 10:00 GMT',
    ]);
    expect(care?.items.find((i) => i.bed === 'Bed 4')?.severity).toBe('attention');
  });

  it('should list care reviews, discharges and patients becoming unwell', () => {
    const board = {
      ward,
      beds: [
        bed(
          1,
          patient('e1', {
            assessments: [
              {
                id: 'falls',
                label: 'Falls assessment',
                lastDoneAt: null,
                dueAt: '2026-12-01T10:00:00Z',
                state: 'overdue',
              },
            ],
            carePlanReview: { dueAt: '2026-12-01T00:00:00Z', overdue: true },
          }),
        ),
        bed(
          2,
          patient('e2', {
            expectedDischargeDate: '2026-12-02',
            delays: [
              { kind: 'transport', description: 'Awaiting transport', dueAt: null, overdue: false },
              { kind: 'transport', description: 'Awaiting transport', dueAt: null, overdue: false },
            ],
          }),
        ),
        bed(
          3,
          patient('e3', {
            expectedDischargeDate: '2026-11-30',
            news2: {
              score: 3,
              band: 'low',
              source: 'computed',
              anySingleParameterScored3: false,
              observedAt: '2026-12-02T01:00:00Z',
              dueAt: '2026-12-02T07:00:00Z',
            },
          }),
        ),
        bed(4, patient('e4', { news2: null })),
      ],
      unplaced: [],
    };
    const byId = Object.fromEntries(
      huddleAgenda(board, MORNING).sections.map((s) => [s.id, s.items.map((i) => [i.bed, i.reasons])]),
    );
    expect(byId.care).toEqual([['Bed 1', ['Falls assessment overdue', 'Care plan review overdue']]]);
    expect(byId.flow).toEqual([
      ['Bed 2', ['Expected home today', 'Awaiting transport']],
      ['Bed 3', ['Past expected discharge (Mon 30 Nov)']],
    ]);
    expect(byId.unwell).toEqual([
      ['Bed 3', ['Observations overdue (last NEWS2 3)']],
      ['Bed 4', ['No NEWS2 recorded']],
    ]);
  });

  it('should put VTE gaps in the care check-in and the ward’s VTE figures above it', () => {
    // MORNING is 09:00 on 2 December; the patients were admitted on 28 November at 10:00.
    const vte = (extra: Partial<NonNullable<PatientOnBoard['vte']>>): PatientOnBoard['vte'] => ({
      assessment: { dueAt: '2026-11-29T00:00:00Z', doneAt: '2026-11-28T12:00:00Z', state: 'done' },
      outcome: 'indicated',
      prophylaxis: { medication: 'Enoxaparin', prescribedAt: null },
      ...extra,
    });
    const board = {
      ward,
      beds: [
        bed(1, patient('e1', { vte: vte({}) })),
        bed(2, patient('e2', { vte: vte({ prophylaxis: null }) })),
        bed(
          3,
          patient('e3', {
            vte: vte({
              assessment: { dueAt: '2026-11-29T00:00:00Z', doneAt: null, state: 'due' },
              outcome: null,
              prophylaxis: null,
            }),
          }),
        ),
      ],
      unplaced: [],
    };
    const care = huddleAgenda(board, MORNING).sections.find((s) => s.id === 'care');
    expect(care?.summary).toBe('VTE assessed within 14 h: 67% (2 of 3) · prophylaxis where indicated: 50% (1 of 2)');
    expect(care?.items.map((i) => [i.bed, i.reasons])).toEqual([
      ['Bed 2', ['VTE prophylaxis indicated, none prescribed']],
      ['Bed 3', ['VTE risk assessment overdue (due Sun 29 Nov 00:00 GMT)']],
    ]);
    // A ward whose patients are not assessed (a mental-health ward by default) has no VTE figures.
    const none = huddleAgenda({ ward, beds: [bed(1, patient('e1'))], unplaced: [] }, MORNING);
    expect(none.sections.find((s) => s.id === 'care')?.summary).toBeUndefined();
  });

  it('should say in the discharge check-in who is ready, for how long, on which pathway and what holds them', () => {
    const readiness = (status: 'ready' | 'not-ready', readyDate: string | null) => ({
      status,
      readyDate,
      reviewedAt: null,
      pathway: 1 as const,
      delayReasons:
        status === 'ready'
          ? [
              { reason: 'care-package' as const, text: 'x' },
              { reason: null, text: 'Awaiting POC start' },
            ]
          : [],
    });
    const board = {
      ward,
      beds: [
        // MORNING is Wednesday 2 December 2026.
        bed(1, patient('e1', { discharge: readiness('ready', '2026-11-30') })),
        bed(2, patient('e2', { expectedDischargeDate: '2026-11-30', discharge: readiness('not-ready', null) })),
        bed(3, patient('e3', { expectedDischargeDate: '2026-12-02', discharge: readiness('not-ready', null) })),
      ],
      unplaced: [],
    };
    const flow = huddleAgenda(board, MORNING).sections.find((s) => s.id === 'flow');
    expect(flow?.items.map((i) => [i.bed, i.reasons])).toEqual([
      ['Bed 1', ['Ready since Mon (2 days), pathway 1, awaiting care package, Awaiting POC start']],
      ['Bed 2', ['Past expected discharge (Mon 30 Nov): still meets the criteria to reside']],
      ['Bed 3', ['Expected home today, but not yet ready']],
    ]);
  });

  it("should time observations by the patient's plan: a refusal in words, stopped observations left out", () => {
    const schedule = (extra: Partial<NonNullable<PatientOnBoard['observations']>>) => ({
      basis: 'national' as const,
      everyMinutes: 240,
      dueAt: '2026-12-02T07:00:00Z',
      plan: null,
      notDone: null,
      ...extra,
    });
    const lastSet = {
      ...patient('x').news2!,
      score: 3,
      observedAt: '2026-12-02T03:00:00Z',
      dueAt: '2026-12-02T07:00:00Z',
    };
    const board = {
      ward,
      beds: [
        bed(
          1,
          patient('e1', {
            news2: lastSet,
            observations: schedule({
              dueAt: '2026-12-02T12:10:00Z',
              notDone: { at: '2026-12-02T08:10:00Z', reason: 'refused', note: null },
            }),
          }),
        ),
        bed(
          2,
          patient('e2', {
            news2: lastSet,
            observations: schedule({ basis: 'stopped', dueAt: null, everyMinutes: null }),
          }),
        ),
        bed(
          3,
          patient('e3', {
            news2: lastSet,
            observations: schedule({ notDone: { at: '2026-12-02T03:30:00Z', reason: 'not-appropriate', note: null } }),
          }),
        ),
        bed(
          4,
          patient('e4', { news2: null, observations: schedule({ basis: 'stopped', dueAt: null, everyMinutes: null }) }),
        ),
        // A daily plan (a mental-health ward): refused late last night, next set tomorrow morning. A time
        // alone would read as today's, so the day is said.
        bed(
          5,
          patient('e5', {
            news2: lastSet,
            observations: schedule({
              dueAt: '2026-12-03T09:00:00Z',
              notDone: { at: '2026-12-01T22:10:00Z', reason: 'refused', note: null },
            }),
          }),
        ),
      ],
      unplaced: [],
    };
    const unwell = huddleAgenda(board, MORNING).sections.find((s) => s.id === 'unwell')!;
    expect(unwell.items.map((i) => [i.bed, i.reasons, i.severity])).toEqual([
      ['Bed 3', ['Observations overdue (last NEWS2 3; not done 03:30 GMT)'], 'urgent'],
      ['Bed 1', ['Observations refused 08:10 GMT, next due 12:10 GMT'], 'attention'],
      ['Bed 5', ['Observations refused yesterday 22:10 GMT, next due tomorrow 09:00 GMT'], 'attention'],
    ]);
  });

  it('should include patients the data could not put in a bed, and name nobody on a bed-only ward', () => {
    const board = {
      ward: { ...ward, displayLabel: 'bed-only' as const },
      beds: [bed(1, patient('e1', { awol: { since: null } }))],
      unplaced: [{ patient: patient('e9', { awol: { since: null } }), reason: 'No bed recorded' }],
    };
    const items = huddleAgenda(board, MORNING).sections[0]!.items;
    expect(items.map((i) => [i.bed, i.initials])).toEqual([
      ['Bed 1', null],
      ['Not in a bed', null],
    ]);
  });

  it('should give empty sections, not errors, for an empty ward', () => {
    const agenda = huddleAgenda({ ward, beds: [bed(1, null)], unplaced: [] }, MORNING);
    expect(agenda.sections.every((s) => s.items.length === 0)).toBe(true);
  });

  it('should say in the discharge check-in who is expected, from where and when, with a held bed or a side room needed', () => {
    const afternoon = Date.parse('2026-12-02T15:00:00Z');
    const agenda = huddleAgenda(
      {
        ward,
        beds: [bed(1, null)],
        unplaced: [],
        expected: [
          {
            kind: 'admission',
            from: 'ED',
            expectedAt: '2026-12-02T14:30:00Z',
            late: false,
            bedLabel: 'Bed 1',
            needsSideRoom: false,
          },
          {
            kind: 'transfer',
            from: 'Ward 3A',
            expectedAt: '2026-12-03T09:00:00Z',
            late: false,
            bedLabel: null,
            needsSideRoom: true,
          },
          {
            kind: 'admission',
            from: null,
            expectedAt: '2026-12-02T12:00:00Z',
            late: true,
            bedLabel: null,
            needsSideRoom: false,
          },
          { kind: 'transfer', from: null, expectedAt: null, late: false, bedLabel: null, needsSideRoom: false },
        ],
      },
      afternoon,
    );
    const flow = agenda.sections.find((s) => s.id === 'flow');
    expect(flow?.summary).toBe(
      '4 expected: from ED 14:30 (Bed 1 held); from Ward 3A tomorrow 09:00 (needs a side room); admission 12:00, late; transfer in',
    );
    expect(
      huddleAgenda({ ward, beds: [], unplaced: [], expected: [] }, afternoon).sections.find((s) => s.id === 'flow')
        ?.summary,
    ).toBeUndefined();
  });
});
