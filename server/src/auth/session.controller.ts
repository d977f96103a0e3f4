/**
 * GET /api/session: who is calling (a person, a screen or a token), or where to sign in; public, as
 * every page asks it first. DELETE /api/session: sign out: the session ends on the server at once
 * (every socket opened with it closes), the cookie is cleared, and it is audited.
 */
import { Controller, Delete, Get, HttpCode, Res } from '@nestjs/common';
import type { SessionResponse } from '@wardflow/shared';
import type { Response } from 'express';
import { AuditService } from '../audit/audit.service.js';
import { CurrentCaller, Public } from '../core/access.decorators.js';
import { CredentialsService } from './credentials.service.js';
import type { Caller } from '../core/identity.js';
import { SessionService } from './session.service.js';

export const SIGN_IN_URL = '/auth/login';

@Controller('session')
export class SessionController {
  constructor(
    private readonly sessions: SessionService,
    private readonly credentials: CredentialsService,
    private readonly audit: AuditService,
  ) {}

  @Public()
  @Get()
  whoAmI(@CurrentCaller() caller: Caller): SessionResponse {
    if (caller.identity !== null) return { signedIn: true, identity: caller.identity };
    return { signedIn: false, signInUrl: SIGN_IN_URL, ...(caller.ended === null ? {} : { ended: caller.ended }) };
  }

  @Public()
  @Delete()
  @HttpCode(200)
  async signOut(@CurrentCaller() caller: Caller, @Res({ passthrough: true }) res: Response): Promise<SessionResponse> {
    this.credentials.cookies.clear(res, 'session');
    if (
      caller.identity?.kind === 'user' &&
      (await this.sessions.end(caller.identity.id, 'signed-out', caller.identity.name))
    ) {
      await this.audit.record(caller, 'auth.sign-out', 'success');
    }
    return { signedIn: false, signInUrl: SIGN_IN_URL };
  }
}
