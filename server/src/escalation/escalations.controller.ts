/**
 * GET /api/escalations?state=open|recent&wardId= (open, or open and resolved in the last 24 h, newest
 * first) and POST /api/escalations/:id/acknowledge, which needs a signed-in user (401 otherwise) and
 * records who and when. Acknowledging a resolved escalation is a 409, as is acknowledging twice.
 */
import { BadRequestException, ConflictException, Controller, Get, HttpCode, NotFoundException, Param, Post, Query, Req, UnauthorizedException } from '@nestjs/common';
import type { EscalationView } from '@wardflow/shared';
import type { Request } from 'express';
import { z } from 'zod';
import { SESSION_COOKIE, cookieValue } from '../auth/session-token.js';
import { SessionService } from '../auth/session.service.js';
import { EscalationService } from './escalation.service.js';

const listQuery = z.object({ state: z.enum(['open', 'recent']).default('open'), wardId: z.string().min(1).max(128).optional() }).strict();
const idParam = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

@Controller('escalations')
export class EscalationsController {
  constructor(
    private readonly escalations: EscalationService,
    private readonly sessions: SessionService,
  ) {}

  @Get()
  list(@Query() query: unknown): Promise<EscalationView[]> {
    const parsed = listQuery.safeParse(query ?? {});
    if (!parsed.success) throw new BadRequestException(parsed.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; '));
    return this.escalations.list(parsed.data.state, parsed.data.wardId ?? null);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  async acknowledge(@Req() req: Request, @Param('id') idText: string): Promise<EscalationView> {
    const user = this.sessions.userOf(cookieValue(req.headers.cookie, SESSION_COOKIE));
    if (user === null) throw new UnauthorizedException('Sign in to acknowledge an escalation.');
    const id = idParam.safeParse(idText);
    if (!id.success) throw new BadRequestException('id: expected a whole number');
    const outcome = await this.escalations.acknowledge(id.data, user.username);
    if (outcome.ok) return outcome.escalation;
    if (outcome.status === 'not-found') throw new NotFoundException(outcome.message);
    throw new ConflictException(outcome.message);
  }
}
