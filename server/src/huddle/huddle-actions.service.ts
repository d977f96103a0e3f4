/**
 * The huddle's recorded actions (issue 15 item 7): validated against the rules (huddle-actions.ts) and
 * against the ward's board now (an action about a bed must name the patient in that bed), kept in
 * PostgreSQL, audited by the controller, and written back to FHIR as Tasks when the trust turns that
 * on. A failed write-back never loses the action: it is kept with the reason, which the huddle shows.
 */
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { Task } from '@medplum/fhirtypes';
import {
  HUDDLE_ACTION_LIMITS,
  actionProblems,
  closedHuddleTask,
  huddleActionTask,
  type HuddleAction,
  type HuddleActionStatus,
  type NewHuddleAction,
} from '@wardflow/shared';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { BOARD_EVENTS, CLOCK, FHIR_READER, type Clock } from '../core/tokens.js';
import type { BoardEvents } from '../core/board-events.port.js';
import type { FhirReader } from '../fhir/fhir-reader.adapter.js';
import { FhirRequestError } from '../fhir/fhir-error.js';
import { BoardService } from '../wards/board.service.js';
import { HuddleActionRepository } from '../store/huddle-action.repository.js';

export type ActionOutcome =
  { ok: true; action: HuddleAction } | { ok: false; status: 400 | 404 | 409; message: string; problems?: string[] };

@Injectable()
export class HuddleActionsService {
  private readonly logger = new Logger(HuddleActionsService.name);

  constructor(
    private readonly actions: HuddleActionRepository,
    private readonly boards: BoardService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(BOARD_EVENTS) private readonly events: BoardEvents,
    @Optional() @Inject(FHIR_READER) private readonly fhir: FhirReader | null = null,
  ) {}

  /** The ward's open actions and those closed in the last day. */
  async list(wardId: string): Promise<HuddleAction[]> {
    const since = new Date(this.clock() - HUDDLE_ACTION_LIMITS.closedShownHours * 3_600_000);
    return this.actions.forWard(wardId, since);
  }

  async create(wardId: string, input: NewHuddleAction, by: string): Promise<ActionOutcome> {
    const now = this.clock();
    const problems = actionProblems(input, now);
    if (problems.length > 0) return { ok: false, status: 400, message: problems.join('; '), problems };
    if (input.encounterId !== null) {
      // The bed and patient as the huddle saw them: a patient moved or discharged since is refused.
      const board = await this.boards.getBoard(wardId);
      const bed = board?.beds.find((b) => b.patient?.encounterId === input.encounterId);
      const unplaced = board?.unplaced.some((u) => u.patient.encounterId === input.encounterId) === true;
      if (board === null || (bed === undefined && !unplaced))
        return { ok: false, status: 409, message: 'That patient is no longer on this ward: refresh the huddle' };
      if (bed !== undefined && bed.label !== input.bed)
        return { ok: false, status: 409, message: `That patient is now in ${bed.label}: refresh the huddle` };
    }
    const action = await this.writeBack(await this.actions.create(wardId, input, by, new Date(now)));
    await this.announce(wardId);
    return { ok: true, action };
  }

  async close(
    wardId: string,
    id: number,
    status: Exclude<HuddleActionStatus, 'open'>,
    by: string,
  ): Promise<ActionOutcome> {
    const existing = await this.actions.get(id);
    if (existing === null || existing.wardId !== wardId)
      return { ok: false, status: 404, message: `No action ${id} on this ward` };
    const closed = await this.actions.close(id, status, by, new Date(this.clock()));
    if (closed === null)
      return {
        ok: false,
        status: 409,
        message: `Action ${id} was already ${existing.status === 'done' ? 'done' : 'closed'}`,
      };
    const action = await this.closeTask(closed);
    await this.announce(wardId);
    return { ok: true, action };
  }

  /**
   * Tells the ward's screens to read their actions again, at once rather than at their next timed
   * reload. The action is stored whatever happens here: a failed announcement is logged, not refused.
   */
  private async announce(wardId: string): Promise<void> {
    try {
      await this.events.publishHuddleActions({ wardId });
    } catch (error) {
      this.logger.warn(`Could not announce ward ${wardId}'s huddle actions: ${(error as Error).message}`);
    }
  }

  /** Writes the action as a Task when the trust turned that on; records the Task's id or why it failed. */
  private async writeBack(action: HuddleAction): Promise<HuddleAction> {
    if (!this.config.fhirWriteHuddleTasks || this.fhir === null) return action;
    let task: { id: string | null; error: string | null };
    try {
      const created = await this.fhir.create(huddleActionTask(action));
      task = { id: created.id ?? null, error: created.id === undefined ? 'The FHIR server gave the Task no id' : null };
    } catch (error) {
      task = { id: null, error: reasonOf(error) };
      this.logger.warn(`Huddle action ${action.id} not written to FHIR: ${task.error}`);
    }
    await this.actions.recordTask(action.id, task);
    return { ...action, task };
  }

  private async closeTask(action: HuddleAction): Promise<HuddleAction> {
    const taskId = action.task?.id ?? null;
    if (!this.config.fhirWriteHuddleTasks || this.fhir === null || taskId === null || action.status === 'open')
      return action;
    let task: { id: string | null; error: string | null };
    try {
      const current = (await this.fhir.read('Task', taskId)) as Task & { id: string };
      const closedAt = action.closedAt ?? new Date(this.clock()).toISOString();
      await this.fhir.update({ ...closedHuddleTask(current, action.status, closedAt), id: taskId });
      task = { id: taskId, error: null };
    } catch (error) {
      task = { id: taskId, error: `Closed here, but the FHIR Task was not updated: ${reasonOf(error)}` };
      this.logger.warn(`Huddle action ${action.id}: ${task.error}`);
    }
    await this.actions.recordTask(action.id, task);
    return { ...action, task };
  }
}

/** Words for the huddle, never a stack or a token (SEC-7). */
function reasonOf(error: unknown): string {
  if (error instanceof FhirRequestError) return error.screenReason;
  return 'The FHIR server could not be reached';
}
