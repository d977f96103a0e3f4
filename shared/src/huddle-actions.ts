/**
 * What a huddle decided (issue 15 item 7): actions with an owner and a due time, against a bed or the
 * whole ward, recorded at one check-in and carried to the next until someone marks them done or drops
 * them. Pure rules: what a valid action is, and how the huddle lists them at a given time.
 *
 * The words are typed by staff and shown on the ward's huddle screen, so they keep to the wall's
 * allow-list (SEC-1): an action naming an NHS number or a date of birth is refused with the reason.
 */
import type { CheckInId } from './huddle.js';
import { formatLondonDay, formatLondonTime } from './london-time.js';

export type HuddleActionStatus = 'open' | 'done' | 'dropped';

export interface HuddleAction {
  id: number;
  wardId: string;
  /** The bed the action is about ("Bed 4"), or null for the whole ward. */
  bed: string | null;
  /** The stay it is about (the board's opaque encounter id), or null for the ward. */
  encounterId: string | null;
  text: string;
  /** Who will do it: a name or a role ("Charge nurse", "Dr Patel"). */
  owner: string;
  dueAt: string;
  /** The check-in it was recorded at. */
  checkIn: CheckInId;
  status: HuddleActionStatus;
  createdAt: string;
  createdBy: string;
  closedAt: string | null;
  closedBy: string | null;
  /**
   * The FHIR Task it was written back as, when the trust turned that on: its id, or why writing it
   * failed (the action stands either way; the huddle sees the failure).
   */
  task: { id: string | null; error: string | null } | null;
}

/** POST /api/wards/:wardId/huddle/actions */
export interface NewHuddleAction {
  bed: string | null;
  encounterId: string | null;
  text: string;
  owner: string;
  dueAt: string;
  checkIn: CheckInId;
}

export const HUDDLE_ACTION_LIMITS = {
  textMax: 280,
  ownerMax: 80,
  /** How far ahead a due time may be: an action is for the next few check-ins, not a care plan. */
  dueWithinDays: 14,
  /** A due time this far in the past is refused as a typing slip (one just gone is allowed). */
  dueNotBeforeMinutes: 60,
  /** Done and dropped actions stay on the huddle's list this long, so the next check-in sees them closed. */
  closedShownHours: 24,
} as const;

// Ten digits with optional spaces or hyphens in 3-3-4 (an NHS number), and day/month/year dates.
const NHS_NUMBER = /(?<!\d)\d{3}[ -]?\d{3}[ -]?\d{4}(?!\d)/;
const DATE_OF_BIRTH = /(?<!\d)\d{1,2}[/.-]\d{1,2}[/.-](19|20)\d{2}(?!\d)/;

/** Why an action cannot be recorded, in words for the person typing it; empty when it can. */
export function actionProblems(action: NewHuddleAction, now: number): string[] {
  const problems: string[] = [];
  const text = action.text.trim();
  const owner = action.owner.trim();
  if (text.length < 3) problems.push('Say what is to be done');
  if (text.length > HUDDLE_ACTION_LIMITS.textMax)
    problems.push(`Keep the action under ${HUDDLE_ACTION_LIMITS.textMax} characters`);
  if (owner.length === 0) problems.push('Say who will do it');
  if (owner.length > HUDDLE_ACTION_LIMITS.ownerMax)
    problems.push(`Keep the owner under ${HUDDLE_ACTION_LIMITS.ownerMax} characters`);
  for (const words of [text, owner]) {
    if (NHS_NUMBER.test(words)) problems.push('No NHS numbers: the huddle screen shows bed and initials only');
    if (DATE_OF_BIRTH.test(words)) problems.push('No dates of birth: the huddle screen shows bed and initials only');
  }
  const due = Date.parse(action.dueAt);
  if (Number.isNaN(due)) problems.push('Say when it is due');
  else if (due < now - HUDDLE_ACTION_LIMITS.dueNotBeforeMinutes * 60_000) problems.push('The due time has passed');
  else if (due > now + HUDDLE_ACTION_LIMITS.dueWithinDays * 86_400_000)
    problems.push(`Due within ${HUDDLE_ACTION_LIMITS.dueWithinDays} days: longer work belongs in the care plan`);
  if ((action.bed === null) !== (action.encounterId === null)) problems.push('A bed and its patient go together');
  return [...new Set(problems)];
}

export interface HuddleActionLine extends HuddleAction {
  overdue: boolean;
  /** "From Mon 7 Dec 08:30 GMT, safety risks": recorded at an earlier check-in and carried here. */
  carried: string | null;
}

/** The check-ins in the words an action's note and carried line use. */
export const CHECK_IN_WORDS: Record<CheckInId, string> = {
  safety: 'safety risks',
  care: 'care reviews',
  flow: 'discharges and delays',
  unwell: 'becoming unwell',
};

/**
 * The huddle's list at `now`: every open action, soonest due first (so the overdue ones lead), each
 * carried from the check-in it was recorded at when that was an earlier one; then those closed in the
 * last day, newest first, so the next check-in sees what was done.
 */
export function huddleActionLines(
  actions: readonly HuddleAction[],
  now: number,
  current: CheckInId,
): { open: HuddleActionLine[]; closed: HuddleActionLine[] } {
  const line = (a: HuddleAction): HuddleActionLine => {
    const sameCheckIn = a.checkIn === current && now - Date.parse(a.createdAt) < 3 * 3_600_000;
    return {
      ...a,
      overdue: a.status === 'open' && Date.parse(a.dueAt) <= now,
      carried: sameCheckIn
        ? null
        : `From ${formatLondonDay(a.createdAt)} ${formatLondonTime(a.createdAt)}, ${CHECK_IN_WORDS[a.checkIn]}`,
    };
  };
  const open = actions
    .filter((a) => a.status === 'open')
    .map(line)
    .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt) || a.id - b.id);
  const closed = actions
    .filter(
      (a) =>
        a.status !== 'open' &&
        a.closedAt !== null &&
        now - Date.parse(a.closedAt) <= HUDDLE_ACTION_LIMITS.closedShownHours * 3_600_000,
    )
    .map(line)
    .sort((a, b) => Date.parse(b.closedAt ?? '') - Date.parse(a.closedAt ?? '') || b.id - a.id);
  return { open, closed };
}
