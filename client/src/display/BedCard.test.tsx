import { render, screen, within } from '@testing-library/react';
import type { BedOnBoard, PatientOnBoard } from '@wardflow/shared';
import { NOW, makeBoard, makeNews2, makeOccupiedBed, makeWard, minutesBefore } from '../testing/builders';
import { BedCard } from './BedCard';
import { WardDisplay } from './WardDisplay';

function renderCard(patient: Partial<PatientOnBoard>, riskColours = true) {
  render(<BedCard bed={makeOccupiedBed(1, patient)} now={NOW} riskColours={riskColours} sameInitialsBeds={[]} />);
  return screen.getByRole('article', { name: 'Bed 1' });
}

const everything: Partial<PatientOnBoard> = {
  awol: { since: minutesBefore(75) },
  news2: makeNews2(3, 20, { anySingleParameterScored3: true, source: 'computed' }),
  observationLevel: { level: 'within-eyesight', since: minutesBefore(300) },
  mentalHealthAct: { code: '03', label: 'Formally detained under Mental Health Act Section 3', since: null },
  fallsRisk: { level: 'high', assessedAt: minutesBefore(900), flagged: true },
  glucose: { mmolPerL: 3.42, low: true, observedAt: minutesBefore(15) },
  carePlanReview: { dueAt: minutesBefore(3000), overdue: true },
  delays: [{ kind: 'transport', description: 'Patient transport', dueAt: minutesBefore(60), overdue: true }],
  expectedDischargeDate: '2026-01-12',
};

