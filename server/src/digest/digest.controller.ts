/**
 * The weekly digest's REST API: inpatient leads and the ledger (the leads whose wards are all in the
 * caller's scope; the outbox files only to a caller over the whole trust), this week's email for a lead
 * as HTML, sending this week's now (a lead over the whole trust: it emails every lead; 202; the ledger
 * decides who still needs one, so pressing it twice sends nothing twice), and releasing a row whose
 * delivery is unknown after a person checked it did not go. Sends are rate-limited and audited.
 */
import {
  Body,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  HttpException,
  Inject,
  NotFoundException,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import {
  grantsAllow,
  isDigestWeek,
  type DigestLedgerResponse,
  type DigestPreview,
  type DigestRunAccepted,
  type Identity,
  type Lead,
} from '@wardflow/shared';
import type { Response } from 'express';
import { z } from 'zod';
import { Allow, CurrentCaller, CurrentIdentity } from '../core/access.decorators.js';
import { actorName, type Caller } from '../core/identity.js';
import type { RateLimits } from '../redis/rate-limits.adapter.js';
import { WardDirectory } from '../auth/ward-directory.service.js';
import { AuditService } from '../audit/audit.service.js';
import { RATE_LIMITS } from '../core/tokens.js';
import { ZodPipe } from '../http/zod.pipe.js';
import { DigestScheduler } from './digest.scheduler.js';
import { DigestService } from './digest.service.js';
import { LeadsService } from './leads.service.js';

const leadId = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'expected a lead id');
const previewQuery = z.object({ lead: leadId, format: z.enum(['html', 'json']).default('html') }).strict();
const runBody = z.object({}).strict();
const releaseBody = z
  .object({ leadId, week: z.string().refine(isDigestWeek, 'expected a Monday as YYYY-MM-DD') })
  .strict();

@Controller()
export class DigestController {
  constructor(
    private readonly leads: LeadsService,
    private readonly digests: DigestService,
    private readonly scheduler: DigestScheduler,
    private readonly wards: WardDirectory,
    private readonly audit: AuditService,
    @Inject(RATE_LIMITS) private readonly limits: RateLimits,
  ) {}

  @Allow('digests.view')
  @Get('leads')
  async listLeads(@CurrentIdentity() identity: Identity): Promise<Lead[]> {
    const covered = await this.coveredBy(identity, 'digests.view');
    return (await this.leads.list()).filter(covered);
  }

  @Allow('digests.view')
  @Get('digests')
  async ledger(@CurrentIdentity() identity: Identity): Promise<DigestLedgerResponse> {
    const covered = await this.coveredBy(identity, 'digests.view');
    const visible = new Set((await this.leads.list()).filter(covered).map((l) => l.id));
    const ledger = await this.digests.ledgerView();
    const wholeTrust = grantsAllow(identity.grants, 'digests.view', 'trust');
    return {
      ...ledger,
      entries: ledger.entries.filter((e) => visible.has(e.leadId)),
      outbox: wholeTrust ? ledger.outbox : [],
    };
  }

  /** HTML by default (what the email looks like); `format=json` adds the subject and data time for the preview page. */
  @Allow('digests.view')
  @Get('digests/preview')
  async preview(
    @CurrentIdentity() identity: Identity,
    @Query(new ZodPipe(previewQuery)) query: z.infer<typeof previewQuery>,
    @Res({ passthrough: true }) res: Response,
  ): Promise<DigestPreview | string> {
    const lead = (await this.leads.list()).find((l) => l.id === query.lead);
    if (lead === undefined) throw new NotFoundException(`Unknown lead ${query.lead}`);
    if (!(await this.coveredBy(identity, 'digests.view'))(lead))
      throw new ForbiddenException('Your role does not cover every ward of this lead.');
    const preview = await this.digests.preview(query.lead);
    if (preview === null) throw new NotFoundException(`Unknown lead ${query.lead}`);
    if (query.format === 'json') return preview;
    res.type('html');
    // The preview is the email: no scripts, nothing fetched on its behalf, framed only by Wardflow's own preview page.
    res.setHeader(
      'Content-Security-Policy',
      "default-src 'none'; img-src data:; style-src 'unsafe-inline'; frame-ancestors 'self'",
    );
    res.setHeader('X-Frame-Options', 'SAMEORIGIN');
    return preview.html;
  }

  @Allow('digests.send', 'trust')
  @Post('digests/run')
  @HttpCode(202)
  async run(
    @CurrentCaller() caller: Caller,
    @CurrentIdentity() identity: Identity,
    @Body(new ZodPipe(runBody)) _body: unknown,
  ): Promise<DigestRunAccepted> {
    await this.withinBudget(identity);
    const accepted = await this.scheduler.runNow();
    await this.audit.record(caller, 'digest.run', 'success', {
      capability: 'digests.send',
      detail: { week: accepted.week, jobId: accepted.jobId },
    });
    return accepted;
  }

  /** Can lead to a second email, so it names who did it, and only over the lead's wards. */
  @Allow('digests.send')
  @Post('digests/release')
  @HttpCode(200)
  async release(
    @CurrentCaller() caller: Caller,
    @CurrentIdentity() identity: Identity,
    @Body(new ZodPipe(releaseBody)) body: z.infer<typeof releaseBody>,
  ): Promise<{ released: boolean }> {
    const lead = (await this.leads.list()).find((l) => l.id === body.leadId);
    // A lead no longer configured (a ledger row left behind) is the whole trust's business.
    const allowed =
      lead === undefined
        ? grantsAllow(identity.grants, 'digests.send', 'trust')
        : (await this.coveredBy(identity, 'digests.send'))(lead);
    if (!allowed) throw new ForbiddenException('Your role does not cover every ward of this lead.');
    await this.withinBudget(identity);
    const released = await this.digests.release(body.leadId, body.week, actorName(identity));
    await this.audit.record(caller, 'digest.release', released ? 'success' : 'failure', {
      capability: 'digests.send',
      detail: { leadId: body.leadId, week: body.week },
    });
    return { released };
  }

  /** A lead is in scope when every one of their wards is (their email is about all of them). */
  private async coveredBy(
    identity: Identity,
    capability: 'digests.view' | 'digests.send',
  ): Promise<(lead: Lead) => boolean> {
    const wards = new Map((await this.wards.list()).map((w) => [w.id, w]));
    return (lead) =>
      lead.wardIds.every((id) => {
        const ward = wards.get(id);
        return ward === undefined
          ? grantsAllow(identity.grants, capability, 'trust')
          : grantsAllow(identity.grants, capability, { ward });
      });
  }

  private async withinBudget(identity: Identity): Promise<void> {
    const verdict = await this.limits.consume('digestRuns', `${identity.kind}:${identity.id}`);
    if (!verdict.ok)
      throw new HttpException(
        `Too many digest runs: try again in ${Math.ceil(verdict.retryAfterMs / 60_000)} min.`,
        429,
      );
  }
}
