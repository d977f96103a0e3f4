/**
 * The huddle's actions as FHIR R4 Tasks, for trusts that turn on the write-back
 * (FHIR_WRITE_HUDDLE_TASKS): an action against a bed names the stay (`Task.encounter`), one for the
 * whole ward names the ward (`Task.location`); the owner and the person recording it are names
 * (`owner.display`, `requester.display`), since the EPR's practitioner ids are not known here; the
 * due time is `restriction.period.end`. Coded with a local code, so the board never reads its own
 * Tasks back as delays (tasks-and-plans.ts) and the trust can find them.
 */
import type { Task } from '@medplum/fhirtypes';
import { CHECK_IN_WORDS, type HuddleAction, type HuddleActionStatus } from '../huddle-actions.js';

export const HUDDLE_ACTION_SYSTEM = 'https://fhir.wardflow.org/CodeSystem/huddle-action';
export const HUDDLE_ACTION_CODE = 'huddle-action';
/** `Task.identifier.system`: the action's id in Wardflow, so a Task written twice can be recognised. */
export const HUDDLE_ACTION_IDENTIFIER = 'https://fhir.wardflow.org/Id/huddle-action';

export function huddleActionTask(action: HuddleAction): Task {
  return {
    resourceType: 'Task',
    identifier: [{ system: HUDDLE_ACTION_IDENTIFIER, value: `${action.wardId}/${action.id}` }],
    status: 'requested',
    intent: 'order',
    priority: 'routine',
    code: {
      coding: [{ system: HUDDLE_ACTION_SYSTEM, code: HUDDLE_ACTION_CODE, display: 'Safety huddle action' }],
      text: 'Safety huddle action',
    },
    description: action.text,
    ...(action.encounterId === null
      ? { location: { reference: `Location/${action.wardId}` } }
      : { encounter: { reference: `Encounter/${action.encounterId}` } }),
    authoredOn: action.createdAt,
    lastModified: action.createdAt,
    requester: { display: action.createdBy },
    owner: { display: action.owner },
    restriction: { period: { end: action.dueAt } },
    note: [
      {
        text: `Recorded at the ward's ${CHECK_IN_WORDS[action.checkIn]} huddle${action.bed === null ? '' : ` for ${action.bed}`}`,
      },
    ],
  };
}

/** The Task as the action closed: done is `completed`, dropped is `cancelled`. */
export function closedHuddleTask(task: Task, status: Exclude<HuddleActionStatus, 'open'>, at: string): Task {
  return { ...task, status: status === 'done' ? 'completed' : 'cancelled', lastModified: at };
}
