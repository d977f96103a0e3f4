/**
 * The parts of buildWardSnapshot that configuration shapes (expected discharge extensions, key
 * assessments by profile) and the ward-level context for the safety measures (incidents, staffing).
 */
import type { AdverseEvent, MeasureReport, Procedure, QuestionnaireResponse } from '@medplum/fhirtypes';
import type { Ward } from '../ward.types.js';
import { makeBed, makeEncounter, makePatient, makeWardFhirData } from './fhir.builders.js';
import { WARD_CONTEXT } from './fhir-codes.js';
import { DEFAULT_INGEST_RULES, ingestRulesWith } from './ingest-rules.js';
import { buildWardSnapshot, type WardFhirData } from './normalise-ward.js';

const now = Date.parse('2026-11-21T10:00:00Z');
const acute: Ward = {
  id: 'ward-a',
  name: 'Cedar',
  siteId: 's1',
  siteName: 'Site',
  profile: 'acute',
  displayLabel: 'initials',
  showMentalHealthAct: true,
};
const LOCAL_EDD = 'https://trust.example.nhs.uk/fhir/StructureDefinition/expected-discharge';

function data(overrides: Partial<WardFhirData> = {}): WardFhirData {
  return makeWardFhirData({
    ward: acute,
    beds: [makeBed('bed1', 'O'), makeBed('bed2', 'O')],
    // Admitted 2026-11-19T10:00Z (builder default): 48 h before now.
    encounters: [makeEncounter('enc1', 'p1', 'bed1'), makeEncounter('enc2', 'p2', 'bed2', { period: {} })],
    patients: [makePatient('p1', 'Jane', 'Smith'), makePatient('p2', 'Ann', 'Other')],
    ...overrides,
  });
}

const fallsAssessment = (id: string, encounterId: string, at: string, extra: Partial<Procedure> = {}): Procedure => ({
  resourceType: 'Procedure',
  id,
  status: 'completed',
  subject: { reference: 'Patient/p1' },
  encounter: { reference: `Encounter/${encounterId}` },
  code: { coding: [{ system: WARD_CONTEXT.keyAssessmentSystem, code: 'falls-risk-assessment' }] },
  performedDateTime: at,
  ...extra,
});

const must = (id: string, encounterId: string, authored: string): QuestionnaireResponse => ({
  resourceType: 'QuestionnaireResponse',
  id,
  status: 'completed',
  questionnaire: 'https://fhir.wardflow.org/Questionnaire/must',
  encounter: { reference: `Encounter/${encounterId}` },
  authored,
});

describe('expected discharge date from configured extensions', () => {
  const withExtension = (url: string, date: string) =>
    makeEncounter('enc1', 'p1', 'bed1', { extension: [{ url, valueDate: date }] });

  it('should ignore a local extension the trust has not configured', () => {
    const snapshot = buildWardSnapshot(data({ encounters: [withExtension(LOCAL_EDD, '2026-11-23')] }), now, 5);
    expect(snapshot.beds[0]?.patient?.expectedDischargeDate).toBeNull();
  });

  it('should read a configured local extension', () => {
    const rules = ingestRulesWith({ expectedDischargeExtensions: [LOCAL_EDD] });
    const snapshot = buildWardSnapshot(data({ encounters: [withExtension(LOCAL_EDD, '2026-11-23')] }), now, 5, rules);
    expect(snapshot.beds[0]?.patient?.expectedDischargeDate).toBe('2026-11-23');
  });
});

