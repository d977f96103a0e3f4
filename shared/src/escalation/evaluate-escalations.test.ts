import { NOW, makeBed, makePatient, minutesBefore } from '../sites.builders.js';
import type { BedOnBoard, MentalHealthActOnBoard, News2OnBoard } from '../ward.types.js';
import { DEFAULT_ESCALATION_RULES, type EscalationRule } from './escalation-rules.js';
import { daysPastExpectedDischarge, evaluateEscalations, type EscalationInput } from './evaluate-escalations.js';

const rule = (id: string): EscalationRule => DEFAULT_ESCALATION_RULES.find((r) => r.id === id) as EscalationRule;

function input(
  beds: BedOnBoard[],
  overrides: Partial<EscalationInput> & { census?: Partial<EscalationInput['snapshot']['census']> } = {},
): EscalationInput {
  const census = {
    beds: beds.length,
    occupied: beds.filter((b) => b.status === 'occupied').length,
    closed: 0,
    blocked: 0,
    ...overrides.census,
  };
  return {
    snapshot: { beds, unplaced: [], census },
    composite: overrides.composite ?? null,
    now: overrides.now ?? NOW,
  };
}

const news2 = (score: number): News2OnBoard => ({
  score,
  band: score >= 7 ? 'high' : 'medium',
  source: 'reported',
  anySingleParameterScored3: false,
  observedAt: minutesBefore(30),
  dueAt: minutesBefore(-30),
});
const occupiedWith = (id: string, patient: Parameters<typeof makePatient>[0]) =>
  makeBed(id, 'occupied', { patient: makePatient({ encounterId: `enc-${id}`, ...patient }) });

