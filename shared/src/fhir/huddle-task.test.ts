import type { HuddleAction } from '../huddle-actions.js';
import { HUDDLE_ACTION_CODE, HUDDLE_ACTION_SYSTEM, closedHuddleTask, huddleActionTask } from './huddle-task.js';
import { openDelays } from './tasks-and-plans.js';

const action: HuddleAction = {
  id: 42,
  wardId: 'ward-4b',
  bed: 'Bed 4',
  encounterId: 'enc-4',
  text: 'Chase TTO with pharmacy',
  owner: 'Charge nurse',
  dueAt: '2026-12-07T17:00:00.000Z',
  checkIn: 'flow',
  status: 'open',
  createdAt: '2026-12-07T15:10:00.000Z',
  createdBy: 'Nurse Nia',
  closedAt: null,
  closedBy: null,
  task: null,
};

describe('huddleActionTask', () => {
  it('writes an action about a bed as a Task on the stay, owned and due as recorded', () => {
    expect(huddleActionTask(action)).toEqual({
      resourceType: 'Task',
      identifier: [{ system: 'https://fhir.wardflow.org/Id/huddle-action', value: 'ward-4b/42' }],
      status: 'requested',
      intent: 'order',
      priority: 'routine',
      code: {
        coding: [{ system: HUDDLE_ACTION_SYSTEM, code: HUDDLE_ACTION_CODE, display: 'Safety huddle action' }],
        text: 'Safety huddle action',
      },
      description: 'Chase TTO with pharmacy',
      encounter: { reference: 'Encounter/enc-4' },
      authoredOn: '2026-12-07T15:10:00.000Z',
      lastModified: '2026-12-07T15:10:00.000Z',
      requester: { display: 'Nurse Nia' },
      owner: { display: 'Charge nurse' },
      restriction: { period: { end: '2026-12-07T17:00:00.000Z' } },
      note: [{ text: "Recorded at the ward's discharges and delays huddle for Bed 4" }],
    });
  });

  it('names the ward for a ward-level action, and closes as completed or cancelled', () => {
    const ward = huddleActionTask({ ...action, bed: null, encounterId: null });
    expect(ward).toMatchObject({ location: { reference: 'Location/ward-4b' } });
    expect(ward.encounter).toBeUndefined();
    expect(closedHuddleTask(ward, 'done', '2026-12-07T16:00:00Z')).toMatchObject({
      status: 'completed',
      lastModified: '2026-12-07T16:00:00Z',
    });
    expect(closedHuddleTask(ward, 'dropped', '2026-12-07T16:00:00Z').status).toBe('cancelled');
  });

  it('is never read back as a delay on the card (the huddle lists it)', () => {
    const written = { ...huddleActionTask(action), id: 't1' };
    const delay = { ...written, id: 't2', code: { text: 'Awaiting transport' } };
    expect(openDelays([written, delay], Date.parse('2026-12-07T16:00:00Z')).map((d) => d.taskId)).toEqual(['t2']);
  });
});
