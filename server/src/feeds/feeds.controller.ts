/**
 * POST /api/feeds/roster and /api/feeds/incidents: one CSV export as the body (docs/operations.md,
 * "Feeding staffing and incidents as CSV"), for admins and API tokens holding the admin role
 * (capability `feeds.import`). Refusals of a caller with a credential are audited by the guard; a
 * wrong content type (415), a body too large (413) and every file read are audited here. The body is
 * read only after the guard passed, and only up to FEED_MAX_BYTES, so nobody unauthenticated can make
 * the server read a large body. 422 with every error and nothing stored, or 200 with the report.
 */
import { Controller, HttpCode, HttpException, HttpStatus, Post, Query, Req, Res } from '@nestjs/common';
import { FEED_CONTENT_TYPE, FEED_MAX_BYTES, type FeedImportReport, type FeedKind } from '@wardflow/shared';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { AuditService } from '../audit/audit.service.js';
import { Allow, AuditRefusals, CurrentCaller } from '../core/access.decorators.js';
import type { Caller } from '../core/identity.js';
import { ZodPipe } from '../http/zod.pipe.js';
import { FeedImportService } from './feed-import.service.js';

const query = z
  .object({
    /** The file's name, kept with the import and shown in reports ("already imported ..."). */
    name: z
      .string()
      .regex(/^[^/\\\u0000-\u001f]{1,200}$/, 'expected a file name of 1-200 characters without "/" or "\\"')
      .optional(),
    dryRun: z.enum(['true', 'false']).default('false'),
  })
  .strict();

const LIMIT_WORDS = `${FEED_MAX_BYTES / 1024 / 1024} MB`;

async function readBody(req: Request, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit)
      throw new HttpException(`The file is larger than ${LIMIT_WORDS}: split it`, HttpStatus.PAYLOAD_TOO_LARGE);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Why the request itself is refused (before any row is read), or null. */
function refusal(req: Request): HttpException | null {
  const [type = '', ...params] = (req.headers['content-type'] ?? '').split(';').map((p) => p.trim().toLowerCase());
  const charset = params
    .find((p) => p.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/"/g, '');
  if (type !== FEED_CONTENT_TYPE || (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8'))
    return new HttpException(
      `Content-Type must be ${FEED_CONTENT_TYPE} (UTF-8): send the export as it is, with curl --data-binary`,
      HttpStatus.UNSUPPORTED_MEDIA_TYPE,
    );
  const length = Number(req.headers['content-length'] ?? '0');
  if (Number.isFinite(length) && length > FEED_MAX_BYTES)
    return new HttpException(`The file is larger than ${LIMIT_WORDS}: split it`, HttpStatus.PAYLOAD_TOO_LARGE);
  return null;
}

@Controller('feeds')
export class FeedsController {
  constructor(
    private readonly importer: FeedImportService,
    private readonly audit: AuditService,
  ) {}

  @Allow('feeds.import')
  @AuditRefusals('feeds.import')
  @Post('roster')
  @HttpCode(200)
  async roster(
    @CurrentCaller() caller: Caller,
    @Query(new ZodPipe(query)) q: z.infer<typeof query>,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<FeedImportReport> {
    return this.upload('roster', caller, q, req, res);
  }

  @Allow('feeds.import')
  @AuditRefusals('feeds.import')
  @Post('incidents')
  @HttpCode(200)
  async incidents(
    @CurrentCaller() caller: Caller,
    @Query(new ZodPipe(query)) q: z.infer<typeof query>,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<FeedImportReport> {
    return this.upload('incidents', caller, q, req, res);
  }

  private async upload(
    kind: FeedKind,
    caller: Caller,
    q: z.infer<typeof query>,
    req: Request,
    res: Response,
  ): Promise<FeedImportReport> {
    const fileName = q.name ?? `${kind}-upload.csv`;
    const dryRun = q.dryRun === 'true';
    const audit = (outcome: 'success' | 'failure', detail: Record<string, string | number | boolean | null>) =>
      this.audit.record(caller, 'feeds.import', outcome, {
        capability: 'feeds.import',
        detail: { kind, via: 'upload', fileName, dryRun, ...detail },
      });
    let bytes: Buffer;
    try {
      const refused = refusal(req);
      if (refused !== null) throw refused;
      bytes = await readBody(req, FEED_MAX_BYTES);
    } catch (error) {
      if (error instanceof HttpException) await audit('failure', { status: error.getStatus(), reason: error.message });
      throw error;
    }
    const report = await this.importer.import(kind, bytes, {
      fileName,
      via: 'upload',
      actor: caller.identity?.subject ?? caller.identity?.id ?? 'unknown',
      dryRun,
    });
    await audit(report.outcome === 'rejected' ? 'failure' : 'success', {
      outcome: report.outcome,
      importId: report.importId,
      rows: report.rows,
      added: report.added,
      replaced: report.replaced,
      wards: report.wards.length,
      errors: report.errors.length + report.moreErrors,
    });
    if (report.outcome === 'rejected') res.status(HttpStatus.UNPROCESSABLE_ENTITY);
    return report;
  }
}
