import fc from 'fast-check';
import { mutate, mutationsOf } from './hostile-input.builders.js';
import type { Observation, Procedure, QuestionnaireResponse } from '@medplum/fhirtypes';
import { SYSTEMS, WARD_CONTEXT } from './fhir-codes.js';
import {
  DEFAULT_KEY_ASSESSMENTS,
  keyAssessmentsFor,
  rulesForProfile,
  type KeyAssessmentRule,
} from './key-assessments.js';

const now = Date.parse('2026-11-21T10:00:00Z');
const HOUR = 3_600_000;
const at = (hoursBeforeNow: number): string => new Date(now - hoursBeforeNow * HOUR).toISOString();

const MUST = 'https://fhir.wardflow.org/Questionnaire/must';
const risk: KeyAssessmentRule = {
  id: 'risk',
  label: 'Risk',
  profiles: ['mental-health'],
  codes: [`${SYSTEMS.snomed}|225338004`],
  questionnaires: [],
  firstDueHours: 24,
  repeatEveryHours: 168,
};
const must: KeyAssessmentRule = {
  id: 'must',
  label: 'MUST',
  profiles: ['acute'],
  codes: [],
  questionnaires: [MUST],
  firstDueHours: 24,
  repeatEveryHours: 168,
};
const once: KeyAssessmentRule = { ...risk, id: 'once', label: 'Once', repeatEveryHours: null };

function procedure(id: string, extra: Partial<Procedure> = {}): Procedure {
  return {
    resourceType: 'Procedure',
    id,
    status: 'completed',
    subject: { reference: 'Patient/p1' },
    encounter: { reference: 'Encounter/e1' },
    code: { coding: [{ system: SYSTEMS.snomed, code: '225338004' }] },
    performedDateTime: at(1),
    ...extra,
  };
}

function response(id: string, extra: Partial<QuestionnaireResponse> = {}): QuestionnaireResponse {
  return {
    resourceType: 'QuestionnaireResponse',
    id,
    status: 'completed',
    questionnaire: MUST,
    encounter: { reference: 'Encounter/e1' },
    authored: at(1),
    ...extra,
  };
}

function observation(id: string, extra: Partial<Observation> = {}): Observation {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system: SYSTEMS.snomed, code: '225338004' }] },
    effectiveDateTime: at(1),
    ...extra,
  };
}

const one = (rule: KeyAssessmentRule, resources: unknown[], admittedAt: string | null = at(2), opts = {}) =>
  keyAssessmentsFor([rule], resources, admittedAt, now, opts);

describe('DEFAULT_KEY_ASSESSMENTS and rulesForProfile', () => {
  it('should hold the contract defaults', () => {
    expect(
      DEFAULT_KEY_ASSESSMENTS.map((r) => [
        r.id,
        r.label,
        r.profiles,
        r.codes,
        r.questionnaires,
        r.firstDueHours,
        r.repeatEveryHours,
      ]),
    ).toEqual([
      ['risk-assessment', 'Risk assessment', ['mental-health'], ['http://snomed.info/sct|225338004'], [], 24, 168],
      [
        'physical-health-check',
        'Physical health check',
        ['mental-health'],
        [`${WARD_CONTEXT.keyAssessmentSystem}|physical-health-check`],
        [],
        72,
        168,
      ],
      [
        'falls-assessment',
        'Falls risk assessment',
        ['acute'],
        [`${WARD_CONTEXT.keyAssessmentSystem}|falls-risk-assessment`],
        [],
        6,
        168,
      ],
      [
        'nutrition-screen',
        'Nutrition screen (MUST)',
        ['acute'],
        [],
        ['https://fhir.wardflow.org/Questionnaire/must'],
        24,
        168,
      ],
    ]);
  });

  it('should pick the rules of a profile, in order', () => {
    expect(rulesForProfile(DEFAULT_KEY_ASSESSMENTS, 'mental-health').map((r) => r.id)).toEqual([
      'risk-assessment',
      'physical-health-check',
    ]);
    expect(rulesForProfile(DEFAULT_KEY_ASSESSMENTS, 'acute').map((r) => r.id)).toEqual([
      'falls-assessment',
      'nutrition-screen',
    ]);
  });
});

