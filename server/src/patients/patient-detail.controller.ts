/**
 * GET /api/wards/:wardId/beds/:bedId/patient (SEC-1, SEC-6): for a signed-in person whose role gives
 * patient detail on this ward (never a screen or an API token). Every view is audited with the
 * patient's FHIR id before the answer leaves; a refused attempt is audited too (by the guard).
 */
import { Controller, Get, HttpException, Param } from '@nestjs/common';
import type { PatientDetail } from '@wardflow/shared';
import { Allow, AuditRefusals, CurrentCaller } from '../core/access.decorators.js';
import type { Caller } from '../core/identity.js';
import { AuditService } from '../audit/audit.service.js';
import { idSchema, ZodPipe } from '../http/zod.pipe.js';
import { PatientDetailService } from './patient-detail.service.js';

@Controller()
export class PatientDetailController {
  constructor(
    private readonly patients: PatientDetailService,
    private readonly audit: AuditService,
  ) {}

  @Allow('ward.patient', { ward: 'wardId', from: 'params' }, { peopleOnly: true })
  @AuditRefusals('patient.view')
  @Get('wards/:wardId/beds/:bedId/patient')
  async detail(
    @CurrentCaller() caller: Caller,
    @Param('wardId', new ZodPipe(idSchema)) wardId: string,
    @Param('bedId', new ZodPipe(idSchema)) bedId: string,
  ): Promise<PatientDetail> {
    const outcome = await this.patients.detail(wardId, bedId);
    if (!outcome.ok) {
      await this.audit.record(caller, 'patient.view', 'failure', {
        capability: 'ward.patient',
        wardId,
        detail: { bedId, reason: outcome.message.slice(0, 200) },
      });
      throw new HttpException(outcome.message, outcome.status);
    }
    await this.audit.record(caller, 'patient.view', 'success', {
      capability: 'ward.patient',
      wardId,
      patientId: outcome.detail.patient.fhirId,
      detail: { bedId, encounterId: outcome.detail.onBoard.encounterId },
    });
    return outcome.detail;
  }
}
