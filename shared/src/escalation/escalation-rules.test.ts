import { DEFAULT_ESCALATION_RULES, escalationRulesWith } from './escalation-rules.js';

describe('escalationRulesWith', () => {
  it('should keep the ten defaults when nothing is overridden', () => {
    const { rules, problems } = escalationRulesWith([]);
    expect(problems).toEqual([]);
    expect(rules.map((r) => [r.kind, r.threshold])).toEqual([
      ['occupancy', 95],
      ['composite', 40],
      ['past-expected-discharge', 0],
      ['cleaning-long', 2],
      ['news2', 7],
      ['awol', 0],
      ['mha-section-expiry', 7],
      ['mha-section-expiry', 1],
      ['mha-rights', 0],
      ['mha-leave-overdue', 0],
    ]);
  });

  it('should change a default by id and add a new rule', () => {
    const { rules, problems } = escalationRulesWith([
      { id: 'occupancy-high', threshold: 90, label: 'Occupancy above 90%' },
      { id: 'news2-medium', kind: 'news2', threshold: 5, label: 'NEWS2 of 5 or more' },
      { id: 'awol', enabled: false },
    ]);
    expect(problems).toEqual([]);
    expect(rules.find((r) => r.id === 'occupancy-high')).toEqual({
      id: 'occupancy-high',
      kind: 'occupancy',
      threshold: 90,
      enabled: true,
      label: 'Occupancy above 90%',
    });
    expect(rules.find((r) => r.id === 'news2-medium')?.enabled).toBe(true);
    expect(rules.find((r) => r.id === 'awol')?.enabled).toBe(false);
    expect(DEFAULT_ESCALATION_RULES[0]?.threshold).toBe(95);
  });

  it.each([
    [[{ id: 'occupancy-high', kind: 'news2' as const }], 'keeps its kind occupancy'],
    [[{ id: 'mine', threshold: 3 }], 'a new rule needs kind'],
    [[{ id: 'news2-high', threshold: 0 }], 'threshold 0 is outside 1-20 for news2'],
    [
      [
        { id: 'a', kind: 'awol' as const, threshold: 1, label: 'A' },
        { id: 'a', threshold: 2 },
      ],
      'the id appears twice',
    ],
  ])('should name the problem with %j', (overrides, message) => {
    const { problems } = escalationRulesWith(overrides);
    expect(problems.join('\n')).toContain(message);
  });
});