describe('key assessments on the board', () => {
  it("should list the acute profile's assessments with their state, from procedures and questionnaire responses", () => {
    const snapshot = buildWardSnapshot(
      data({
        assessmentRecords: [
          fallsAssessment('pr1', 'enc1', '2026-11-19T12:00:00Z'),
          must('qr1', 'enc1', '2026-11-14T09:00:00Z'),
        ],
      }),
      now,
      5,
    );
    expect(snapshot.beds[0]?.patient?.assessments).toEqual([
      // Done 46 h ago, repeats weekly: in time.
      {
        id: 'falls-assessment',
        label: 'Falls risk assessment',
        lastDoneAt: '2026-11-19T12:00:00.000Z',
        dueAt: '2026-11-26T12:00:00.000Z',
        state: 'in-time',
      },
      // Done 7 days and 1 hour ago: overdue.
      {
        id: 'nutrition-screen',
        label: 'Nutrition screen (MUST)',
        lastDoneAt: '2026-11-14T09:00:00.000Z',
        dueAt: '2026-11-21T09:00:00.000Z',
        state: 'overdue',
      },
    ]);
  });

  it('should count an assessment never done as due from admission, and say so when the admission time is unknown', () => {
    const snapshot = buildWardSnapshot(data(), now, 5);
    expect(snapshot.beds[0]?.patient?.assessments.map((a) => [a.id, a.state, a.dueAt])).toEqual([
      ['falls-assessment', 'overdue', '2026-11-19T16:00:00.000Z'],
      ['nutrition-screen', 'overdue', '2026-11-20T10:00:00.000Z'],
    ]);
    const unknown = snapshot.beds[1]?.patient;
    expect(unknown?.assessments.map((a) => a.state)).toEqual(['unknown', 'unknown']);
    expect(unknown?.dataErrors).toContain(
      'Cannot tell when due (admission time unknown): Falls risk assessment, Nutrition screen (MUST)',
    );
  });

  it("should use the mental-health profile's assessments on a mental-health ward", () => {
    const snapshot = buildWardSnapshot(
      data({ ward: { ...acute, profile: 'mental-health' } }),
      now,
      5,
      DEFAULT_INGEST_RULES,
    );
    expect(snapshot.beds[0]?.patient?.assessments.map((a) => a.id)).toEqual([
      'risk-assessment',
      'physical-health-check',
    ]);
  });

  it('should count an unreadable assessment record as a data error on the patient and the ward', () => {
    const snapshot = buildWardSnapshot(
      data({ assessmentRecords: [fallsAssessment('pr1', 'enc1', '2026-11-30T12:00:00Z')] }),
      now,
      5,
    );
    expect(snapshot.beds[0]?.patient?.dataErrors).toContain('1 assessment record could not be read');
    expect(snapshot.dataQuality.rejectedResources).toBe(1);
  });
});

describe('ward context for the safety measures', () => {
  const incident = (id: string, category: string, date: string): AdverseEvent => ({
    resourceType: 'AdverseEvent',
    id,
    actuality: 'actual',
    category: [{ coding: [{ system: WARD_CONTEXT.incidentCategorySystem, code: category }] }],
    subject: { reference: 'Patient/p1' },
    location: { reference: 'Location/ward-a' },
    date,
  });
  const report = (day: string, start: string, planned: number): MeasureReport => ({
    resourceType: 'MeasureReport',
    id: `staff-${day}`,
    status: 'complete',
    type: 'summary',
    measure: WARD_CONTEXT.staffingMeasure,
    subject: { reference: 'Location/ward-a' },
    period: { start, end: new Date(Date.parse(start) + 86_400_000).toISOString() },
    group: [
      {
        code: { coding: [{ system: WARD_CONTEXT.staffingGroupSystem, code: 'planned-hours' }] },
        measureScore: { value: planned, unit: 'h', system: 'http://unitsofmeasure.org', code: 'h' },
      },
    ],
  });

  it('should carry incidents and staffing days with the time they were read, and never on the board patients', () => {
    const snapshot = buildWardSnapshot(
      data({
        incidents: [incident('ae1', 'fall', '2026-11-20T03:00:00Z'), incident('ae2', 'fall', 'yesterday')],
        staffingReports: [report('2026-11-20', '2026-11-20T00:00:00Z', 180)],
        wardContextReadAt: '2026-11-21T09:30:00Z',
      }),
      now,
      5,
    );
    expect(snapshot.wardContext.readAt).toBe('2026-11-21T09:30:00.000Z');
    expect(snapshot.wardContext.incidents).toEqual([
      { id: 'ae1', categories: ['fall'], occurredAt: '2026-11-20T03:00:00.000Z' },
    ]);
    expect(snapshot.wardContext.staffing).toEqual([
      {
        date: '2026-11-20',
        plannedHours: 180,
        actualHours: null,
        bankHours: null,
        agencyHours: null,
        sicknessHours: null,
        reportedAt: null,
      },
    ]);
    // The incident with an unreadable date is counted, not silently lost.
    expect(snapshot.dataQuality.rejectedResources).toBe(1);
  });
});