describe('evaluateEscalations, rule by rule', () => {
  it.each([
    ['19 of 20 open beds (95%): not above', 19, 20, 0, []],
    ['20 of 20 (100%)', 20, 20, 0, [{ value: 100, detail: 'Occupancy 100% (20 of 20 open beds; above 95%)' }]],
    [
      '20 of 21 with 1 closed (100% of open beds)',
      20,
      21,
      1,
      [{ value: 100, detail: 'Occupancy 100% (20 of 20 open beds; above 95%)' }],
    ],
    ['no open beds: nothing to compare', 0, 2, 2, []],
  ])('should judge occupancy: %s', (_name, occupied, beds, closed, expected) => {
    const result = evaluateEscalations(input([], { census: { occupied, beds, closed } }), [rule('occupancy-high')]);
    expect(result).toEqual(expected.map((e) => ({ ruleId: 'occupancy-high', subject: '', ...e })));
  });

  it.each([
    ['no composite', null, false],
    ['39.9, just under the red line', 39.9, false],
    ['40, on the red line', 40, true],
    ['72', 72, true],
  ])('should judge the composite: %s', (_name, composite, raised) => {
    expect(evaluateEscalations(input([], { composite }), [rule('composite-red')]).length).toBe(raised ? 1 : 0);
  });

  it.each([
    ['6: not raised', 6, []],
    ['7: raised', 7, [{ subject: 'enc-4', value: 7, detail: 'Bed 4: NEWS2 7' }]],
    ['12: raised', 12, [{ subject: 'enc-4', value: 12, detail: 'Bed 4: NEWS2 12' }]],
  ])('should judge NEWS2 %s, naming the bed and never the patient', (_name, score, expected) => {
    const result = evaluateEscalations(input([occupiedWith('4', { news2: news2(score), initials: 'J.S.' })]), [
      rule('news2-high'),
    ]);
    expect(result).toEqual(expected.map((e) => ({ ruleId: 'news2-high', ...e })));
    for (const c of result) expect(c.detail).not.toContain('J.S.');
  });

  it('should escalate a patient the data could not put in a bed, saying there is no bed', () => {
    const result = evaluateEscalations(
      {
        snapshot: {
          beds: [],
          unplaced: [{ patient: makePatient({ encounterId: 'enc-x', news2: news2(9) }), reason: 'no bed recorded' }],
          census: { beds: 0, occupied: 0, closed: 0, blocked: 0 },
        },
        composite: null,
        now: NOW,
      },
      [rule('news2-high')],
    );
    expect(result).toEqual([{ ruleId: 'news2-high', subject: 'enc-x', value: 9, detail: 'No bed recorded: NEWS2 9' }]);
  });

  it.each([
    ['cleaning for exactly 2 h: not more than 2 h', 120, 0],
    ['cleaning for 2 h 01 min', 121, 1],
    ['cleaning since unknown: never guessed', null, 0],
  ])('should judge a bed %s', (_name, minutes, count) => {
    const bed = makeBed('7', 'cleaning', { statusSince: minutes === null ? null : minutesBefore(minutes) });
    const result = evaluateEscalations(input([bed]), [rule('cleaning-long')]);
    expect(result.length).toBe(count);
    if (count === 1)
      expect(result[0]).toEqual({
        ruleId: 'cleaning-long',
        subject: '7',
        value: 2,
        detail: 'Bed 7: in cleaning for 2 h 01 min',
      });
  });

  it('should not count a free bed, however long since it changed', () => {
    expect(
      evaluateEscalations(input([makeBed('7', 'free', { statusSince: minutesBefore(600) })]), [rule('cleaning-long')]),
    ).toEqual([]);
  });

  it.each([
    // NOW is 2026-11-21 10:00 UTC.
    ['due today', '2026-11-21', 0],
    ['due tomorrow', '2026-11-22', 0],
    ['due yesterday', '2026-11-20', 1],
    ['no date', null, 0],
  ])('should judge a patient %s against the London date', (_name, edd, count) => {
    const result = evaluateEscalations(input([occupiedWith('2', { expectedDischargeDate: edd })]), [
      rule('past-expected-discharge'),
    ]);
    expect(result.length).toBe(count);
    if (count === 1) expect(result[0]?.detail).toBe('Bed 2: 1 day past expected discharge (2026-11-20)');
  });

  it('should count days past discharge by London calendar date across midnight in summer', () => {
    // 23:30 UTC on 1 July is 00:30 BST on 2 July: a discharge due on 1 July is a day past.
    expect(daysPastExpectedDischarge('2026-07-01', Date.parse('2026-07-01T23:30:00Z'))).toBe(1);
    expect(daysPastExpectedDischarge('2026-03-28', Date.parse('2026-03-29T22:30:00Z'))).toBe(1);
    expect(daysPastExpectedDischarge('soon', NOW)).toBeNull();
  });

  it.each([
    ['AWOL, threshold 0, since known', 0, 90, 1],
    ['AWOL, threshold 0, since unknown: raised at once', 0, null, 1],
    ['AWOL 1 h, threshold 2 h', 2, 60, 0],
    ['AWOL 3 h, threshold 2 h', 2, 180, 1],
    ['AWOL since unknown, threshold 2 h: never guessed', 2, null, 0],
  ])('should judge %s', (_name, threshold, minutes, count) => {
    const bed = occupiedWith('9', { awol: { since: minutes === null ? null : minutesBefore(minutes) } });
    expect(evaluateEscalations(input([bed]), [{ ...rule('awol'), threshold }]).length).toBe(count);
  });

  it('should skip disabled rules and evaluate every enabled one', () => {
    const beds = [occupiedWith('1', { news2: news2(8), awol: { since: null } })];
    const rules = DEFAULT_ESCALATION_RULES.map((r) => (r.id === 'awol' ? { ...r, enabled: false } : r));
    expect(evaluateEscalations(input(beds), rules).map((c) => c.ruleId)).toEqual(['occupancy-high', 'news2-high']);
  });

  describe('Mental Health Act', () => {
    const DAY = 86_400_000;
    const at = (ms: number) => new Date(ms).toISOString();
    const detained = (mha: Partial<MentalHealthActOnBoard>) =>
      occupiedWith('b4', {
        mentalHealthAct: {
          code: '03',
          label: 'Formally detained under Mental Health Act Section 3',
          since: at(NOW - 100 * DAY),
          ...mha,
        },
      });

    it.each<[string, number | null, boolean | undefined, string[]]>([
      ['ending in 10 days: neither', NOW + 10 * DAY, false, []],
      ['ending in 6 days: the 7-day rule', NOW + 6 * DAY, false, ['mha-section-7d']],
      ['ending in 20 hours: both', NOW + 20 * 3_600_000, false, ['mha-section-7d', 'mha-section-1d']],
      ['lapsed: both, said as lapsed', NOW - 2 * DAY, true, ['mha-section-7d', 'mha-section-1d']],
      ['no end recorded: neither', null, false, []],
    ])('should raise section expiry: %s', (_case, end, lapsed, ids) => {
      const bed = detained({ expiresAt: end === null ? null : at(end), lapsed });
      const raised = evaluateEscalations(input([bed]), [rule('mha-section-7d'), rule('mha-section-1d')]);
      expect(raised.map((c) => c.ruleId)).toEqual(ids);
      for (const c of raised) {
        expect(c.detail).toMatch(/^Bed b4: Section 3 /);
        expect(c.detail).toMatch(lapsed === true ? /no renewal recorded$/ : /\((in \d+ days|within a day|today)\)$/);
      }
    });

    it.each<[string, { lastGivenAt: string | null; dueAt: string | null } | null, string | null]>([
      [
        'rights never given, due an hour ago',
        { lastGivenAt: null, dueAt: at(NOW - 3_600_000) },
        'not recorded as given',
      ],
      ['rights due again yesterday', { lastGivenAt: at(NOW - 31 * DAY), dueAt: at(NOW - DAY) }, 'not given again'],
      ['rights due tomorrow', { lastGivenAt: null, dueAt: at(NOW + DAY) }, null],
      ['no rights (informal)', null, null],
    ])('should raise rights: %s', (_case, rights, words) => {
      const raised = evaluateEscalations(input([detained({ rights })]), [rule('mha-rights-overdue')]);
      expect(raised.map((c) => c.detail)).toEqual(words === null ? [] : [expect.stringContaining(words)]);
    });

    it.each<[string, boolean, number | null, boolean]>([
      ['on leave, due back an hour ago', true, NOW - 3_600_000, true],
      ['on leave, due back in an hour', true, NOW + 3_600_000, false],
      ['on leave with no time due back', true, null, false],
      ['back (not on leave)', false, NOW - 3_600_000, false],
    ])('should raise leave overdue: %s', (_case, onLeave, back, raised) => {
      const leave = {
        authorised: true,
        authorisedUntil: null,
        onLeave,
        onLeaveSince: at(NOW - 5 * 3_600_000),
        expectedBackAt: back === null ? null : at(back),
      };
      const result = evaluateEscalations(input([detained({ leave })]), [rule('mha-leave-overdue')]);
      expect(result.length).toBe(raised ? 1 : 0);
      if (raised) expect(result[0]?.detail).toMatch(/^Bed b4: section 17 leave, due back .*, not returned$/);
    });

    it('should say nothing of a patient of a board stored before the deadlines were read', () => {
      const old = detained({});
      const all = DEFAULT_ESCALATION_RULES.filter((r) => r.kind.startsWith('mha-'));
      expect(evaluateEscalations(input([old]), all)).toEqual([]);
    });
  });
});
