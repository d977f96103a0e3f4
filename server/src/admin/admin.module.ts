/** The configuration in force, for admins (secrets never shown). */
import { Module, type DynamicModule } from '@nestjs/common';
import { oncePerParts, partsFor, type ProcessParts } from '../core/process-parts.js';
import { ConfigController } from './config.controller.js';

@Module({})
export class AdminModule {
  static register = oncePerParts((parts: ProcessParts): DynamicModule => ({
    module: AdminModule,
    ...partsFor(parts, { controllers: [ConfigController] }),
  }));
}
