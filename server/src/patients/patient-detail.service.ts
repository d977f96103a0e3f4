/**
 * Patient detail (SEC-1, SEC-6): the one view with identifiers. The board's own fields come from the
 * stored snapshot (with its data time); name, NHS number, date of birth and the last 72 hours of NEWS2
 * are read from the trust's FHIR server for each view (2 requests: the encounter with its patient, and
 * the patient's observations since then), so identifiers are never stored by Wardflow and are as
 * current as the EPR. Without a FHIR server to ask, the view says so rather than showing less.
 */
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { Encounter, Observation, Patient } from '@medplum/fhirtypes';
import { news2Series, patientIdentity, type PatientDetail } from '@wardflow/shared';
import { CLOCK, FHIR_READER, type Clock } from '../core/tokens.js';
import { EscalationService } from '../escalation/escalation.service.js';
import type { FhirReader } from '../fhir/fhir-reader.adapter.js';
import { BoardService } from '../wards/board.service.js';

export const NEWS2_HISTORY_MS = 72 * 3_600_000;

export type PatientDetailOutcome =
  { ok: true; detail: PatientDetail } | { ok: false; status: 404 | 503 | 502; message: string; patientId?: string };

@Injectable()
export class PatientDetailService {
  private readonly logger = new Logger(PatientDetailService.name);

  constructor(
    private readonly boards: BoardService,
    private readonly escalations: EscalationService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() @Inject(FHIR_READER) private readonly fhir: FhirReader | null = null,
  ) {}

  async detail(wardId: string, bedId: string): Promise<PatientDetailOutcome> {
    const board = await this.boards.getBoard(wardId);
    if (board === null) return { ok: false, status: 404, message: `Unknown ward ${wardId}` };
    const bed = board.beds.find((b) => b.id === bedId);
    if (bed === undefined) return { ok: false, status: 404, message: `No bed ${bedId} on ${board.ward.name}` };
    if (bed.patient === null)
      return {
        ok: false,
        status: 404,
        message: `${bed.label} has no patient in the data as of ${board.asOf ?? 'never'}`,
      };
    if (this.fhir === null)
      return {
        ok: false,
        status: 503,
        message: 'This process has no FHIR server to read identifiers from: set FHIR_BASE_URL for the api role.',
      };
    const now = this.clock();
    const from = now - NEWS2_HISTORY_MS;
    let patient: Patient | undefined;
    let observations: Observation[];
    try {
      const found = await this.fhir.searchAll('Encounter', {
        _id: bed.patient.encounterId,
        _include: 'Encounter:subject',
      });
      const encounter = found.matches.find((r): r is Encounter => r.resourceType === 'Encounter');
      const subjectId = encounter?.subject?.reference?.split('/').pop();
      patient = found.included.find((r): r is Patient => r.resourceType === 'Patient' && r.id === subjectId);
      if (patient?.id === undefined)
        return { ok: false, status: 502, message: 'The FHIR server did not return the patient of this encounter' };
      const obs = await this.fhir.searchAll('Observation', {
        patient: `Patient/${patient.id}`,
        date: `ge${new Date(from).toISOString()}`,
        _count: '500',
      });
      observations = obs.matches.filter((r): r is Observation => r.resourceType === 'Observation');
    } catch (error) {
      this.logger.warn(`Patient detail: FHIR read failed: ${(error as Error).message}`);
      return {
        ok: false,
        status: 502,
        message:
          "The trust's FHIR server could not be read just now; nothing is shown rather than old identifiers. Try again, or tell IT if it lasts.",
      };
    }
    const series = news2Series(observations, from, now);
    const open = await this.escalations.list('open', wardId);
    return {
      ok: true,
      detail: {
        ward: board.ward,
        bed: { id: bed.id, label: bed.label },
        boardAsOf: board.asOf,
        boardFreshness: board.freshness,
        readAt: new Date(now).toISOString(),
        serverTime: new Date(this.clock()).toISOString(),
        patient: { fhirId: patient.id, ...patientIdentity(patient) },
        onBoard: bed.patient,
        news2: {
          from: new Date(from).toISOString(),
          to: new Date(now).toISOString(),
          points: series.points,
          rejected: series.rejected,
        },
        escalations: open.filter(
          (e) => e.subject === '' || e.subject === bed.id || e.subject === bed.patient?.encounterId,
        ),
      },
    };
  }
}
