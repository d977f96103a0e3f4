/**
 * The weekly digest's REST API (DESIGN section 9): inpatient leads, the ledger (with the outbox when
 * no SMTP is configured), this week's email as HTML for a lead, sending this week's now (202; the
 * ledger decides who still gets one, so pressing it twice sends nothing twice), and releasing a row
 * whose delivery is unknown after a person checked it did not go.
 */
import { BadRequestException, Body, Controller, Get, HttpCode, NotFoundException, Post, Query, Req, Res, UnauthorizedException } from '@nestjs/common';
import { isDigestWeek, type DigestLedgerResponse, type DigestPreview, type DigestRunAccepted, type Lead } from '@wardflow/shared';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { SESSION_COOKIE, cookieValue } from '../auth/session-token.js';
import { SessionService } from '../auth/session.service.js';
import { DigestScheduler } from './digest.processor.js';
import { DigestService } from './digest.service.js';
import { LeadsService } from './leads.service.js';

const leadId = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'expected a lead id');
const previewQuery = z.object({ lead: leadId, format: z.enum(['html', 'json']).default('html') }).strict();
const runBody = z.object({}).strict();
const releaseBody = z.object({ leadId, week: z.string().refine(isDigestWeek, 'expected a Monday as YYYY-MM-DD') }).strict();

@Controller()
export class DigestController {
  constructor(
    private readonly leads: LeadsService,
    private readonly digests: DigestService,
    private readonly scheduler: DigestScheduler,
    private readonly sessions: SessionService,
  ) {}

  @Get('leads')
  listLeads(): Promise<Lead[]> {
    return this.leads.list();
  }

  @Get('digests')
  ledger(): Promise<DigestLedgerResponse> {
    return this.digests.ledgerView();
  }

  /** HTML by default (what the email looks like); `format=json` adds the subject and data time for the preview page. */
  @Get('digests/preview')
  async preview(@Query() query: unknown, @Res({ passthrough: true }) res: Response): Promise<DigestPreview | string> {
    const parsed = previewQuery.safeParse(query);
    if (!parsed.success) throw new BadRequestException('Expected ?lead=<lead id>[&format=html|json]');
    const preview = await this.digests.preview(parsed.data.lead);
    if (preview === null) throw new NotFoundException(`Unknown lead ${parsed.data.lead}`);
    if (parsed.data.format === 'json') return preview;
    res.type('html');
    // The preview is the email: no scripts, and nothing it links may be framed or fetched on its behalf.
    res.setHeader('Content-Security-Policy', "default-src 'none'; img-src data:; style-src 'unsafe-inline'");
    return preview.html;
  }

  @Post('digests/run')
  @HttpCode(202)
  async run(@Body() body: unknown): Promise<DigestRunAccepted> {
    if (!runBody.safeParse(body ?? {}).success) throw new BadRequestException('Expected an empty body: this week\'s digests are sent');
    return this.scheduler.runNow();
  }

  /** Can lead to a second email, so only a signed-in person may do it, and who did is recorded. */
  @Post('digests/release')
  @HttpCode(200)
  async release(@Req() req: Request, @Body() body: unknown): Promise<{ released: boolean }> {
    const user = this.sessions.userOf(cookieValue(req.headers.cookie, SESSION_COOKIE));
    if (user === null) throw new UnauthorizedException('Sign in to release a digest for resending.');
    const parsed = releaseBody.safeParse(body ?? {});
    if (!parsed.success) throw new BadRequestException(`Expected { "leadId": string, "week": "YYYY-MM-DD" (a Monday) }: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
    return { released: await this.digests.release(parsed.data.leadId, parsed.data.week, user.username) };
  }
}