describe('BedCard clinical flags', () => {
  it('should show nothing extra for a patient with no flags', () => {
    const card = renderCard({});
    expect(card.querySelector('.bed__flags')).toBeNull();
    expect(card.querySelector('.bed__awol')).toBeNull();
    expect(card.querySelector('.bed__flow')).toBeNull();
    expect(card.textContent).toBe('Bed 1J.S.NEWS2 1 Low30 min ago');
  });

  it('should show AWOL loudest, first after the bed, with the time since, and mark the card urgent', () => {
    const card = renderCard({ awol: { since: minutesBefore(75) } });
    const awol = card.querySelector('.bed__awol');
    expect(awol?.textContent).toBe('AWOLsince 12:45 GMT');
    expect(awol?.classList.contains('bed__awol--urgent')).toBe(true);
    expect(card.children[1]).toBe(awol);
    expect(card.getAttribute('data-alert')).toBe('urgent');
  });

  it('should show AWOL with the day when it began before today, and alone when no time was recorded', () => {
    const { unmount } = render(
      <BedCard
        bed={makeOccupiedBed(1, { awol: { since: minutesBefore(26 * 60) } })}
        now={NOW}
        riskColours
        sameInitialsBeds={[]}
      />,
    );
    expect(screen.getByText('AWOL').parentElement?.textContent).toBe('AWOLsince Tue 13 Jan');
    unmount();
    expect(renderCard({ awol: { since: null } }).querySelector('.bed__awol')?.textContent).toBe('AWOL');
  });

  it.each([
    ['within-eyesight', 'Eyesight obs', 'tag--attention'],
    ['arms-length', 'Arm’s length obs', 'tag--attention'],
    ['intermittent', 'Intermittent obs', 'tag--quiet'],
  ] as const)('should show %s observation as %s', (level, text, tone) => {
    const tag = within(renderCard({ observationLevel: { level, since: minutesBefore(60) } })).getByText(text);
    expect(tag.classList.contains(tone)).toBe(true);
  });

  it('should say nothing for general observation', () => {
    expect(
      renderCard({ observationLevel: { level: 'general', since: minutesBefore(60) } }).querySelector('.bed__flags'),
    ).toBeNull();
  });

  it('should show the Mental Health Act section as a quiet neutral tag', () => {
    const tag = within(
      renderCard({
        mentalHealthAct: {
          code: '02',
          label: 'Formally detained under Mental Health Act Section 2 (Admission for assessment)',
          since: null,
        },
      }),
    ).getByText('MHA S2');
    expect(tag.classList.contains('tag--neutral')).toBe(true);
  });

  it('should show no Mental Health Act section on a ward that hides it (the server sends null)', () => {
    const beds = [makeOccupiedBed(1, { mentalHealthAct: null })];
    render(
      <WardDisplay
        wardId="ward-ash"
        board={makeBoard({ ward: makeWard({ showMentalHealthAct: false }), beds })}
        serverNow={NOW}
        connection="live"
        error={null}
      />,
    );
    expect(screen.queryByText(/MHA/)).toBeNull();
  });

  it.each([
    [{ level: 'high' as const, assessedAt: null, flagged: false }, 'Falls risk', 'tag--attention'],
    [{ level: null, assessedAt: null, flagged: true }, 'Falls risk', 'tag--attention'],
    [{ level: 'low' as const, assessedAt: null, flagged: true }, 'Falls risk', 'tag--attention'],
    [{ level: 'moderate' as const, assessedAt: null, flagged: false }, 'Falls moderate', 'tag--quiet'],
  ])('should show falls risk %j as %s', (fallsRisk, text, tone) => {
    expect(within(renderCard({ fallsRisk })).getByText(text).classList.contains(tone)).toBe(true);
  });

  it('should say nothing for a low falls risk that is not flagged', () => {
    expect(
      renderCard({ fallsRisk: { level: 'low', assessedAt: null, flagged: false } }).querySelector('.bed__flags'),
    ).toBeNull();
  });

  it('should show a low glucose in words to one decimal place, and nothing when it is not low', () => {
    const tag = within(renderCard({ glucose: { mmolPerL: 3.44, low: true, observedAt: minutesBefore(10) } })).getByText(
      'Glucose 3.4 LOW',
    );
    expect(tag.classList.contains('tag--attention')).toBe(true);
  });

  it('should not show a glucose that is not low', () => {
    expect(
      renderCard({ glucose: { mmolPerL: 6.1, low: false, observedAt: minutesBefore(10) } }).textContent,
    ).not.toContain('Glucose');
  });

  it('should say single 3 next to a low-medium band, and (calc) for a computed score', () => {
    const card = renderCard({ news2: makeNews2(3, 20, { anySingleParameterScored3: true, source: 'computed' }) });
    expect(card.querySelector('.news2')?.textContent).toBe('NEWS2 3 Low-medium');
    expect(card.querySelector('.news2__when')?.textContent).toBe('single 3(calc)20 min ago');
  });

  it('should not say single 3 or (calc) for a reported score with no single parameter of 3', () => {
    const card = renderCard({ news2: makeNews2(3, 20) });
    expect(card.textContent).not.toContain('single 3');
    expect(card.textContent).not.toContain('(calc)');
  });

  it('should show an overdue care plan review and overdue delays in words, and not delays still in time', () => {
    const card = renderCard({
      carePlanReview: { dueAt: minutesBefore(60), overdue: true },
      delays: [
        { kind: 'transport', description: 'Transport home', dueAt: minutesBefore(60), overdue: true },
        { kind: 'discharge', description: 'Discharge', dueAt: minutesBefore(60), overdue: true },
        { kind: 'assessment', description: 'OT assessment', dueAt: minutesBefore(60), overdue: true },
        { kind: null, description: 'Social work review', dueAt: minutesBefore(60), overdue: true },
        { kind: 'assessment', description: 'Physio', dueAt: minutesBefore(-60), overdue: false },
      ],
    });
    expect([...card.querySelectorAll('.bed__late')].map((el) => el.textContent)).toEqual([
      'Care plan review overdue',
      'Transport delayed',
      'Discharge delayed',
      'Assessment overdue',
      'Overdue: Social work review',
    ]);
  });

  it('should name an overdue key assessment, and keep ones due soon or done off the wall', () => {
    const card = renderCard({
      assessments: [
        {
          id: 'risk-assessment',
          label: 'Risk assessment',
          lastDoneAt: minutesBefore(11_000),
          dueAt: minutesBefore(900),
          state: 'overdue',
        },
        {
          id: 'physical-health-check',
          label: 'Physical health check',
          lastDoneAt: null,
          dueAt: minutesBefore(-600),
          state: 'due-soon',
        },
        {
          id: 'falls-assessment',
          label: 'Falls risk assessment',
          lastDoneAt: minutesBefore(60),
          dueAt: minutesBefore(-9000),
          state: 'in-time',
        },
      ],
    });
    expect([...card.querySelectorAll('.bed__late')].map((el) => el.textContent)).toEqual(['Risk assessment overdue']);
  });

  it('should not show a care plan review or a delay that is not yet due', () => {
    const card = renderCard({
      carePlanReview: { dueAt: minutesBefore(-600), overdue: false },
      delays: [{ kind: 'transport', description: 'Transport', dueAt: minutesBefore(-60), overdue: false }],
    });
    expect(card.querySelector('.bed__flow')).toBeNull();
  });

  it('should keep every word but remove the attention colours when the data has expired', () => {
    const { container, unmount } = render(
      <BedCard bed={makeOccupiedBed(1, everything)} now={NOW} riskColours sameInitialsBeds={[]} />,
    );
    const fresh = container.textContent;
    unmount();
    const card = renderCard(everything, false);
    expect(card.textContent).toBe(fresh);
    for (const text of [
      'AWOL',
      'Eyesight obs',
      'Glucose 3.4 LOW',
      'Falls risk',
      'MHA S3',
      'Care plan review overdue',
      'Transport delayed',
    ]) {
      expect(within(card).getByText(text)).toBeTruthy();
    }
    expect(card.querySelector('.tag--attention, .bed__awol--urgent, .news2__badge--watch')).toBeNull();
    expect(card.querySelector('.bed__late:not(.bed__late--muted)')).toBeNull();
    expect(card.getAttribute('data-alert')).toBe('none');
  });
});