describe('keyAssessmentsFor: due bands', () => {
  // Done d hours ago with a 168 h repeat: due at now + (168 - d) h.
  it.each([
    ['due exactly now', 168, 'overdue'],
    ['a second past due', 168 + 1 / 3600, 'overdue'],
    ['due in exactly 24 h', 144, 'due-soon'],
    ['due in 24 h and a second', 144 - 1 / 3600, 'in-time'],
    ['due in 1 h', 167, 'due-soon'],
    ['just done', 0, 'in-time'],
  ])('should call an assessment %s %s', (_label, doneHoursAgo, state) => {
    const [status] = one(risk, [procedure('p', { performedDateTime: at(doneHoursAgo) })]).assessments;
    expect(status).toEqual({
      id: 'risk',
      label: 'Risk',
      lastDoneAt: at(doneHoursAgo),
      dueAt: new Date(Date.parse(at(doneHoursAgo)) + 168 * HOUR).toISOString(),
      state,
    });
  });

  it.each([
    ['first due exactly now', 24, 'overdue'],
    ['first due in exactly 24 h', 0, 'due-soon'],
  ])('should, when never done, work from admission: %s', (_label, admittedHoursAgo, state) => {
    expect(one(risk, [], at(admittedHoursAgo)).assessments[0]).toEqual({
      id: 'risk',
      label: 'Risk',
      lastDoneAt: null,
      dueAt: at(admittedHoursAgo - 24),
      state,
    });
  });

  it('should use a custom due-soon band', () => {
    expect(
      one(risk, [procedure('p', { performedDateTime: at(144) })], at(200), { dueSoonHours: 12 }).assessments[0]?.state,
    ).toBe('in-time');
    expect(
      one(risk, [procedure('p', { performedDateTime: at(157) })], at(200), { dueSoonHours: 12 }).assessments[0]?.state,
    ).toBe('due-soon');
  });

  it('should say unknown when never done and the admission time is missing or unreadable', () => {
    expect(one(risk, [], null).assessments[0]).toEqual({
      id: 'risk',
      label: 'Risk',
      lastDoneAt: null,
      dueAt: null,
      state: 'unknown',
    });
    expect(one(risk, [], 'yesterday').assessments[0]?.state).toBe('unknown');
  });

  it('should not need the admission time once done', () => {
    expect(one(risk, [procedure('p')], null).assessments[0]?.state).toBe('in-time');
  });

  it('should never be due again after a one-off assessment is done', () => {
    expect(one(once, [procedure('p', { performedDateTime: at(1000) })]).assessments[0]).toEqual({
      id: 'once',
      label: 'Once',
      lastDoneAt: at(1000),
      dueAt: null,
      state: 'in-time',
    });
    expect(one(once, [], at(30)).assessments[0]?.state).toBe('overdue');
  });

  it('should say unknown rather than throw when a rule puts the due time beyond any date', () => {
    expect(one({ ...risk, repeatEveryHours: 1e300 }, [procedure('p')]).assessments[0]).toMatchObject({
      dueAt: null,
      state: 'unknown',
    });
  });
});

