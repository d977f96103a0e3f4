import type { Flag, Observation, Procedure } from '@medplum/fhirtypes';
import { londonDaysUntil } from '../london-time.js';
import { LEGAL_STATUS, type CurrentLegalStatus } from './legal-status.js';
import { DEFAULT_MHA_RULES, MHA_SYSTEM, lapsedLegalStatus, mhaDeadlines, mhaRulesWith } from './mha-deadlines.js';

const now = Date.parse('2026-11-21T10:00:00Z');
const DAY = 86_400_000;
const at = (ms: number) => new Date(ms).toISOString();

const section3: CurrentLegalStatus = {
  code: '03',
  display: 'Formally detained under Mental Health Act Section 3',
  system: LEGAL_STATUS.england,
  start: '2026-11-01T12:00:00.000Z',
  end: '2027-05-02T12:00:00.000Z',
};
const informal: CurrentLegalStatus = { ...section3, code: '01', display: 'Informal', end: null };

function obs(code: string, extra: Partial<Observation>): Observation {
  return { resourceType: 'Observation', status: 'final', code: { coding: [{ system: MHA_SYSTEM, code }] }, ...extra };
}
function flag(code: string, period: Flag['period'], status: Flag['status'] = 'active', system = MHA_SYSTEM): Flag {
  return {
    resourceType: 'Flag',
    status,
    code: { coding: [{ system, code }] },
    subject: { reference: 'Patient/p' },
    period,
  };
}
const rights = (ms: number, extra: Partial<Observation> = {}) =>
  obs('rights-s132', { effectiveDateTime: at(ms), ...extra });

describe('mhaDeadlines: the section', () => {
  it('should give the end of the section and the days it warns and is urgent from', () => {
    expect(mhaDeadlines(section3, [], DEFAULT_MHA_RULES, now)).toMatchObject({
      expiresAt: '2027-05-02T12:00:00.000Z',
      expiryWarnFrom: '2027-04-25T12:00:00.000Z',
      expiryUrgentFrom: '2027-05-01T12:00:00.000Z',
      lapsed: false,
    });
  });

  it('should give no end for an open-ended status, and use the configured days', () => {
    expect(mhaDeadlines({ ...section3, end: null }, [], DEFAULT_MHA_RULES, now)).toMatchObject({
      expiresAt: null,
      expiryWarnFrom: null,
    });
    const rules = mhaRulesWith({ warnDays: 14, urgentDays: 3 });
    expect(mhaDeadlines(section3, [], rules, now)).toMatchObject({
      expiryWarnFrom: '2027-04-18T12:00:00.000Z',
      expiryUrgentFrom: '2027-04-29T12:00:00.000Z',
    });
  });
});