describe('a full board of flagged patients', () => {
  it('should render every one of 30 beds when every patient has several flags', () => {
    const beds: BedOnBoard[] = Array.from({ length: 30 }, (_, i) => makeOccupiedBed(i + 1, everything));
    render(
      <WardDisplay wardId="ward-ash" board={makeBoard({ beds })} serverNow={NOW} connection="live" error={null} />,
    );
    const cards = screen.getAllByRole('article');
    expect(cards.map((card) => card.getAttribute('aria-label'))).toEqual(beds.map((bed) => bed.label));
    for (const card of cards) {
      expect(within(card).getByText('AWOL')).toBeTruthy();
      expect(within(card).getByText('Glucose 3.4 LOW')).toBeTruthy();
    }
  });
});

describe('BedCard bay or side room', () => {
  it('shows the bay beside the bed and names both to screen readers, occupied or not', () => {
    const occupied: BedOnBoard = { ...makeOccupiedBed(3, {}), area: 'Bay A' };
    const empty: BedOnBoard = {
      id: 'b25',
      label: 'Bed 25',
      area: 'Side room 1',
      status: 'free',
      statusSince: null,
      patient: null,
    };
    render(
      <>
        <BedCard bed={occupied} now={NOW} riskColours sameInitialsBeds={[]} />
        <BedCard bed={empty} now={NOW} riskColours sameInitialsBeds={[]} />
      </>,
    );
    expect(screen.getByRole('article', { name: 'Bed 3, Bay A' }).querySelector('.bed__area')?.textContent).toBe(
      'Bay A',
    );
    expect(screen.getByRole('article', { name: 'Bed 25, Side room 1' }).textContent).toContain('Side room 1');
  });

  it('shows no area for a bed that hangs off the ward, or from a snapshot stored before bays were read', () => {
    const { area: _none, ...old } = makeOccupiedBed(1, {});
    render(<BedCard bed={old} now={NOW} riskColours sameInitialsBeds={[]} />);
    expect(screen.getByRole('article', { name: 'Bed 1' }).querySelector('.bed__area')).toBeNull();
  });
});

