/**
 * POST /api/session (sign in), GET /api/session (who am I), DELETE /api/session (sign out). The
 * cookie is HttpOnly (no script reads it), SameSite=Strict (no other site's page can send it, which
 * is the CSRF defence for the acknowledge route) and Secure when the request came over HTTPS.
 */
import { BadRequestException, Body, Controller, Delete, Get, HttpCode, HttpException, HttpStatus, Inject, Post, Req, Res, UnauthorizedException } from '@nestjs/common';
import type { SessionResponse } from '@wardflow/shared';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { CLOCK, type Clock } from '../core/tokens.js';
import { LoginRateLimiter } from './login-rate-limiter.js';
import { SESSION_COOKIE, SESSION_LIFETIME_MS, cookieValue } from './session-token.js';
import { SessionService } from './session.service.js';

const signInSchema = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) }).strict();

/** Ten tries per address per quarter hour. */
const limiter = () => new LoginRateLimiter(10, 15 * 60_000);

@Controller('session')
export class SessionController {
  private readonly limiter = limiter();

  constructor(
    private readonly sessions: SessionService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @HttpCode(200)
  async signIn(@Req() req: Request, @Res({ passthrough: true }) res: Response, @Body() body: unknown): Promise<SessionResponse> {
    if (!this.limiter.tryAttempt(req.ip ?? 'unknown', this.clock())) {
      throw new HttpException('Too many sign-in attempts from this address: wait 15 minutes.', HttpStatus.TOO_MANY_REQUESTS);
    }
    const parsed = signInSchema.safeParse(body ?? {});
    if (!parsed.success) throw new BadRequestException(parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
    const result = await this.sessions.signIn(parsed.data.username, parsed.data.password);
    if (result === null) throw new UnauthorizedException('Wrong username or password.');
    res.cookie(SESSION_COOKIE, result.token, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/', maxAge: SESSION_LIFETIME_MS });
    return { signedIn: true, ...result.user };
  }

  @Get()
  whoAmI(@Req() req: Request): SessionResponse {
    const user = this.sessions.userOf(cookieValue(req.headers.cookie, SESSION_COOKIE));
    return user === null ? { signedIn: false } : { signedIn: true, ...user };
  }

  @Delete()
  @HttpCode(200)
  signOut(@Req() req: Request, @Res({ passthrough: true }) res: Response): SessionResponse {
    res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' });
    return { signedIn: false };
  }
}
