/**
 * Delays and due items (docs/design.md section 7): open Tasks with a due time, and care plan review dates.
 */
import type { CarePlan, Task } from '@medplum/fhirtypes';
import { arr, cmp, codingsOf, conceptText, parseTime, str } from './observation-rules.js';
import type { DelayKind } from '../ward.types.js';
import { HUDDLE_ACTION_CODE, HUDDLE_ACTION_SYSTEM } from './huddle-task.js';

export const DELAY_KIND_SYSTEM = 'https://fhir.wardflow.org/CodeSystem/delay-kind';
/** Local extension carrying an explicit care plan review date (valueDate or valueDateTime). */
export const CAREPLAN_REVIEW_EXTENSION = 'https://fhir.wardflow.org/StructureDefinition/careplan-review-date';

const DELAY_KINDS: readonly DelayKind[] = ['assessment', 'transport', 'discharge'];
const OPEN_TASK_STATUSES: ReadonlySet<string> = new Set(['requested', 'accepted', 'in-progress', 'on-hold']);

export interface Delay {
  taskId: string;
  /** The local delay kind, or null for a Task not coded with it (still shown: it is open and due). */
  kind: DelayKind | null;
  status: string;
  description: string;
  /** `restriction.period.end` as UTC ISO, or null when the task has no due time. */
  dueAt: string | null;
  overdue: boolean;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * An open Task (requested, accepted, in-progress, on-hold) as a delay; null for any other status.
 * Description: businessStatus text, else description, else the focus display, else the code's text.
 * A due time that cannot be read gives dueAt null rather than dropping the task.
 */
export function delayFromTask(task: Task, now: number): Delay | null {
  if (!isObject(task)) return null;
  const status = str(task.status);
  if (status === null || !OPEN_TASK_STATUSES.has(status)) return null;
  // The huddle's own actions written back (huddle-task.ts) are listed in the huddle, not as delays.
  if (codingsOf(task.code, HUDDLE_ACTION_SYSTEM).some((c) => c.code === HUDDLE_ACTION_CODE)) return null;
  const kindCode = [...codingsOf(task.code, DELAY_KIND_SYSTEM), ...codingsOf(task.businessStatus, DELAY_KIND_SYSTEM)]
    .map((c) => c.code)
    .sort()
    .find((c): c is DelayKind => DELAY_KINDS.some((k) => k === c));
  const restriction: unknown = task.restriction;
  const due = isObject(restriction) && isObject(restriction.period) ? parseTime(restriction.period.end) : null;
  const focus: unknown = task.focus;
  const description =
    conceptText(task.businessStatus) ??
    str(task.description) ??
    (isObject(focus) ? str(focus.display) : null) ??
    conceptText(task.code) ??
    'Task';
  return {
    taskId: str(task.id) ?? '',
    kind: kindCode ?? null,
    status,
    description,
    dueAt: due === null ? null : new Date(due).toISOString(),
    overdue: due !== null && now > due,
  };
}

/** Open delays from a list of Tasks, soonest due first (no due time last), in a stable order. */
export function openDelays(tasks: readonly Task[], now: number): Delay[] {
  return arr<Task>(tasks)
    .map((t) => delayFromTask(t, now))
    .filter((d): d is Delay => d !== null)
    .sort(
      (a, b) =>
        (a.dueAt === null ? 1 : 0) - (b.dueAt === null ? 1 : 0) ||
        cmp(a.dueAt ?? '', b.dueAt ?? '') ||
        cmp(a.taskId, b.taskId) ||
        cmp(a.description, b.description) ||
        cmp(a.kind ?? '', b.kind ?? '') ||
        cmp(a.status, b.status),
    );
}

export interface CarePlanReviewOptions {
  /** Review interval after the plan starts when nothing else says when. Default 7 days (weekly ward review). */
  reviewIntervalDays?: number;
}

export interface CarePlanReview {
  carePlanId: string;
  dueAt: string;
  overdue: boolean;
  /** Where the date came from, so the screen and audit can say why. */
  basis: 'extension' | 'period-end' | 'interval';
}

/** A date-only value is due at the end of that day (UTC): a review "due 1 January" is not late on 1 January. */
function dueTime(value: unknown): number | null {
  const s = str(value);
  const t = parseTime(s);
  if (s === null || t === null) return null;
  return /^\d{4}(-\d{2}(-\d{2})?)?$/.test(s) ? endOfDateOnly(s) : t;
}

function endOfDateOnly(s: string): number {
  const [y, m, d] = s.split('-').map(Number);
  // A year or year-month is due at the end of that year or month.
  if (m === undefined) return Date.UTC((y ?? 0) + 1, 0, 1) - 1;
  if (d === undefined) return Date.UTC(y ?? 0, m, 1) - 1;
  return Date.UTC(y ?? 0, m - 1, d + 1) - 1;
}

/**
 * Care plan review due date for an active CarePlan (null otherwise). Rule, first that applies:
 * 1. the local review-date extension; 2. `period.end` (the plan runs until then, so it must be
 * reviewed by then); 3. `period.start` (else `created`) plus the configured interval.
 * Date-only values are due at the end of that day, UTC.
 */
export function carePlanReview(plan: CarePlan, now: number, opts: CarePlanReviewOptions = {}): CarePlanReview | null {
  if (!isObject(plan) || plan.status !== 'active') return null;
  const intervalMs = (opts.reviewIntervalDays ?? 7) * 86_400_000;
  const ext = arr<unknown>(plan.extension)
    .filter(isObject)
    .filter((e) => e.url === CAREPLAN_REVIEW_EXTENSION)
    .map((e) => dueTime(e.valueDateTime ?? e.valueDate))
    .filter((t): t is number => t !== null)
    .sort((a, b) => a - b)[0];
  const period: unknown = plan.period;
  const periodEnd = isObject(period) ? dueTime(period.end) : null;
  const start = (isObject(period) ? parseTime(period.start) : null) ?? parseTime(plan.created);
  let due: number;
  let basis: CarePlanReview['basis'];
  if (ext !== undefined) [due, basis] = [ext, 'extension'];
  else if (periodEnd !== null) [due, basis] = [periodEnd, 'period-end'];
  else if (start !== null && Number.isFinite(start + intervalMs)) [due, basis] = [start + intervalMs, 'interval'];
  else return null;
  if (!Number.isFinite(due) || Number.isNaN(new Date(due).getTime())) return null;
  return { carePlanId: str(plan.id) ?? '', dueAt: new Date(due).toISOString(), overdue: now > due, basis };
}
