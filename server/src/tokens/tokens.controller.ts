/**
 * GET /api/tokens, POST /api/tokens (the secret in the answer, once), DELETE /api/tokens/:tokenId:
 * signed-in admins only (a token never mints or revokes tokens); creation is audited with the roles,
 * the scope and the expiry it grants, and revocation too (SEC-5).
 */
import { Body, Controller, Delete, Get, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { ROLES, type Identity, type TokenCreated, type TokenView } from '@wardflow/shared';
import { z } from 'zod';
import { Allow, CurrentCaller, CurrentIdentity } from '../core/access.decorators.js';
import type { Caller } from '../core/identity.js';
import { AuditService } from '../audit/audit.service.js';
import { idSchema, ZodPipe } from '../http/zod.pipe.js';
import { TokenService } from './token.service.js';

const scope = z.union([z.literal('*'), z.array(idSchema).max(500)]);
const createBody = z
  .object({
    name: z.string().trim().min(1).max(80),
    roles: z.array(z.enum(ROLES)).min(1, 'a token needs at least one role'),
    wards: scope.default([]),
    sites: scope.default([]),
    expiresInDays: z.number().int('expected whole days').min(1).max(366),
  })
  .strict();

@Controller('tokens')
export class TokensController {
  constructor(
    private readonly tokens: TokenService,
    private readonly audit: AuditService,
  ) {}

  @Allow('tokens.manage', 'anywhere', { peopleOnly: true })
  @Get()
  list(): Promise<TokenView[]> {
    return this.tokens.list();
  }

  @Allow('tokens.manage', 'anywhere', { peopleOnly: true })
  @Post()
  async create(
    @CurrentCaller() caller: Caller,
    @CurrentIdentity() identity: Identity,
    @Body(new ZodPipe(createBody)) body: z.infer<typeof createBody>,
  ): Promise<TokenCreated> {
    const created = await this.tokens.create(identity, body);
    await this.audit.record(caller, 'token.create', 'success', {
      capability: 'tokens.manage',
      detail: {
        tokenId: created.token.id,
        name: body.name,
        roles: body.roles.join(','),
        wards: scopeText(body.wards),
        sites: scopeText(body.sites),
        expiresAt: created.token.expiresAt,
      },
    });
    return created;
  }

  @Allow('tokens.manage', 'anywhere', { peopleOnly: true })
  @Delete(':tokenId')
  @HttpCode(200)
  async revoke(
    @CurrentCaller() caller: Caller,
    @CurrentIdentity() identity: Identity,
    @Param('tokenId', new ZodPipe(idSchema)) tokenId: string,
  ): Promise<{ revoked: boolean }> {
    const token = await this.tokens.get(tokenId);
    if (token === null) throw new NotFoundException(`Unknown token ${tokenId}`);
    const revoked = await this.tokens.revoke(tokenId, identity);
    if (revoked)
      await this.audit.record(caller, 'token.revoke', 'success', {
        capability: 'tokens.manage',
        detail: { tokenId, name: token.name },
      });
    return { revoked };
  }
}

function scopeText(scope: '*' | readonly string[]): string {
  return scope === '*' ? 'whole trust' : scope.join(',');
}
