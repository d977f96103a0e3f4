/**
 * Liveness and readiness (docs/design.md section 9): liveness is public and says only that the process
 * answers; readiness says exactly what is wrong (HealthService), for admins and monitoring tokens.
 */
import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import type { HealthResponse, ReadinessResponse } from '@wardflow/shared';
import type { Response } from 'express';
import { Allow, Public } from '../core/access.decorators.js';
import { HealthService } from './health.service.js';

@Controller()
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Public()
  @Get('health')
  alive(): HealthResponse {
    return { status: 'ok' };
  }

  @Allow('service.status')
  @Get('ready')
  async ready(@Res({ passthrough: true }) res: Response): Promise<ReadinessResponse> {
    const readiness = await this.health.readiness();
    res.status(readiness.status === 'ready' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return readiness;
  }
}
