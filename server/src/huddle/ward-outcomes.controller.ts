/**
 *   GET /api/wards/:wardId/outcomes   anyone who may see the ward's board (its huddle screen included):
 *                                     the twelve-week run charts of VTE prophylaxis where indicated,
 *                                     discharges before noon, falls and low blood sugar. Counts and
 *                                     shares only, never a patient.
 */
import { Controller, Get, Param } from '@nestjs/common';
import type { WardOutcomes } from '@wardflow/shared';
import { Allow } from '../core/access.decorators.js';
import { idSchema, ZodPipe } from '../http/zod.pipe.js';
import { WardOutcomesService } from './ward-outcomes.service.js';

@Controller('wards/:wardId/outcomes')
export class WardOutcomesController {
  constructor(private readonly outcomes: WardOutcomesService) {}

  @Allow('ward.board', { ward: 'wardId', from: 'params' })
  @Get()
  async get(@Param('wardId', new ZodPipe(idSchema)) wardId: string): Promise<WardOutcomes> {
    return this.outcomes.forWard(wardId);
  }
}
