/** The bed manager's view of a site: bed status, flow and bottlenecks across its wards. */
import { Module, type DynamicModule } from '@nestjs/common';
import { oncePerParts, partsFor, type ProcessParts } from '../core/process-parts.js';
import { SitesController } from './sites.controller.js';
import { SitesService } from './sites.service.js';

@Module({})
export class SitesModule {
  static register = oncePerParts((parts: ProcessParts): DynamicModule => ({
    module: SitesModule,
    ...partsFor(parts, { screens: [SitesService], controllers: [SitesController] }),
  }));
}