describe('BedCard isolation, infection and bed states', () => {
  const emptyBed = (status: BedOnBoard['status'], extra: Partial<BedOnBoard> = {}): BedOnBoard => ({
    id: 'b9',
    label: 'Bed 9',
    status,
    statusSince: null,
    patient: null,
    ...extra,
  });

  it.each([
    ['isolated', 'Isolated'],
    ['contaminated', 'Contaminated'],
    ['unknown', 'Status unknown'],
  ] as const)('should show an empty %s bed as %s, never as free', (status, words) => {
    render(<BedCard bed={emptyBed(status)} now={NOW} riskColours sameInitialsBeds={[]} />);
    const card = screen.getByRole('article', { name: 'Bed 9' });
    expect(card.querySelector('.bed__empty')?.textContent).toBe(words);
    expect(card.textContent).not.toContain('Free');
    expect(card.classList.contains(`bed--${status}`)).toBe(true);
  });

  it('should tell staff to check the PAS for a bed whose status could not be read', () => {
    render(
      <BedCard
        bed={emptyBed('unknown', { unreadableStatus: 'https://pas.example.nhs.uk/bed-state|AVL' })}
        now={NOW}
        riskColours
        sameInitialsBeds={[]}
      />,
    );
    const card = screen.getByRole('article', { name: 'Bed 9' });
    expect(card.textContent).toBe('Bed 9Status unknownCheck the bed state in the PAS');
  });

  it('should show isolation first among the flags, with the precaution, and the alerts beside it', () => {
    const card = renderCard({
      observationLevel: { level: 'within-eyesight', since: minutesBefore(300) },
      infection: {
        isolation: { kind: 'contact', since: minutesBefore(600) },
        alerts: [
          { id: 'c-difficile', label: 'C. diff', since: minutesBefore(600) },
          { id: 'mrsa', label: 'MRSA', since: null },
        ],
      },
    });
    const flags = [...card.querySelectorAll('.bed__flag')].map((f) => [
      f.textContent,
      f.classList.contains('tag--attention'),
    ]);
    expect(flags).toEqual([
      ['Isolate: contact', true],
      ['Eyesight obs', true],
      ['C. diff, MRSA', true],
    ]);
  });

  it('should show an alert without isolation quietly', () => {
    const quiet = renderCard({ infection: { isolation: null, alerts: [{ id: 'mrsa', label: 'MRSA', since: null }] } });
    expect(quiet.querySelector('.bed__flag--infection')?.classList.contains('tag--quiet')).toBe(true);
  });

  it('should say Isolate alone when the precaution is not recorded', () => {
    const card = renderCard({ infection: { isolation: { kind: 'unspecified', since: null }, alerts: [] } });
    expect(card.querySelector('.bed__flag--isolation')?.textContent).toBe('Isolate');
  });

  it('should say whom the bay is for beside it, and warn in words of a mixed-sex placement', () => {
    const bed: BedOnBoard = { ...makeOccupiedBed(3, {}), area: 'Bay B', areaSex: 'male', sexMismatch: true };
    render(<BedCard bed={bed} now={NOW} riskColours sameInitialsBeds={[]} />);
    const card = screen.getByRole('article', { name: 'Bed 3, Bay B' });
    expect(card.querySelector('.bed__area')?.textContent).toBe('Bay B · Male');
    expect(card.textContent).toContain('Mixed-sex: bay is male');
  });

  it('should read a board stored before infection and bay sex were read as having none', () => {
    const { infection: _i, ...old } = makeOccupiedBed(1, {}).patient as PatientOnBoard;
    render(<BedCard bed={{ ...makeOccupiedBed(1, {}), patient: old }} now={NOW} riskColours sameInitialsBeds={[]} />);
    const card = screen.getByRole('article', { name: 'Bed 1' });
    expect(card.querySelector('.bed__flags')).toBeNull();
  });
});

