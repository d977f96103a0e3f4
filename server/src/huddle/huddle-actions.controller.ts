/**
 * The huddle's recorded actions on a ward:
 *   GET  /api/wards/:wardId/huddle/actions              anyone who may see the ward's board (its huddle
 *                                                        screen included): open actions, and those closed
 *                                                        in the last day
 *   POST /api/wards/:wardId/huddle/actions              record one (people with `huddle.actions` only)
 *   POST /api/wards/:wardId/huddle/actions/:id/close    done or dropped (the same people)
 * Every record and close is audited with who, the ward and the action; a refused attempt is audited by
 * the guard. The words are checked for NHS numbers and dates of birth (the huddle screen shows them).
 */
import { Body, Controller, Get, HttpCode, HttpException, Param, Post } from '@nestjs/common';
import { HUDDLE_ACTION_LIMITS, type HuddleAction, type Identity } from '@wardflow/shared';
import { z } from 'zod';
import { Allow, AuditRefusals, CurrentCaller, CurrentIdentity } from '../core/access.decorators.js';
import { actorName, type Caller } from '../core/identity.js';
import { AuditService } from '../audit/audit.service.js';
import { idSchema, ZodPipe } from '../http/zod.pipe.js';
import { HuddleActionsService, type ActionOutcome } from './huddle-actions.service.js';

const newAction = z
  .object({
    bed: z.string().trim().min(1).max(60).nullable(),
    encounterId: idSchema.nullable(),
    text: z.string().max(HUDDLE_ACTION_LIMITS.textMax * 2),
    owner: z.string().max(HUDDLE_ACTION_LIMITS.ownerMax * 2),
    dueAt: z.iso.datetime({ offset: true }),
    checkIn: z.enum(['safety', 'care', 'flow', 'unwell']),
  })
  .strict();
const closeBody = z.object({ status: z.enum(['done', 'dropped']) }).strict();
const actionId = z.coerce.number().int('expected a whole number').positive().max(Number.MAX_SAFE_INTEGER);

@Controller('wards/:wardId/huddle/actions')
export class HuddleActionsController {
  constructor(
    private readonly actions: HuddleActionsService,
    private readonly audit: AuditService,
  ) {}

  @Allow('ward.board', { ward: 'wardId', from: 'params' })
  @Get()
  async list(@Param('wardId', new ZodPipe(idSchema)) wardId: string): Promise<HuddleAction[]> {
    return this.actions.list(wardId);
  }

  @Allow('huddle.actions', { ward: 'wardId', from: 'params' }, { peopleOnly: true })
  @AuditRefusals('huddle.action.create')
  @Post()
  async create(
    @CurrentCaller() caller: Caller,
    @CurrentIdentity() identity: Identity,
    @Param('wardId', new ZodPipe(idSchema)) wardId: string,
    @Body(new ZodPipe(newAction)) body: z.infer<typeof newAction>,
  ): Promise<HuddleAction> {
    const outcome = await this.actions.create(wardId, body, actorName(identity));
    await this.audit.record(caller, 'huddle.action.create', outcome.ok ? 'success' : 'failure', {
      capability: 'huddle.actions',
      wardId,
      detail: outcome.ok
        ? { actionId: outcome.action.id, bed: outcome.action.bed, encounterId: outcome.action.encounterId }
        : { reason: outcome.message.slice(0, 200) },
    });
    return answer(outcome);
  }

  @Allow('huddle.actions', { ward: 'wardId', from: 'params' }, { peopleOnly: true })
  @AuditRefusals('huddle.action.close')
  @Post(':id/close')
  @HttpCode(200)
  async close(
    @CurrentCaller() caller: Caller,
    @CurrentIdentity() identity: Identity,
    @Param('wardId', new ZodPipe(idSchema)) wardId: string,
    @Param('id', new ZodPipe(actionId)) id: number,
    @Body(new ZodPipe(closeBody)) body: z.infer<typeof closeBody>,
  ): Promise<HuddleAction> {
    const outcome = await this.actions.close(wardId, id, body.status, actorName(identity));
    await this.audit.record(caller, 'huddle.action.close', outcome.ok ? 'success' : 'failure', {
      capability: 'huddle.actions',
      wardId,
      detail: { actionId: id, status: body.status, ...(outcome.ok ? {} : { reason: outcome.message.slice(0, 200) }) },
    });
    return answer(outcome);
  }
}

function answer(outcome: ActionOutcome): HuddleAction {
  if (outcome.ok) return outcome.action;
  throw new HttpException(
    { statusCode: outcome.status, message: outcome.message, problems: outcome.problems ?? [] },
    outcome.status,
  );
}
