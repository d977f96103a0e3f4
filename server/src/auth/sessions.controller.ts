/**
 * GET /api/sessions (who is signed in now) and DELETE /api/sessions/:sessionId (an admin ends one:
 * its REST access and its sockets stop at once, everywhere); signed-in admins only, revocation audited.
 */
import { Controller, Delete, Get, HttpCode, NotFoundException, Param } from '@nestjs/common';
import type { Identity, SessionView } from '@wardflow/shared';
import { AuditService } from '../audit/audit.service.js';
import { idSchema, ZodPipe } from '../http/zod.pipe.js';
import { Allow, CurrentCaller, CurrentIdentity } from '../core/access.decorators.js';
import type { Caller } from '../core/identity.js';
import { SessionService } from './session.service.js';

@Controller('sessions')
export class SessionsController {
  constructor(
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
  ) {}

  @Allow('sessions.manage', 'anywhere', { peopleOnly: true })
  @Get()
  list(@CurrentIdentity() identity: Identity): Promise<SessionView[]> {
    return this.sessions.listUsable(identity.kind === 'user' ? identity.id : null);
  }

  @Allow('sessions.manage', 'anywhere', { peopleOnly: true })
  @Delete(':sessionId')
  @HttpCode(200)
  async revoke(
    @CurrentCaller() caller: Caller,
    @CurrentIdentity() identity: Identity,
    @Param('sessionId', new ZodPipe(idSchema)) sessionId: string,
  ): Promise<{ revoked: boolean }> {
    const session = await this.sessions.get(sessionId);
    if (session === null) throw new NotFoundException(`Unknown session ${sessionId}`);
    const revoked = await this.sessions.end(sessionId, 'session-revoked', identity.name);
    if (revoked)
      await this.audit.record(caller, 'session.revoke', 'success', {
        capability: 'sessions.manage',
        detail: { sessionId, userName: session.userName, subject: session.subject },
      });
    return { revoked };
  }
}