describe('BedCard Mental Health Act deadlines', () => {
  const DAY = 24 * 60;
  const s3 = (extra: Partial<NonNullable<PatientOnBoard['mentalHealthAct']>>) => ({
    code: '03',
    label: 'Formally detained under Mental Health Act Section 3',
    since: minutesBefore(100 * DAY),
    expiresAt: minutesBefore(-30 * DAY),
    expiryWarnFrom: minutesBefore(-23 * DAY),
    expiryUrgentFrom: minutesBefore(-29 * DAY),
    lapsed: false,
    rights: { lastGivenAt: minutesBefore(10 * DAY), dueAt: minutesBefore(-20 * DAY) },
    leave: null,
    consentToTreatmentDueAt: null,
    hearing: null,
    ...extra,
  });
  const ending = (minutesAhead: number) => ({
    expiresAt: minutesBefore(-minutesAhead),
    expiryWarnFrom: minutesBefore(-minutesAhead + 7 * DAY),
    expiryUrgentFrom: minutesBefore(-minutesAhead + DAY),
  });
  const flagsOf = (card: HTMLElement) =>
    [...card.querySelectorAll('.bed__flag')].map((f) => [f.textContent, f.className.match(/tag--(\w+)/)?.[1]]);

  it.each<[string, Partial<NonNullable<PatientOnBoard['mentalHealthAct']>>, Array<[string, string]>, string]>([
    ['a section a month from its end: the section alone, calm', {}, [['MHA S3', 'neutral']], 'none'],
    ['ending in 5 days: amber, in days', ending(5 * DAY), [['MHA S3 ends in 5 days', 'attention']], 'none'],
    ['ending later today: urgent, with the time', ending(120), [['MHA S3 ends today 16:00 GMT', 'urgent']], 'urgent'],
    [
      'lapsed unrenewed: urgent, in words',
      { lapsed: true, rights: null, ...ending(-2 * DAY) },
      [['MHA S3 LAPSED 12 Jan', 'urgent']],
      'urgent',
    ],
    [
      'rights never given and due',
      { rights: { lastGivenAt: null, dueAt: minutesBefore(60) } },
      [
        ['MHA S3', 'neutral'],
        ['s132 rights not given', 'attention'],
      ],
      'none',
    ],
    [
      'on leave, back later: quiet',
      {
        leave: {
          authorised: true,
          authorisedUntil: null,
          onLeave: true,
          onLeaveSince: minutesBefore(60),
          expectedBackAt: minutesBefore(-90),
        },
      },
      [
        ['MHA S3', 'neutral'],
        ['s17 leave, back 15:30 GMT', 'quiet'],
      ],
      'none',
    ],
    [
      'a tribunal in 3 days and the s58 date in 2',
      {
        hearing: { kind: 'tribunal', at: minutesBefore(-3 * DAY) },
        consentToTreatmentDueAt: minutesBefore(-2 * DAY),
      },
      [
        ['MHA S3', 'neutral'],
        ['s58 date in 2 days', 'attention'],
        ['Tribunal in 3 days', 'quiet'],
      ],
      'none',
    ],
  ])('should show %s', (_case, mha, flags, alert) => {
    const card = renderCard({ mentalHealthAct: s3(mha) });
    expect(flagsOf(card)).toEqual(flags);
    expect(card.getAttribute('data-alert')).toBe(alert);
  });

  it('should say a late return from s17 leave loudly at the top, like AWOL, and not also "On leave"', () => {
    const card = renderCard({
      onLeave: true,
      mentalHealthAct: s3({
        leave: {
          authorised: true,
          authorisedUntil: null,
          onLeave: true,
          onLeaveSince: minutesBefore(300),
          expectedBackAt: minutesBefore(45),
        },
      }),
    });
    expect(card.children[1]?.textContent).toBe('s17 LATEdue back 13:15 GMT');
    expect(card.getAttribute('data-alert')).toBe('urgent');
    expect(card.textContent).not.toContain('On leave');
  });

  it('should keep every word but lose the colours when the data has expired', () => {
    const card = renderCard({ mentalHealthAct: s3(ending(120)) }, false);
    expect(flagsOf(card)).toEqual([['MHA S3 ends today 16:00 GMT', 'muted']]);
    expect(card.getAttribute('data-alert')).toBe('none');
  });

  it('should show a board stored before the deadlines were read as the section alone', () => {
    const card = renderCard({
      mentalHealthAct: { code: '03', label: 'Formally detained under Mental Health Act Section 3', since: null },
    });
    expect(flagsOf(card)).toEqual([['MHA S3', 'neutral']]);
  });
});

