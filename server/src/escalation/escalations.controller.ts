/**
 * GET /api/escalations?state=open|recent&wardId= (open, or open and resolved in the last 24 h, newest
 * first), limited to the wards in the caller's scope; POST /api/escalations/:id/acknowledge for bed
 * managers over the escalation's ward, recording who and when (and auditing it). Acknowledging a
 * resolved escalation is a 409, as is acknowledging twice.
 */
import {
  Body,
  ConflictException,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import { grantsAllow, type EscalationView, type Identity } from '@wardflow/shared';
import { z } from 'zod';
import { Allow, CurrentCaller, CurrentIdentity } from '../core/access.decorators.js';
import { actorName, type Caller } from '../core/identity.js';
import { AuditService } from '../audit/audit.service.js';
import { idSchema, ZodPipe } from '../http/zod.pipe.js';
import { EscalationService } from './escalation.service.js';

const listQuery = z.object({ state: z.enum(['open', 'recent']).default('open'), wardId: idSchema.optional() }).strict();
const idParam = z.coerce.number().int('expected a whole number').positive().max(Number.MAX_SAFE_INTEGER);

@Controller('escalations')
export class EscalationsController {
  constructor(
    private readonly escalations: EscalationService,
    private readonly audit: AuditService,
  ) {}

  @Allow('escalations.view', { ward: 'wardId', from: 'query', optional: true })
  @Get()
  async list(
    @CurrentIdentity() identity: Identity,
    @Query(new ZodPipe(listQuery)) query: z.infer<typeof listQuery>,
  ): Promise<EscalationView[]> {
    const all = await this.escalations.list(query.state, query.wardId ?? null);
    return all.filter((e) =>
      grantsAllow(identity.grants, 'escalations.view', { ward: { id: e.wardId, siteId: e.siteId } }),
    );
  }

  @Allow('escalations.acknowledge')
  @Post(':id/acknowledge')
  @HttpCode(200)
  async acknowledge(
    @CurrentCaller() caller: Caller,
    @CurrentIdentity() identity: Identity,
    @Param('id', new ZodPipe(idParam)) id: number,
    @Body(new ZodPipe(z.object({}).strict())) _body: unknown,
  ): Promise<EscalationView> {
    const escalation = await this.escalations.view(id);
    if (escalation === null) throw new NotFoundException(`Unknown escalation ${id}`);
    if (
      !grantsAllow(identity.grants, 'escalations.acknowledge', {
        ward: { id: escalation.wardId, siteId: escalation.siteId },
      })
    ) {
      throw new ForbiddenException("Your role does not cover this escalation's ward.");
    }
    const outcome = await this.escalations.acknowledge(id, actorName(identity));
    await this.audit.record(caller, 'escalation.acknowledge', outcome.ok ? 'success' : 'failure', {
      capability: 'escalations.acknowledge',
      wardId: escalation.wardId,
      detail: { escalationId: id, rule: escalation.rule, ...(outcome.ok ? {} : { reason: outcome.status }) },
    });
    if (outcome.ok) return outcome.escalation;
    if (outcome.status === 'not-found') throw new NotFoundException(outcome.message);
    throw new ConflictException(outcome.message);
  }
}