describe('mhaDeadlines: section 132 rights', () => {
  const start = Date.parse(section3.start);
  it.each<[string, Array<Observation | Procedure>, { lastGivenAt: string | null; dueAt: string | null }]>([
    ['none given: due a day after detention', [], { lastGivenAt: null, dueAt: at(start + DAY) }],
    [
      'given for this detention: due again after 30 days',
      [rights(start + 3_600_000)],
      { lastGivenAt: at(start + 3_600_000), dueAt: at(start + 3_600_000 + 30 * DAY) },
    ],
    [
      'given the latest of several times',
      [rights(start + DAY), rights(start + 10 * DAY)],
      { lastGivenAt: at(start + 10 * DAY), dueAt: at(start + 40 * DAY) },
    ],
    [
      'given for an earlier section only: due for this one',
      [rights(start - 5 * DAY)],
      { lastGivenAt: null, dueAt: at(start + DAY) },
    ],
    ['recorded in the future: not counted', [rights(now + DAY)], { lastGivenAt: null, dueAt: at(start + DAY) }],
    [
      'entered in error: not counted',
      [rights(start + DAY, { status: 'entered-in-error' })],
      { lastGivenAt: null, dueAt: at(start + DAY) },
    ],
    [
      'with no readable time: not counted',
      [obs('rights-s132', { effectiveDateTime: 'Tuesday' })],
      { lastGivenAt: null, dueAt: at(start + DAY) },
    ],
    [
      'recorded as a completed Procedure',
      [
        {
          resourceType: 'Procedure',
          status: 'completed',
          subject: { reference: 'Patient/p' },
          code: { coding: [{ system: MHA_SYSTEM, code: 'rights-s132' }] },
          performedDateTime: at(start + 2 * DAY),
        },
      ],
      { lastGivenAt: at(start + 2 * DAY), dueAt: at(start + 32 * DAY) },
    ],
    [
      'recorded as a Procedure not completed: not counted',
      [
        {
          resourceType: 'Procedure',
          status: 'in-progress',
          subject: { reference: 'Patient/p' },
          code: { coding: [{ system: MHA_SYSTEM, code: 'rights-s132' }] },
          performedDateTime: at(start + 2 * DAY),
        },
      ],
      { lastGivenAt: null, dueAt: at(start + DAY) },
    ],
  ])('%s', (_case, records, expected) => {
    expect(mhaDeadlines(section3, records, DEFAULT_MHA_RULES, now).rights).toEqual(expected);
  });

  it('should not repeat when the trust sets no repeat, and read its own code', () => {
    const rules = mhaRulesWith({
      rightsRepeatDays: null,
      codes: { 'rights-given': ['https://pas.example.nhs.uk/mha|R132'] },
    });
    const theirs: Observation = {
      ...rights(start + DAY),
      code: { coding: [{ system: 'https://pas.example.nhs.uk/mha', code: 'R132' }] },
    };
    expect(mhaDeadlines(section3, [theirs], rules, now).rights).toEqual({ lastGivenAt: at(start + DAY), dueAt: null });
  });

  it('should ask nothing of an informal patient: no rights, no leave, no s58', () => {
    const result = mhaDeadlines(
      informal,
      [rights(now - DAY), flag('leave-s17', { start: at(now - 3_600_000) })],
      DEFAULT_MHA_RULES,
      now,
    );
    expect(result).toMatchObject({ rights: null, leave: null, consentToTreatmentDueAt: null });
  });
});

describe('mhaDeadlines: section 17 leave', () => {
  const H = 3_600_000;
  it.each<[string, Flag[], unknown]>([
    ['no leave flags', [], null],
    [
      'leave authorised until a date',
      [flag('leave-s17-authorised', { start: at(now - 5 * DAY), end: at(now + 9 * DAY) })],
      {
        authorised: true,
        authorisedUntil: at(now + 9 * DAY),
        onLeave: false,
        onLeaveSince: null,
        expectedBackAt: null,
      },
    ],
    [
      'an authorisation that has ended',
      [flag('leave-s17-authorised', { start: at(now - 5 * DAY), end: at(now - H) })],
      null,
    ],
    [
      'on leave now, back later',
      [
        flag('leave-s17-authorised', { start: at(now - 5 * DAY) }),
        flag('leave-s17', { start: at(now - 2 * H), end: at(now + 2 * H) }),
      ],
      {
        authorised: true,
        authorisedUntil: null,
        onLeave: true,
        onLeaveSince: at(now - 2 * H),
        expectedBackAt: at(now + 2 * H),
      },
    ],
    [
      'still on leave past the time due back (overdue, shown until the flag is closed)',
      [flag('leave-s17', { start: at(now - 5 * H), end: at(now - H) })],
      {
        authorised: false,
        authorisedUntil: null,
        onLeave: true,
        onLeaveSince: at(now - 5 * H),
        expectedBackAt: at(now - H),
      },
    ],
    ['back: the flag closed', [flag('leave-s17', { start: at(now - 5 * H), end: at(now - H) }, 'inactive')], null],
    ['leave that has not started', [flag('leave-s17', { start: at(now + H), end: at(now + 3 * H) })], null],
    ['a leave flag with an unreadable period', [flag('leave-s17', { start: 'after lunch' })], null],
  ])('%s', (_case, flags, expected) => {
    expect(mhaDeadlines(section3, flags, DEFAULT_MHA_RULES, now).leave).toEqual(expected);
  });
});

