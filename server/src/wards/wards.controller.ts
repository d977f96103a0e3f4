/**
 * Ward REST API: the ward list (the wards the caller may see anything of), one ward's board (its wall
 * feed: an allow-list, SEC-1), and "poll now" for bed managers: rate-limited per caller, at most one
 * queued poll per ward whoever asks, and audited.
 */
import { Body, Controller, Get, HttpCode, HttpException, Inject, NotFoundException, Param, Post } from '@nestjs/common';
import {
  grantsAllow,
  TRUST_WIDE_CAPABILITIES,
  WARD_LISTING_CAPABILITIES,
  wardsAllowed,
  type Board,
  type Identity,
  type PollRequestAccepted,
  type WardSummary,
} from '@wardflow/shared';
import { z } from 'zod';
import { Allow, CurrentCaller, CurrentIdentity } from '../core/access.decorators.js';
import type { Caller } from '../core/identity.js';
import type { RateLimits } from '../redis/rate-limits.adapter.js';
import { WardDirectory } from '../auth/ward-directory.service.js';
import { AuditService } from '../audit/audit.service.js';
import { RATE_LIMITS } from '../core/tokens.js';
import { idSchema, ZodPipe } from '../http/zod.pipe.js';
import { PollSchedulerService } from '../ingest/poll-scheduler.service.js';
import { BoardService } from './board.service.js';

const pollRequestSchema = z.object({ wardId: idSchema.optional() }).strict();

@Controller()
export class WardsController {
  constructor(
    private readonly boards: BoardService,
    private readonly wards: WardDirectory,
    private readonly scheduler: PollSchedulerService,
    private readonly audit: AuditService,
    @Inject(RATE_LIMITS) private readonly limits: RateLimits,
  ) {}

  @Allow(WARD_LISTING_CAPABILITIES)
  @Get('wards')
  async listWards(@CurrentIdentity() identity: Identity): Promise<WardSummary[]> {
    const trustWide = WARD_LISTING_CAPABILITIES.some(
      (c) => TRUST_WIDE_CAPABILITIES.has(c) && grantsAllow(identity.grants, c, 'anywhere'),
    );
    const summaries = await this.boards.listSummaries();
    return trustWide
      ? summaries
      : summaries.filter((s) =>
          WARD_LISTING_CAPABILITIES.some((c) =>
            grantsAllow(identity.grants, c, { ward: { id: s.id, siteId: s.siteId } }),
          ),
        );
  }

  @Allow('ward.board', { ward: 'wardId', from: 'params' })
  @Get('wards/:wardId/board')
  async getBoard(@Param('wardId', new ZodPipe(idSchema)) wardId: string): Promise<Board> {
    const board = await this.boards.getBoard(wardId);
    if (board === null) throw new NotFoundException(`Unknown ward ${wardId}`);
    return board;
  }

  @Allow('polls.request', { ward: 'wardId', from: 'body', optional: true })
  @Post('polls')
  @HttpCode(202)
  async pollNow(
    @CurrentCaller() caller: Caller,
    @CurrentIdentity() identity: Identity,
    @Body(new ZodPipe(pollRequestSchema)) body: z.infer<typeof pollRequestSchema>,
  ): Promise<PollRequestAccepted> {
    const verdict = await this.limits.consume('polls', `${identity.kind}:${identity.id}`);
    if (!verdict.ok)
      throw new HttpException(
        `Too many poll requests: try again in ${Math.ceil(verdict.retryAfterMs / 60_000)} min (the schedule polls every ward anyway).`,
        429,
      );
    const inScope = wardsAllowed(identity.grants, 'polls.request', await this.wards.list());
    const wardIds = body.wardId === undefined ? inScope.map((w) => w.id) : [body.wardId];
    const queued = await this.scheduler.pollNow(wardIds);
    await this.audit.record(caller, 'poll.request', 'success', {
      capability: 'polls.request',
      wardId: body.wardId ?? null,
      detail: { wards: wardIds.length, queued: queued.length },
    });
    return { queued };
  }
}
