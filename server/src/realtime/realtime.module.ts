/**
 * Socket.IO (RT-1..RT-3): screens subscribe to boards, the heat map and escalations; changes announced on
 * the BoardEvents port reach them; ended access closes their sockets. Only where screens are served.
 */
import { Module, type DynamicModule } from '@nestjs/common';
import { oncePerParts, partsFor, type ProcessParts } from '../core/process-parts.js';
import { EscalationModule } from '../escalation/escalation.module.js';
import { ScoringModule } from '../scoring/scoring.module.js';
import { WardsModule } from '../wards/wards.module.js';
import { AccessSweeper } from './access-sweeper.service.js';
import { RealtimeService } from './realtime.service.js';
import { WardGateway } from './ward.gateway.js';

@Module({})
export class RealtimeModule {
  static register = oncePerParts((parts: ProcessParts): DynamicModule => ({
    module: RealtimeModule,
    imports: [WardsModule.register(parts), EscalationModule.register(parts), ScoringModule.register(parts)],
    ...partsFor(parts, { screens: [WardGateway, RealtimeService, AccessSweeper] }),
  }));
}