describe('mhaDeadlines: section 58 and hearings', () => {
  it('should give the latest s58 date recorded and the next hearing, not one long past', () => {
    const records = [
      obs('consent-s58', { effectiveDateTime: at(now - 30 * DAY), valueDateTime: '2027-01-31T00:00:00Z' }),
      obs('consent-s58', { effectiveDateTime: at(now - 60 * DAY), valueDateTime: '2026-12-01T00:00:00Z' }),
      obs('tribunal', { valueDateTime: at(now - 3 * DAY) }),
      obs('managers-hearing', { valueDateTime: at(now + 9 * DAY) }),
      obs('tribunal', { valueDateTime: at(now + 4 * DAY) }),
    ];
    expect(mhaDeadlines(section3, records, DEFAULT_MHA_RULES, now)).toMatchObject({
      consentToTreatmentDueAt: '2027-01-31T00:00:00.000Z',
      hearing: { kind: 'tribunal', at: at(now + 4 * DAY) },
    });
  });

  it('should still show a hearing earlier today', () => {
    const earlier = obs('tribunal', { valueDateTime: at(now - 2 * 3_600_000) });
    expect(mhaDeadlines(section3, [earlier], DEFAULT_MHA_RULES, now).hearing).toEqual({
      kind: 'tribunal',
      at: at(now - 2 * 3_600_000),
    });
  });
});

describe('lapsedLegalStatus', () => {
  const s3 = (period: Flag['period'], status: Flag['status'] = 'active', code = '03') =>
    flag(code, period, status, LEGAL_STATUS.england);
  it.each<[string, Flag[], string | null]>([
    [
      'a section 3 that ended 2 days ago, flag still active',
      [s3({ start: '2026-05-01T00:00:00Z', end: at(now - 2 * DAY) })],
      at(now - 2 * DAY),
    ],
    ['one that ended beyond the look-back', [s3({ start: '2026-05-01T00:00:00Z', end: at(now - 20 * DAY) })], null],
    [
      'one closed on purpose (inactive)',
      [s3({ start: '2026-05-01T00:00:00Z', end: at(now - 2 * DAY) }, 'inactive')],
      null,
    ],
    [
      'an informal status that ended',
      [s3({ start: '2026-05-01T00:00:00Z', end: at(now - 2 * DAY) }, 'active', '01')],
      null,
    ],
    ['one still in force', [s3({ start: '2026-05-01T00:00:00Z', end: at(now + 2 * DAY) })], null],
    ['one with no readable start', [s3({ start: 'May', end: at(now - 2 * DAY) })], null],
  ])('%s', (_case, flags, end) => {
    expect(lapsedLegalStatus(flags, DEFAULT_MHA_RULES, now)?.end ?? null).toBe(end);
  });
});

describe('londonDaysUntil across the 2026 clock changes', () => {
  it.each([
    // Spring: the clocks go forward at 01:00 GMT on 29 March.
    // 23:30 GMT on the 28th to 23:59 BST on 4 April; a minute later is 5 April.
    ['2026-03-28T23:30:00Z', '2026-04-04T22:59:00Z', 7],
    ['2026-03-28T23:30:00Z', '2026-04-04T23:00:00Z', 8],
    ['2026-03-29T00:30:00Z', '2026-03-29T22:59:00Z', 0],
    ['2026-03-29T00:30:00Z', '2026-03-29T23:00:00Z', 1],
    // Autumn: back at 01:00 GMT on 25 October; 23:30 GMT on the 25th is still the 25th.
    // 00:30 BST on the 25th to 23:30 GMT the same day: a 24-hour-plus span within one London day.
    ['2026-10-24T23:30:00Z', '2026-10-25T23:30:00Z', 0],
    ['2026-10-24T23:30:00Z', '2026-10-31T23:59:00Z', 6],
    ['2026-11-21T10:00:00Z', '2026-11-20T10:00:00Z', -1],
  ])('from %s to %s is %i London days', (from, to, days) => {
    expect(londonDaysUntil(to, Date.parse(from))).toBe(days);
  });
});