describe('BedCard observation plans', () => {
  const HOUR = 60;
  // NOW is 14:00 GMT. A NEWS2 of 2 taken at 08:00 was due at 12:00 on the national interval.
  const lastSet = makeNews2(2, 6 * HOUR);
  const schedule = (
    extra: Partial<NonNullable<PatientOnBoard['observations']>>,
  ): NonNullable<PatientOnBoard['observations']> => ({
    basis: 'national',
    everyMinutes: 240,
    dueAt: lastSet.dueAt,
    plan: null,
    notDone: null,
    ...extra,
  });
  const refusedAt = minutesBefore(110); // 12:10

  it.each<[string, Partial<PatientOnBoard>, string[], string[], string]>([
    [
      'no plan, past due: OVERDUE as before',
      { news2: lastSet, observations: schedule({}) },
      ['OVERDUE'],
      ['Refused'],
      'urgent',
    ],
    [
      'refused at 12:10, due 16:10: said in words, not overdue, calm',
      {
        news2: { ...lastSet, dueAt: minutesBefore(-130) },
        observations: schedule({
          dueAt: minutesBefore(-130),
          notDone: { at: refusedAt, reason: 'refused', note: null },
        }),
      },
      ['Refused 12:10, due 16:10'],
      ['OVERDUE'],
      'none',
    ],
    [
      'refused, and now past the next due time: OVERDUE',
      {
        news2: { ...lastSet, dueAt: minutesBefore(10) },
        observations: schedule({
          dueAt: minutesBefore(10),
          notDone: { at: minutesBefore(250), reason: 'refused', note: null },
        }),
      },
      ['Refused 09:50', 'OVERDUE'],
      [', due'],
      'urgent',
    ],
    [
      'stopped for end of life care: never overdue, the reason given',
      {
        news2: lastSet,
        observations: schedule({
          basis: 'stopped',
          everyMinutes: null,
          dueAt: null,
          plan: {
            source: 'service-request',
            recordedAt: minutesBefore(300),
            everyMinutes: null,
            stopped: true,
            reason: 'End of life care',
          },
        }),
      },
      ['Obs stopped: End of life care'],
      ['OVERDUE'],
      'none',
    ],
    [
      'a daily plan: due tomorrow, calm',
      {
        news2: { ...makeNews2(0, 6 * HOUR), dueAt: minutesBefore(-18 * HOUR) },
        observations: schedule({ basis: 'plan', everyMinutes: 1440, dueAt: minutesBefore(-18 * HOUR) }),
      },
      ['NEWS2'],
      ['OVERDUE', 'Obs'],
      'none',
    ],
    [
      'refused before any NEWS2 was recorded',
      {
        news2: null,
        observations: schedule({
          dueAt: minutesBefore(-130),
          notDone: { at: refusedAt, reason: 'refused', note: null },
        }),
      },
      ['Refused 12:10'],
      ['No NEWS2 recorded', 'OVERDUE'],
      'none',
    ],
  ])('%s', (_name, patient, shown, absent, alert) => {
    const card = renderCard(patient);
    for (const text of shown) expect(card.textContent).toContain(text);
    for (const text of absent) expect(card.textContent).not.toContain(text);
    expect(card.dataset.alert).toBe(alert);
  });
});