describe('keyAssessmentsFor: which records count', () => {
  it('should take the latest usable completion', () => {
    const result = one(risk, [
      procedure('a', { performedDateTime: at(50) }),
      observation('b', { effectiveDateTime: at(10) }),
      procedure('c', { performedDateTime: at(30) }),
    ]);
    expect(result.assessments[0]?.lastDoneAt).toBe(at(10));
  });

  it.each(['not-done', 'entered-in-error', 'in-progress', 'preparation', 'stopped', 'unknown'] as const)(
    'should ignore a %s Procedure without calling it an error',
    (status) => {
      expect(one(risk, [procedure('p', { status })])).toEqual({
        assessments: [expect.objectContaining({ lastDoneAt: null })],
        rejected: [],
      });
    },
  );

  it('should let a later entered-in-error version withdraw a completed procedure', () => {
    const v1 = procedure('p', { meta: { lastUpdated: at(1) } });
    const v2 = procedure('p', { meta: { lastUpdated: at(0.5) }, status: 'entered-in-error' });
    expect(one(risk, [v1, v2]).assessments[0]?.lastDoneAt).toBeNull();
    expect(one(risk, [v2, v1]).assessments[0]?.lastDoneAt).toBeNull();
  });

  it('should use performedPeriod.end, else its start', () => {
    expect(
      one(risk, [procedure('p', { performedDateTime: undefined, performedPeriod: { start: at(5), end: at(4) } })])
        .assessments[0]?.lastDoneAt,
    ).toBe(at(4));
    expect(
      one(risk, [procedure('p', { performedDateTime: undefined, performedPeriod: { start: at(5) } })]).assessments[0]
        ?.lastDoneAt,
    ).toBe(at(5));
  });

  it('should match a code among several codings, and not a code of another system', () => {
    expect(
      one(risk, [
        procedure('p', {
          code: {
            coding: [
              { system: 'http://local', code: 'x' },
              { system: SYSTEMS.snomed, code: '225338004' },
            ],
          },
        }),
      ]).assessments[0]?.lastDoneAt,
    ).toBe(at(1));
    expect(
      one(risk, [procedure('p', { code: { coding: [{ system: 'http://local', code: '225338004' }] } })]).assessments[0]
        ?.lastDoneAt,
    ).toBeNull();
  });

  it.each([
    ['completed', MUST, true],
    ['amended', MUST, true],
    ['completed', `${MUST}|1.0`, true],
    ['in-progress', MUST, false],
    ['entered-in-error', MUST, false],
    ['stopped', MUST, false],
    ['completed', 'https://fhir.wardflow.org/Questionnaire/other', false],
  ] as const)('should count a %s QuestionnaireResponse of %s: %s', (status, questionnaire, counts) => {
    expect(one(must, [response('q', { status, questionnaire })]).assessments[0]?.lastDoneAt).toBe(
      counts ? at(1) : null,
    );
  });

  it('should match when the rule names a version of the questionnaire', () => {
    expect(one({ ...must, questionnaires: [`${MUST}|2.0`] }, [response('q')]).assessments[0]?.lastDoneAt).toBe(at(1));
  });

  it.each([
    ['final', true],
    ['amended', true],
    ['corrected', true],
    ['preliminary', false],
    ['entered-in-error', false],
  ] as const)('should count a %s Observation: %s', (status, counts) => {
    expect(one(risk, [observation('o', { status })]).assessments[0]?.lastDoneAt).toBe(counts ? at(1) : null);
  });

  it('should read an Observation time from effectivePeriod', () => {
    expect(
      one(risk, [observation('o', { effectiveDateTime: undefined, effectivePeriod: { start: at(3), end: at(2) } })])
        .assessments[0]?.lastDoneAt,
    ).toBe(at(2));
  });

  it('should reject a completion in the future beyond the skew, or without a readable time, with a reason', () => {
    const result = one(risk, [
      procedure('future', { performedDateTime: new Date(now + 5 * 60_000 + 1000).toISOString() }),
      procedure('no-time', { performedDateTime: undefined }),
      procedure('bad-time', { performedDateTime: '2026-11-21T09:00:00' }),
      response('q', { authored: undefined, questionnaire: MUST }),
    ]);
    expect(result.assessments[0]).toMatchObject({ lastDoneAt: null, state: 'due-soon' });
    expect(result.rejected).toEqual([
      { id: 'Procedure/bad-time', reason: 'completion time time without a zone offset' },
      { id: 'Procedure/future', reason: 'completion time in the future' },
      { id: 'Procedure/no-time', reason: 'completion time missing' },
    ]);
    expect(one(must, [response('q', { authored: undefined })]).rejected).toEqual([
      { id: 'QuestionnaireResponse/q', reason: 'completion time missing' },
    ]);
  });

  it('should allow a completion within the skew', () => {
    expect(
      one(risk, [procedure('p', { performedDateTime: new Date(now + 5 * 60_000).toISOString() })]).rejected,
    ).toEqual([]);
    expect(
      one(risk, [procedure('p', { performedDateTime: new Date(now + 1000).toISOString() })], at(2), { futureSkewMs: 0 })
        .rejected,
    ).toHaveLength(1);
  });

  it('should ignore records that match no rule and resources of other types, and reject junk', () => {
    const result = keyAssessmentsFor(
      [risk],
      [
        procedure('p', { code: { text: 'other' }, performedDateTime: undefined }),
        { resourceType: 'Encounter', id: 'e1' },
        42,
      ],
      at(2),
      now,
    );
    expect(result.rejected).toEqual([{ id: '(none)', reason: 'not a resource' }]);
  });

  it('should not filter by profile: the caller passes the rules it wants', () => {
    expect(
      keyAssessmentsFor([risk, must], [procedure('p'), response('q')], at(2), now).assessments.map((a) => [
        a.id,
        a.lastDoneAt,
      ]),
    ).toEqual([
      ['risk', at(1)],
      ['must', at(1)],
    ]);
  });
});

