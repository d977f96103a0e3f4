/**
 * The audit log for the clinical safety officer and admins (SEC-6): GET /api/audit with filters, as
 * JSON pages (newest first) or as CSV (`format=csv`, up to 50,000 rows, for the trust's own tools),
 * and GET /api/audit/verify, which walks the whole hash chain and says where it breaks, if it does.
 */
import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { AUDIT_ACTIONS, type AuditPage, type AuditVerification } from '@wardflow/shared';
import { stringify } from 'csv-stringify/sync';
import type { Response } from 'express';
import { z } from 'zod';
import { Allow } from '../core/access.decorators.js';
import { CLOCK, type Clock } from '../core/tokens.js';
import { idSchema, isoDateTime, ZodPipe } from '../http/zod.pipe.js';
import { AuditRepository } from '../store/audit.repository.js';
import { ChainVerifier } from '../store/audit-chain.js';

const query = z
  .object({
    from: isoDateTime.optional(),
    to: isoDateTime.optional(),
    action: z.enum(AUDIT_ACTIONS).optional(),
    actorId: idSchema.optional(),
    wardId: idSchema.optional(),
    patientId: idSchema.optional(),
    outcome: z.enum(['success', 'failure', 'denied']).optional(),
    before: z.coerce.number().int().positive().optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .strict();

const CSV_MAX_ROWS = 50_000;

@Controller('audit')
export class AuditController {
  constructor(
    private readonly repository: AuditRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Allow('audit.view')
  @Get()
  async list(
    @Query(new ZodPipe(query)) q: z.infer<typeof query>,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AuditPage | string> {
    const filter = {
      ...(q.from === undefined ? {} : { from: new Date(q.from) }),
      ...(q.to === undefined ? {} : { to: new Date(q.to) }),
      ...(q.action === undefined ? {} : { action: q.action }),
      ...(q.actorId === undefined ? {} : { actorId: q.actorId }),
      ...(q.wardId === undefined ? {} : { wardId: q.wardId }),
      ...(q.patientId === undefined ? {} : { patientId: q.patientId }),
      ...(q.outcome === undefined ? {} : { outcome: q.outcome }),
      ...(q.before === undefined ? {} : { before: q.before }),
    };
    if (q.format === 'csv') {
      const entries = await this.repository.page(filter, CSV_MAX_ROWS);
      res.type('text/csv; charset=utf-8');
      res.setHeader(
        'Content-Disposition',
        `attachment; filename="wardflow-audit-${new Date(this.clock()).toISOString().slice(0, 10)}.csv"`,
      );
      return stringify(
        entries.map((e) => [
          e.seq,
          e.at,
          e.actorKind,
          e.actorId ?? '',
          e.actorName ?? '',
          e.role ?? '',
          e.action,
          e.outcome,
          e.wardId ?? '',
          e.patientId ?? '',
          JSON.stringify(e.detail),
          e.address ?? '',
          e.hash,
        ]),
        {
          header: true,
          columns: [
            'seq',
            'at',
            'actor_kind',
            'actor_id',
            'actor_name',
            'role',
            'action',
            'outcome',
            'ward_id',
            'patient_id',
            'detail',
            'address',
            'hash',
          ],
          cast: { string: neutraliseFormula },
        },
      );
    }
    const entries = await this.repository.page(filter, q.limit);
    return {
      entries,
      nextBefore: entries.length === q.limit ? (entries.at(-1)?.seq ?? null) : null,
      serverTime: new Date(this.clock()).toISOString(),
    };
  }

  @Allow('audit.view')
  @Get('verify')
  async verify(): Promise<AuditVerification> {
    const verifier = new ChainVerifier();
    for await (const rows of this.repository.chain()) verifier.feed(rows);
    return verifier.result(new Date(this.clock()));
  }
}

/** A cell a spreadsheet would run as a formula (=, +, -, @ ...) is prefixed with ' (CSV injection). */
function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
