import { makeHuddleAction } from './testing/huddle.builders.js';
import { actionProblems, huddleActionLines, type HuddleAction, type NewHuddleAction } from './huddle-actions.js';

const now = Date.parse('2026-12-07T15:30:00Z');
const at = (hours: number) => new Date(now + hours * 3_600_000).toISOString();

const valid: NewHuddleAction = {
  bed: 'Bed 4',
  encounterId: 'enc-4',
  text: 'Chase TTO with pharmacy',
  owner: 'Charge nurse',
  dueAt: at(2),
  checkIn: 'flow',
};

describe('actionProblems', () => {
  it.each<[string, Partial<NewHuddleAction>, string[]]>([
    ['a valid action against a bed', {}, []],
    ['a ward-level action', { bed: null, encounterId: null }, []],
    ['due a moment ago (typed just after the time)', { dueAt: at(-0.5) }, []],
    ['no text', { text: '  ' }, ['Say what is to be done']],
    ['too long', { text: 'x'.repeat(281) }, ['Keep the action under 280 characters']],
    ['no owner', { owner: '' }, ['Say who will do it']],
    [
      'an NHS number',
      { text: 'Check bloods for 943 476 5919' },
      ['No NHS numbers: the huddle screen shows bed and initials only'],
    ],
    [
      'an NHS number run together',
      { owner: 'Re 9434765919' },
      ['No NHS numbers: the huddle screen shows bed and initials only'],
    ],
    [
      'a date of birth',
      { text: 'Confirm DOB 03/04/1941 with family' },
      ['No dates of birth: the huddle screen shows bed and initials only'],
    ],
    ['a due time long gone', { dueAt: at(-2) }, ['The due time has passed']],
    ['due beyond two weeks', { dueAt: at(15 * 24) }, ['Due within 14 days: longer work belongs in the care plan']],
    ['no due time', { dueAt: 'soon' }, ['Say when it is due']],
    ['a bed without its patient', { encounterId: null }, ['A bed and its patient go together']],
  ])('%s', (_name, change, problems) => {
    expect(actionProblems({ ...valid, ...change }, now)).toEqual(problems);
  });

  it('allows ordinary numbers: a bed, a time, a dose', () => {
    expect(actionProblems({ ...valid, text: 'Bed 12: give 40 mg at 18:00, recheck in 2 h' }, now)).toEqual([]);
  });
});

describe('huddleActionLines', () => {
  const action = (id: number, extra: Partial<HuddleAction>): HuddleAction =>
    makeHuddleAction(id, { dueAt: at(1), createdAt: at(-0.5), ...extra });

  it('lists open actions soonest due first, overdue marked, and carries those from earlier check-ins', () => {
    const { open } = huddleActionLines(
      [
        action(1, { dueAt: at(3) }),
        action(2, { dueAt: at(-1), checkIn: 'safety', createdAt: '2026-12-07T08:40:00Z' }),
        action(3, { dueAt: at(0.5) }),
      ],
      now,
      'flow',
    );
    expect(open.map((a) => [a.id, a.overdue, a.carried])).toEqual([
      [2, true, 'From Mon 7 Dec 08:40 GMT, safety risks'],
      [3, false, null],
      [1, false, null],
    ]);
  });

  it('carries an action of the same check-in from yesterday', () => {
    const { open } = huddleActionLines([action(1, { createdAt: at(-24) })], now, 'flow');
    expect(open[0]?.carried).toBe('From Sun 6 Dec 15:30 GMT, discharges and delays');
  });

  it('shows what was closed in the last day, newest first, and forgets older ones', () => {
    const { open, closed } = huddleActionLines(
      [
        action(1, { status: 'done', closedAt: at(-2), closedBy: 'Nurse Nia' }),
        action(2, { status: 'dropped', closedAt: at(-1), closedBy: 'Sister Sam' }),
        action(3, { status: 'done', closedAt: at(-25) }),
      ],
      now,
      'flow',
    );
    expect(open).toEqual([]);
    expect(closed.map((a) => [a.id, a.status, a.overdue])).toEqual([
      [2, 'dropped', false],
      [1, 'done', false],
    ]);
  });
});
