/**
 * Who is calling, and what they may do (SEC-1, SEC-2): the one AccessGuard on every route and socket
 * event, credentials (sessions, screens, API tokens), the ward directory scopes are checked against,
 * and sign-in with the trust's identity provider.
 */
import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { oncePerParts, partsFor, type ProcessParts } from '../core/process-parts.js';
import { AccessGuard } from './access.guard.js';
import { CredentialsService } from './credentials.service.js';
import { SessionController } from './session.controller.js';
import { SessionService } from './session.service.js';
import { SessionsController } from './sessions.controller.js';
import { SignInController } from './sign-in.controller.js';
import { WardDirectory } from './ward-directory.service.js';

@Global()
@Module({})
export class AuthModule {
  static register = oncePerParts((parts: ProcessParts): DynamicModule => ({
    module: AuthModule,
    ...partsFor(parts, {
      // Secure by default: every route passes the AccessGuard, and one that declares no policy is refused.
      shared: [
        { provide: APP_GUARD, useClass: AccessGuard },
        AccessGuard,
        CredentialsService,
        WardDirectory,
        SessionService,
      ],
      controllers: [SignInController, SessionController, SessionsController],
    }),
    exports: [AccessGuard, CredentialsService, WardDirectory, SessionService],
  }));
}
