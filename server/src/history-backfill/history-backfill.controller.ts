/**
 * GET /api/history/backfill: the newest run's progress, ward by ward. POST /api/history/backfill:
 * start a run over the days before today (202), or 409 with the run already running. Both for
 * admins over the whole trust (a run touches every ward), and a start is audited.
 */
import { Body, Controller, Get, HttpCode, HttpStatus, Post, Res } from '@nestjs/common';
import { BACKFILL_MAX_DAYS, type BackfillRun, type BackfillStatusResponse, type Identity } from '@wardflow/shared';
import type { Response } from 'express';
import { z } from 'zod';
import { AuditService } from '../audit/audit.service.js';
import { Allow, AuditRefusals, CurrentCaller, CurrentIdentity } from '../core/access.decorators.js';
import { actorName, type Caller } from '../core/identity.js';
import { ZodPipe } from '../http/zod.pipe.js';
import { HistoryBackfillService } from './history-backfill.service.js';

const startBody = z
  .object({
    days: z
      .number()
      .int('expected a whole number of days')
      .min(1, 'expected at least 1 day')
      .max(BACKFILL_MAX_DAYS, `expected at most ${BACKFILL_MAX_DAYS} days`)
      .optional(),
  })
  .strict();

@Controller('history/backfill')
export class HistoryBackfillController {
  constructor(
    private readonly backfill: HistoryBackfillService,
    private readonly audit: AuditService,
  ) {}

  @Allow('history.import', 'trust')
  @Get()
  async status(): Promise<BackfillStatusResponse> {
    return this.backfill.status();
  }

  @Allow('history.import', 'trust')
  @AuditRefusals('history.backfill')
  @Post()
  @HttpCode(202)
  async start(
    @CurrentCaller() caller: Caller,
    @CurrentIdentity() identity: Identity,
    @Body(new ZodPipe(startBody)) body: z.infer<typeof startBody>,
    @Res({ passthrough: true }) res: Response,
  ): Promise<BackfillRun> {
    const days = body.days ?? this.backfill.defaultDays();
    const outcome = await this.backfill.start(days, actorName(identity));
    if ('running' in outcome) {
      res.status(HttpStatus.CONFLICT);
      return outcome.running;
    }
    await this.audit.record(caller, 'history.backfill', 'success', {
      capability: 'history.import',
      detail: { run: outcome.started.id, days, from: outcome.started.from, to: outcome.started.to },
    });
    return outcome.started;
  }
}
