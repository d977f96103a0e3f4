/**
 * POST /api/history/import: a CSV or NDJSON file of ward-days (docs/operations.md, "Importing
 * history"), for admins and API tokens with the admin role. The body is read here, after the guard
 * has passed, and only up to HISTORY_IMPORT_MAX_BYTES, so an unauthenticated caller cannot make the
 * server read a large body. 422 with every error and nothing written, or 200 with the counts.
 */
import { Controller, HttpCode, HttpException, HttpStatus, Post, Query, Req, Res } from '@nestjs/common';
import {
  HISTORY_IMPORT_FORMATS,
  HISTORY_IMPORT_MAX_BYTES,
  type HistoryImportFormat,
  type HistoryImportReport,
} from '@wardflow/shared';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { AuditService } from '../audit/audit.service.js';
import { Allow, CurrentCaller } from '../core/access.decorators.js';
import type { Caller } from '../core/identity.js';
import { ZodPipe } from '../http/zod.pipe.js';
import { HistoryImportService } from './history-import.service.js';

const query = z.object({ dryRun: z.enum(['true', 'false']).default('false') }).strict();

async function readBody(req: Request, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit)
      throw new HttpException(
        `The file is larger than ${limit / 1024 / 1024} MB: split it`,
        HttpStatus.PAYLOAD_TOO_LARGE,
      );
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

@Controller('history')
export class HistoryImportController {
  constructor(
    private readonly history: HistoryImportService,
    private readonly audit: AuditService,
  ) {}

  @Allow('history.import')
  @Post('import')
  @HttpCode(200)
  async import(
    @CurrentCaller() caller: Caller,
    @Query(new ZodPipe(query)) q: z.infer<typeof query>,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<HistoryImportReport> {
    const mediaType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const format: HistoryImportFormat | undefined =
      HISTORY_IMPORT_FORMATS[mediaType as keyof typeof HISTORY_IMPORT_FORMATS];
    if (format === undefined) {
      throw new HttpException(
        `Content-Type must be ${Object.keys(HISTORY_IMPORT_FORMATS).join(' or ')}`,
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      );
    }
    const dryRun = q.dryRun === 'true';
    const report = await this.history.import(await readBody(req, HISTORY_IMPORT_MAX_BYTES), format, dryRun);
    const failed = report.errors.length > 0;
    if (!dryRun) {
      await this.audit.record(caller, 'history.import', failed ? 'failure' : 'success', {
        capability: 'history.import',
        detail: {
          format,
          rows: report.rows,
          written: report.written,
          unchanged: report.unchanged,
          wards: report.wards.length,
          errors: report.errors.length + report.moreErrors,
        },
      });
    }
    if (failed) res.status(HttpStatus.UNPROCESSABLE_ENTITY);
    return report;
  }
}
