import { acknowledgeDecision, reconcileEscalations, type OpenEscalation } from './reconcile-escalations.js';
import type { EscalationCondition } from './evaluate-escalations.js';

const condition = (ruleId: string, subject = '', value = 1): EscalationCondition => ({
  ruleId,
  subject,
  value,
  detail: `${ruleId} ${subject} ${value}`,
});
const open = (id: number, ruleId: string, subject = ''): OpenEscalation => ({ id, ruleId, subject });

describe('reconcileEscalations', () => {
  it.each<[string, OpenEscalation[], EscalationCondition[], { raise: string[]; keep: number[]; resolve: number[] }]>([
    [
      'a new crossing raises one',
      [],
      [condition('occupancy-high')],
      { raise: ['occupancy-high/'], keep: [], resolve: [] },
    ],
    [
      'still true is kept, never raised twice',
      [open(1, 'occupancy-high')],
      [condition('occupancy-high', '', 98)],
      { raise: [], keep: [1], resolve: [] },
    ],
    ['cleared is resolved', [open(1, 'occupancy-high')], [], { raise: [], keep: [], resolve: [1] }],
    [
      'patient-level rules are per subject',
      [open(1, 'news2-high', 'enc-1'), open(2, 'news2-high', 'enc-2')],
      [condition('news2-high', 'enc-2'), condition('news2-high', 'enc-3')],
      { raise: ['news2-high/enc-3'], keep: [2], resolve: [1] },
    ],
    [
      'a condition listed twice raises once',
      [],
      [condition('awol', 'enc-1'), condition('awol', 'enc-1')],
      { raise: ['awol/enc-1'], keep: [], resolve: [] },
    ],
    [
      'the same subject under two rules is two escalations',
      [open(1, 'awol', 'enc-1')],
      [condition('awol', 'enc-1'), condition('news2-high', 'enc-1')],
      { raise: ['news2-high/enc-1'], keep: [1], resolve: [] },
    ],
  ])('should plan: %s', (_name, openList, conditions, expected) => {
    const plan = reconcileEscalations(openList, conditions);
    expect({
      raise: plan.raise.map((c) => `${c.ruleId}/${c.subject}`),
      keep: plan.keep.map((k) => k.id),
      resolve: plan.resolve,
    }).toEqual(expected);
  });

  it('should raise again after a condition cleared and came back (a new crossing)', () => {
    const first = reconcileEscalations([], [condition('occupancy-high')]);
    expect(first.raise).toHaveLength(1);
    expect(reconcileEscalations([open(1, 'occupancy-high')], []).resolve).toEqual([1]);
    expect(reconcileEscalations([], [condition('occupancy-high')]).raise).toHaveLength(1);
  });

  it('should carry the latest value on the kept escalation', () => {
    expect(
      reconcileEscalations([open(5, 'news2-high', 'enc-1')], [condition('news2-high', 'enc-1', 9)]).keep[0]?.condition
        .value,
    ).toBe(9);
  });
});

describe('acknowledgeDecision', () => {
  it.each([
    ['open and unacknowledged', { resolvedAt: null, acknowledgedBy: null }, { ok: true }],
    ['resolved', { resolvedAt: '2026-11-21T10:00:00Z', acknowledgedBy: null }, { ok: false, status: 'resolved' }],
    [
      'resolved after acknowledgement',
      { resolvedAt: '2026-11-21T10:00:00Z', acknowledgedBy: 'amy' },
      { ok: false, status: 'resolved' },
    ],
    [
      'already acknowledged, still open',
      { resolvedAt: null, acknowledgedBy: 'amy' },
      { ok: false, status: 'already-acknowledged' },
    ],
  ])('should decide for an escalation %s', (_name, state, expected) => {
    expect(acknowledgeDecision(state)).toMatchObject(expected);
  });
});
