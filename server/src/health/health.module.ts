/** Liveness and readiness, in every process (a worker answers them too). */
import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { HealthController } from './health.controller.js';
import { HealthService } from './health.service.js';

@Module({ imports: [DiscoveryModule], providers: [HealthService], controllers: [HealthController] })
export class HealthModule {}
