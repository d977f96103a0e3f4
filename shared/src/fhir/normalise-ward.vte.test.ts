import type { MedicationRequest, RiskAssessment } from '@medplum/fhirtypes';
import { makeWard } from '../testing/board.builders.js';
import { makeBed, makeEncounter, makePatient, makeWardFhirData } from './fhir.builders.js';
import { buildWardSnapshot, type WardFhirData } from './normalise-ward.js';
import { DEFAULT_INGEST_RULES, ingestRulesWith } from './ingest-rules.js';
import { VTE_SYSTEM } from './vte.js';

// The builders' encounters start at 2026-11-19T10:00Z: the 14 hours ended at 2026-11-20T00:00Z.
const now = Date.parse('2026-11-21T12:00:00Z');
const acute = makeWard({ id: 'ward-a', name: 'Ash', profile: 'acute' });

function data(extra: Partial<WardFhirData>): WardFhirData {
  return makeWardFhirData({
    ward: acute,
    beds: [makeBed('bed1', 'O'), makeBed('bed2', 'O')],
    encounters: [makeEncounter('enc1', 'p1', 'bed1'), makeEncounter('enc2', 'p2', 'bed2')],
    patients: [makePatient('p1', 'Jane', 'Smith'), makePatient('p2', 'Ali', 'Khan')],
    ...extra,
  });
}

const assessment = (patient: string, time: string, outcome: string): RiskAssessment => ({
  resourceType: 'RiskAssessment',
  id: `ra-${patient}`,
  status: 'final',
  subject: { reference: `Patient/${patient}` },
  code: { coding: [{ system: VTE_SYSTEM, code: 'vte-risk-assessment' }] },
  occurrenceDateTime: time,
  prediction: [{ outcome: { coding: [{ system: VTE_SYSTEM, code: outcome }] } }],
});
const enoxaparin: MedicationRequest = {
  resourceType: 'MedicationRequest',
  id: 'mr1',
  status: 'active',
  intent: 'order',
  subject: { reference: 'Patient/p1' },
  medicationCodeableConcept: { text: 'Enoxaparin 40 mg SC OD' },
  authoredOn: '2026-11-19T13:00:00Z',
};
const vteOf = (snapshot: ReturnType<typeof buildWardSnapshot>, bed: string) =>
  snapshot.beds.find((b) => b.id === bed)?.patient?.vte;

describe('buildWardSnapshot: VTE', () => {
  it('reads each acute patient: assessed in time with prophylaxis, and not assessed (overdue)', () => {
    const snapshot = buildWardSnapshot(
      data({
        riskAssessments: [assessment('p1', '2026-11-19T12:00:00Z', 'prophylaxis-indicated')],
        medicationRequests: [enoxaparin],
      }),
      now,
      6,
    );
    expect(vteOf(snapshot, 'bed1')).toEqual({
      assessment: { dueAt: '2026-11-20T00:00:00.000Z', doneAt: '2026-11-19T12:00:00.000Z', state: 'done' },
      outcome: 'indicated',
      prophylaxis: { medication: 'Enoxaparin 40 mg SC OD', prescribedAt: '2026-11-19T13:00:00.000Z' },
    });
    expect(vteOf(snapshot, 'bed2')).toMatchObject({ assessment: { state: 'overdue' }, outcome: null });
  });

  it('says prophylaxis was not read where the server offers no MedicationRequest, never "none prescribed"', () => {
    const snapshot = buildWardSnapshot(
      data({ riskAssessments: [assessment('p1', '2026-11-19T12:00:00Z', 'prophylaxis-indicated')] }),
      now,
      6,
    );
    expect(vteOf(snapshot, 'bed1')).toMatchObject({ prophylaxis: null, prophylaxisNotRead: true });
  });

  it('leaves mental-health wards out unless the trust assesses them, and keeps a falls assessment out of VTE', () => {
    const mh = { ...acute, profile: 'mental-health' as const };
    expect(vteOf(buildWardSnapshot(data({ ward: mh }), now, 6), 'bed1')).toBeNull();
    const rules = ingestRulesWith({ vte: { profiles: ['mental-health', 'acute'] } });
    expect(vteOf(buildWardSnapshot(data({ ward: mh }), now, 6, rules), 'bed1')).toMatchObject({
      assessment: { state: 'overdue' },
    });
    expect(DEFAULT_INGEST_RULES.vte.profiles).toEqual(['acute']);
  });
});
