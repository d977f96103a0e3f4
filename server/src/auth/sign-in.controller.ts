/**
 * The sign-in flow (SEC-2): GET /auth/login sends the browser to the identity provider (authorization
 * code with PKCE, state and nonce kept server-side for ten minutes); GET /auth/callback verifies what
 * comes back, maps the claims to roles and scope, starts a server-side session and returns the person
 * to the page they came from (a path on this site only). Every outcome is audited; a person whose
 * claims map to no role is refused and told why. Both routes are public and rate-limited per address.
 *
 * By default the provider is asked to authenticate again (`prompt=login`, OIDC_FORCE_LOGIN): on a
 * shared ward PC, "Sign in" after someone else signed out must not reuse their provider session.
 */
import { Controller, Get, Inject, Logger, Req, Res } from '@nestjs/common';
import { displayNameFromClaims, grantsFromClaims, type ClaimMapping } from '@wardflow/shared';
import type { Request, Response } from 'express';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ACCESS_MAPPING, LOGIN_STATES, OIDC_CLIENT, RATE_LIMITS } from '../core/tokens.js';
import { AuditService } from '../audit/audit.service.js';
import { Public } from '../core/access.decorators.js';
import { newSecret } from './credential-secret.js';
import { CredentialsService } from './credentials.service.js';
import { callerOf } from '../core/identity.js';
import { LOGIN_STATE_TTL_MS, safeReturnTo, type LoginStateStore } from './login-state.store.js';
import { SignInError, type OidcClient } from './oidc-client.adapter.js';
import type { RateLimits } from '../redis/rate-limits.adapter.js';
import { SessionService } from './session.service.js';

@Controller('auth')
export class SignInController {
  private readonly logger = new Logger(SignInController.name);

  constructor(
    @Inject(OIDC_CLIENT) private readonly oidc: OidcClient,
    @Inject(ACCESS_MAPPING) private readonly mapping: ClaimMapping,
    @Inject(LOGIN_STATES) private readonly logins: LoginStateStore,
    @Inject(RATE_LIMITS) private readonly limits: RateLimits,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly credentials: CredentialsService,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
  ) {}

  @Public()
  @Get('login')
  async login(@Req() req: Request, @Res() res: Response): Promise<void> {
    if (!(await this.withinBudget(req, res))) return;
    let request;
    try {
      request = await this.oidc.authorizationRequest();
    } catch (error) {
      this.logger.warn(`Sign-in could not start: ${(error as Error).message}`);
      res.redirect(303, '/signed-out?reason=provider-unreachable');
      return;
    }
    const id = newSecret();
    await this.logins.save(this.credentials.hash(id), {
      state: request.state,
      nonce: request.nonce,
      codeVerifier: request.codeVerifier,
      returnTo: safeReturnTo(req.query.returnTo),
    });
    this.credentials.cookies.set(res, 'login', id, LOGIN_STATE_TTL_MS);
    const url = new URL(request.url);
    if (this.config.auth.forceLogin) url.searchParams.set('prompt', 'login');
    res.redirect(303, url.href);
  }

  @Public()
  @Get('callback')
  async callback(@Req() req: Request, @Res() res: Response): Promise<void> {
    if (!(await this.withinBudget(req, res))) return;
    const caller = callerOf(req);
    const id = this.credentials.cookies.read(req.headers.cookie, 'login');
    this.credentials.cookies.clear(res, 'login');
    const expected = id === null ? null : await this.logins.take(this.credentials.hash(id));
    if (expected === null) {
      await this.audit.record(caller, 'auth.sign-in-failed', 'failure', {
        detail: { reason: 'no sign-in in progress (expired, or started elsewhere)' },
      });
      res.redirect(303, '/signed-out?reason=expired');
      return;
    }
    let signedIn;
    try {
      signedIn = await this.oidc.complete(new URL(req.originalUrl, this.config.publicUrl), expected);
    } catch (error) {
      const reason =
        error instanceof SignInError ? error.message : 'the answer from the identity provider could not be verified';
      this.logger.warn(`Sign-in failed: ${reason}`);
      await this.audit.record(caller, 'auth.sign-in-failed', 'failure', { detail: { reason: reason.slice(0, 200) } });
      res.redirect(303, '/signed-out?reason=failed');
      return;
    }
    const grants = grantsFromClaims(signedIn.claims, this.mapping);
    const name = displayNameFromClaims(signedIn.claims, this.mapping.nameClaim);
    if (grants.length === 0) {
      await this.audit.record(caller, 'auth.sign-in-failed', 'denied', {
        actor: { id: signedIn.subject, name },
        detail: { reason: "no Wardflow role in the identity provider's claims" },
      });
      res.redirect(303, '/signed-out?reason=no-role');
      return;
    }
    const started = await this.sessions.start(
      { issuer: signedIn.issuer, subject: signedIn.subject, name, grants },
      { address: caller.address, userAgent: req.headers['user-agent'] ?? null },
    );
    await this.audit.record(
      { ...caller, identity: this.credentials.sessionIdentity(started.row) },
      'auth.sign-in',
      'success',
    );
    this.credentials.cookies.set(res, 'session', started.token, this.config.auth.sessionAbsoluteMs);
    res.redirect(303, expected.returnTo);
  }

  /** Per-address budget for the two sign-in routes; answers 429 itself when spent. */
  private async withinBudget(req: Request, res: Response): Promise<boolean> {
    const verdict = await this.limits.consume('authFlow', callerOf(req).address ?? 'unknown');
    if (verdict.ok) return true;
    res.setHeader('Retry-After', String(Math.ceil(verdict.retryAfterMs / 1_000)));
    res.status(429).type('text').send('Too many sign-in attempts from this address. Wait a few minutes and try again.');
    return false;
  }
}
