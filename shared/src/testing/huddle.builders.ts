/** Test builders for the huddle's recorded actions (shared rules, server and client tests alike). */
import type { HuddleAction } from '../huddle-actions.js';

/** An open ward action, due an hour after `createdAt`; `extra` sets what the test is about. */
export function makeHuddleAction(id: number, extra: Partial<HuddleAction> = {}): HuddleAction {
  const createdAt = extra.createdAt ?? '2026-12-07T13:30:00.000Z';
  return {
    id,
    wardId: 'ward-a',
    bed: null,
    encounterId: null,
    text: `Action ${id}`,
    owner: 'Nurse in charge',
    dueAt: new Date(Date.parse(createdAt) + 90 * 60_000).toISOString(),
    checkIn: 'flow',
    status: 'open',
    createdAt,
    createdBy: 'Nurse Nia',
    closedAt: null,
    closedBy: null,
    task: null,
    ...extra,
  };
}
