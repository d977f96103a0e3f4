/** A ward's board as screens and people read it (CS-1..CS-7), and asking for a poll now. */
import { Module, type DynamicModule } from '@nestjs/common';
import { oncePerParts, partsFor, type ProcessParts } from '../core/process-parts.js';
import { IngestModule } from '../ingest/ingest.module.js';
import { BoardService } from './board.service.js';
import { WardsController } from './wards.controller.js';

@Module({})
export class WardsModule {
  static register = oncePerParts((parts: ProcessParts): DynamicModule => ({
    module: WardsModule,
    imports: [IngestModule.register(parts)],
    ...partsFor(parts, { shared: [BoardService], controllers: [WardsController] }),
    exports: [BoardService],
  }));
}