describe('BedCard discharge readiness', () => {
  // NOW is Wednesday 14 January 2026.
  const readiness = (extra: Partial<NonNullable<PatientOnBoard['discharge']>>): PatientOnBoard['discharge'] => ({
    status: 'ready',
    readyDate: '2026-01-12',
    reviewedAt: minutesBefore(300),
    pathway: 1,
    delayReasons: [{ reason: 'care-package', text: 'Awaiting POC' }],
    ...extra,
  });

  it('should say since when the patient has been ready, the pathway and what holds them, calmly', () => {
    const card = renderCard({ discharge: readiness({}), news2: makeNews2(1, 30), expectedDischargeDate: '2026-01-11' });
    expect(within(card).getByText('Ready since Mon (2 days) · P1 · care package')).toBeTruthy();
    // Readiness says more than the expected date, which it replaces on the card.
    expect(within(card).queryByText(/EDD/)).toBeNull();
    expect(card.getAttribute('data-alert')).toBe('none');
  });

  it('should say "Ready today" and the pathway alone when nothing holds them yet', () => {
    const card = renderCard({ discharge: readiness({ readyDate: '2026-01-14', pathway: 0, delayReasons: [] }) });
    expect(within(card).getByText('Ready today · P0')).toBeTruthy();
  });

  it('should show nothing of readiness for a patient who still meets the criteria to reside, or none recorded', () => {
    for (const discharge of [readiness({ status: 'not-ready', readyDate: null, delayReasons: [] }), null, undefined]) {
      const card = renderCard({ discharge, expectedDischargeDate: '2026-01-20' });
      expect(within(card).queryByText(/^Ready/)).toBeNull();
      expect(within(card).getByText('EDD Tue 20 Jan')).toBeTruthy();
      card.parentElement?.remove();
    }
  });
});

describe('BedCard VTE', () => {
  const vte = (extra: Partial<NonNullable<PatientOnBoard['vte']>>): PatientOnBoard['vte'] => ({
    assessment: { dueAt: minutesBefore(-150), doneAt: null, state: 'due' },
    outcome: null,
    prophylaxis: null,
    ...extra,
  });

  it('should say quietly when the assessment is due, and warn once the 14 hours have passed', () => {
    // NOW is 14:00 GMT: due at 16:30.
    const due = renderCard({ vte: vte({}) });
    expect(within(due).getByText('VTE due 16:30')).toBeTruthy();
    due.parentElement?.remove();
    // Stored as due at the poll, but the time has passed since: overdue now.
    const overdue = renderCard({ vte: vte({ assessment: { dueAt: minutesBefore(10), doneAt: null, state: 'due' } }) });
    expect(within(overdue).getByText('VTE assessment overdue')).toBeTruthy();
    expect(within(overdue).queryByText(/VTE due/)).toBeNull();
  });

  it('should flag prophylaxis indicated and not prescribed, and say nothing when it is, or when it was not read', () => {
    const done = { dueAt: minutesBefore(600), doneAt: minutesBefore(1200), state: 'done' as const };
    const missing = renderCard({ vte: vte({ assessment: done, outcome: 'indicated' }) });
    expect(within(missing).getByText('VTE: no prophylaxis')).toBeTruthy();
    missing.parentElement?.remove();
    for (const extra of [
      { prophylaxis: { medication: 'Enoxaparin', prescribedAt: null } },
      { prophylaxisNotRead: true as const },
    ]) {
      const card = renderCard({ vte: vte({ assessment: done, outcome: 'indicated', ...extra }) });
      expect(within(card).queryByText(/VTE/)).toBeNull();
      card.parentElement?.remove();
    }
  });
});