// ---- properties: nothing a feed sends makes the reader throw ----

const junkArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.constantFrom(1e308, -1, 0, Number.NaN, Number.POSITIVE_INFINITY),
  fc.constantFrom(
    '',
    'completed',
    'amended',
    MUST,
    'not-a-date',
    '2026-13-45T99:99:99Z',
    '+275760-09-13T00:00:00.000Z',
    '-271821-04-20T00:00:00.000Z',
    '2026',
  ),
  fc.constantFrom({}, [], [null], true),
  fc.anything({ maxDepth: 2 }),
);

const mutationsArb = mutationsOf(junkArb);

describe('keyAssessmentsFor properties', () => {
  const valid: unknown[] = [
    procedure('a', { performedDateTime: at(30) }),
    procedure('a', { meta: { lastUpdated: at(1) }, performedPeriod: { end: at(20) } }),
    response('q'),
    observation('o', { effectiveDateTime: at(50) }),
  ];
  const rules = [risk, must, once];

  it('should never throw on mutated records, rules or admission times', () => {
    fc.assert(
      fc.property(
        fc.array(mutationsArb, { minLength: valid.length + rules.length, maxLength: valid.length + rules.length }),
        junkArb,
        (mutations, admitted) => {
          const resources = valid.map((r, i) => mutate(r, mutations[i] ?? []));
          const mutatedRules = rules.map((r, i) => mutate(r, mutations[valid.length + i] ?? []));
          const { assessments } = keyAssessmentsFor(mutatedRules, resources, admitted as string, now);
          for (const a of assessments) {
            if (a.dueAt !== null) expect(Number.isNaN(Date.parse(a.dueAt))).toBe(false);
            if (a.state === 'unknown') expect(a.dueAt).toBeNull();
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('should never throw on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.anything(), fc.array(fc.anything()), fc.anything(), (rulesJunk, many, admitted) => {
        expect(() => keyAssessmentsFor(rulesJunk as never, many, admitted as string, now)).not.toThrow();
        expect(() => keyAssessmentsFor(DEFAULT_KEY_ASSESSMENTS, many, at(2), now)).not.toThrow();
        expect(() => rulesForProfile(rulesJunk as never, 'acute')).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });

  it('should give the same answer whatever order the server returns records in', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(valid, { minLength: valid.length, maxLength: valid.length }), (reordered) => {
        expect(keyAssessmentsFor(rules, reordered, at(100), now)).toEqual(
          keyAssessmentsFor(rules, valid, at(100), now),
        );
      }),
    );
  });
});
