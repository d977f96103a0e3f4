import type { CarePlan, Task } from '@medplum/fhirtypes';
import {
  CAREPLAN_REVIEW_EXTENSION,
  DELAY_KIND_SYSTEM,
  carePlanReview,
  delayFromTask,
  openDelays,
} from './tasks-and-plans.js';

const now = Date.parse('2026-11-21T10:00:00Z');

function task(id: string, status: Task['status'], due?: string, extra: Partial<Task> = {}): Task {
  return {
    resourceType: 'Task',
    id,
    status,
    intent: 'order',
    code: { coding: [{ system: DELAY_KIND_SYSTEM, code: 'transport' }] },
    businessStatus: { text: 'Awaiting ambulance' },
    ...(due === undefined ? {} : { restriction: { period: { end: due } } }),
    ...extra,
  };
}

function plan(extra: Partial<CarePlan> = {}): CarePlan {
  return {
    resourceType: 'CarePlan',
    id: 'cp1',
    status: 'active',
    intent: 'plan',
    subject: { reference: 'Patient/p1' },
    ...extra,
  };
}

describe('delayFromTask', () => {
  it.each(['requested', 'accepted', 'in-progress', 'on-hold'] as const)('should treat %s as open', (status) => {
    expect(delayFromTask(task('t', status, '2026-11-21T09:00:00Z'), now)).toEqual({
      taskId: 't',
      kind: 'transport',
      status,
      description: 'Awaiting ambulance',
      dueAt: '2026-11-21T09:00:00.000Z',
      overdue: true,
    });
  });

  it.each(['completed', 'cancelled', 'rejected', 'failed', 'entered-in-error', 'draft', 'received', 'ready'] as const)(
    'should not show %s',
    (status) => {
      expect(delayFromTask(task('t', status, '2026-11-21T09:00:00Z'), now)).toBeNull();
    },
  );

  it('should not be overdue before the due time, and keep a task with no due time', () => {
    expect(delayFromTask(task('t', 'requested', '2026-11-21T11:00:00Z'), now)?.overdue).toBe(false);
    expect(delayFromTask(task('t', 'requested'), now)).toMatchObject({ dueAt: null, overdue: false });
  });

  it('should give kind null for a task not coded with the delay kind', () => {
    expect(delayFromTask(task('t', 'requested', undefined, { code: { text: 'Something' } }), now)?.kind).toBeNull();
  });
});

describe('openDelays', () => {
  it('should list open delays soonest first, whatever the input order', () => {
    const tasks = [
      task('c', 'requested'),
      task('b', 'requested', '2026-11-22T09:00:00Z'),
      task('a', 'on-hold', '2026-11-21T09:00:00Z'),
      task('d', 'completed', '2026-11-20T09:00:00Z'),
    ];
    expect(openDelays(tasks, now).map((d) => d.taskId)).toEqual(['a', 'b', 'c']);
    expect(openDelays([...tasks].reverse(), now).map((d) => d.taskId)).toEqual(['a', 'b', 'c']);
  });
});

describe('carePlanReview', () => {
  it('should use the review extension first', () => {
    expect(
      carePlanReview(
        plan({
          extension: [{ url: CAREPLAN_REVIEW_EXTENSION, valueDateTime: '2026-11-21T09:00:00Z' }],
          period: { end: '2027-01-01' },
        }),
        now,
      ),
    ).toEqual({
      carePlanId: 'cp1',
      dueAt: '2026-11-21T09:00:00.000Z',
      overdue: true,
      basis: 'extension',
    });
  });

  it('should use period.end, due at the end of a date-only day', () => {
    expect(carePlanReview(plan({ period: { start: '2026-11-01', end: '2026-11-21' } }), now)).toEqual({
      carePlanId: 'cp1',
      dueAt: '2026-11-21T23:59:59.999Z',
      overdue: false,
      basis: 'period-end',
    });
  });

  it('should fall back to the start plus the configured interval', () => {
    expect(carePlanReview(plan({ period: { start: '2026-11-10T12:00:00Z' } }), now)).toMatchObject({
      dueAt: '2026-11-17T12:00:00.000Z',
      overdue: true,
      basis: 'interval',
    });
    expect(
      carePlanReview(plan({ period: { start: '2026-11-10T12:00:00Z' } }), now, { reviewIntervalDays: 28 }),
    ).toMatchObject({ dueAt: '2026-12-08T12:00:00.000Z', overdue: false });
    expect(carePlanReview(plan({ created: '2026-11-20T12:00:00Z' }), now)).toMatchObject({
      basis: 'interval',
      overdue: false,
    });
  });

  it('should give null for a plan that is not active or has no dates', () => {
    expect(carePlanReview(plan({ status: 'completed', period: { end: '2026-11-21' } }), now)).toBeNull();
    expect(carePlanReview(plan(), now)).toBeNull();
  });
});
