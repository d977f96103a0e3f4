/** API tokens for scripts and other systems, created and revoked by admins. */
import { Module, type DynamicModule } from '@nestjs/common';
import { oncePerParts, partsFor, type ProcessParts } from '../core/process-parts.js';
import { TokenService } from './token.service.js';
import { TokensController } from './tokens.controller.js';

@Module({})
export class TokensModule {
  static register = oncePerParts((parts: ProcessParts): DynamicModule => ({
    module: TokensModule,
    ...partsFor(parts, { shared: [TokenService], controllers: [TokensController] }),
  }));
}
