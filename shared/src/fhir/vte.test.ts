import type {
  MedicationRequest,
  Observation,
  Procedure,
  QuestionnaireResponse,
  RiskAssessment,
} from '@medplum/fhirtypes';
import { formatLondonTime } from '../london-time.js';
import { DEFAULT_VTE_RULES, VTE_SYSTEM, vteRulesWith, vteStatus } from './vte.js';

const HOUR = 3_600_000;
const rules = DEFAULT_VTE_RULES;
const code = (c: string, system = VTE_SYSTEM) => ({ coding: [{ system, code: c }] });
const at = (ms: number) => new Date(ms).toISOString();
let n = 0;

function riskAssessment(time: number, extra: Partial<RiskAssessment> = {}): RiskAssessment {
  return {
    resourceType: 'RiskAssessment',
    id: `ra${++n}`,
    status: 'final',
    subject: { reference: 'Patient/p' },
    code: code('vte-risk-assessment'),
    occurrenceDateTime: at(time),
    ...extra,
  };
}
const outcome = (c: string) => ({ prediction: [{ outcome: code(c) }] });
function order(medication: MedicationRequest['medicationCodeableConcept'], extra: Partial<MedicationRequest> = {}) {
  return {
    resourceType: 'MedicationRequest',
    id: `mr${++n}`,
    status: 'active',
    intent: 'order',
    subject: { reference: 'Patient/p' },
    medicationCodeableConcept: medication,
    ...extra,
  } as MedicationRequest;
}

describe('vteStatus: the assessment within 14 hours of admission', () => {
  const admitted = Date.parse('2026-12-07T08:00:00Z');
  it.each<[string, Array<RiskAssessment | Procedure | Observation | QuestionnaireResponse>, number, string]>([
    ['not done, within the 14 hours', [], admitted + 13 * HOUR, 'due'],
    ['not done, 14 hours passed', [], admitted + 14 * HOUR + 60_000, 'overdue'],
    ['done at 13 h 59', [riskAssessment(admitted + 14 * HOUR - 60_000)], admitted + 20 * HOUR, 'done'],
    ['done at exactly 14 h', [riskAssessment(admitted + 14 * HOUR)], admitted + 20 * HOUR, 'done'],
    ['done at 15 h: late, and said so', [riskAssessment(admitted + 15 * HOUR)], admitted + 20 * HOUR, 'done-late'],
    [
      'a late one does not hide an earlier one in time',
      [riskAssessment(admitted + 30 * HOUR), riskAssessment(admitted + 2 * HOUR)],
      admitted + 40 * HOUR,
      'done',
    ],
    [
      'a Procedure',
      [
        {
          resourceType: 'Procedure',
          status: 'completed',
          subject: { reference: 'Patient/p' },
          code: code('vte-risk-assessment'),
          performedDateTime: at(admitted + HOUR),
        },
      ],
      admitted + 20 * HOUR,
      'done',
    ],
    [
      'the trust questionnaire',
      [
        {
          resourceType: 'QuestionnaireResponse',
          status: 'completed',
          questionnaire: 'https://fhir.wardflow.org/Questionnaire/vte-risk-assessment|2',
          authored: at(admitted + HOUR),
        },
      ],
      admitted + 20 * HOUR,
      'done',
    ],
    [
      'preliminary is not done',
      [riskAssessment(admitted + HOUR, { status: 'preliminary' })],
      admitted + 20 * HOUR,
      'overdue',
    ],
    [
      'another assessment is not VTE',
      [riskAssessment(admitted + HOUR, { code: code('falls') })],
      admitted + 20 * HOUR,
      'overdue',
    ],
  ])('%s', (_name, assessments, now, state) => {
    const vte = vteStatus({ admittedAt: at(admitted), assessments, medicationRequests: [] }, rules, now);
    expect(vte.assessment.state).toBe(state);
    expect(vte.assessment.dueAt).toBe(at(admitted + 14 * HOUR));
  });

  it('cannot say when it is due without an admission time: unknown, never fine', () => {
    expect(
      vteStatus({ admittedAt: null, assessments: [], medicationRequests: [] }, rules, Date.now()).assessment,
    ).toEqual({
      dueAt: null,
      doneAt: null,
      state: 'unknown',
    });
  });

  it('counts an assessment with no readable or a future time as unreadable, not done', () => {
    const admittedAt = at(Date.parse('2026-12-07T08:00:00Z'));
    const now = Date.parse('2026-12-07T10:00:00Z');
    const vte = vteStatus(
      {
        admittedAt,
        assessments: [riskAssessment(now + 2 * HOUR), riskAssessment(now, { occurrenceDateTime: 'yesterday' })],
        medicationRequests: [],
      },
      rules,
      now,
    );
    expect(vte).toMatchObject({ assessment: { state: 'due' }, unreadable: 2 });
  });
});

describe('vteStatus: 14 hours across the 2026 clock changes (elapsed hours; the wall clock shows 13 or 15)', () => {
  it.each([
    // BST ends 01:00 UTC on Sunday 25 October 2026: 00:30 BST is 23:30 UTC the evening before.
    [
      'admitted 00:30 BST on the day the clocks go back',
      '2026-10-24T23:30:00Z',
      '2026-10-25T13:30:00.000Z',
      '13:30 GMT',
    ],
    ['admitted 01:30 GMT just after they went back', '2026-10-25T01:30:00Z', '2026-10-25T15:30:00.000Z', '15:30 GMT'],
    ['admitted 20:00 BST the evening before', '2026-10-24T19:00:00Z', '2026-10-25T09:00:00.000Z', '09:00 GMT'],
    // BST starts 01:00 UTC on Sunday 29 March 2026: 00:30 GMT, then the clocks jump to 02:00 BST.
    [
      'admitted 00:30 GMT on the day the clocks go forward',
      '2026-03-29T00:30:00Z',
      '2026-03-29T14:30:00.000Z',
      '15:30 BST',
    ],
    ['admitted 20:00 GMT the evening before', '2026-03-28T20:00:00Z', '2026-03-29T10:00:00.000Z', '11:00 BST'],
  ])('%s: due %s', (_name, admittedAt, dueAt, wall) => {
    const vte = vteStatus({ admittedAt, assessments: [], medicationRequests: [] }, rules, Date.parse(admittedAt));
    expect(vte.assessment.dueAt).toBe(dueAt);
    expect(formatLondonTime(dueAt)).toBe(wall);
  });

  it('is in time at 13 h 59 of elapsed time even when the wall clock says 14 h 59 (spring)', () => {
    const admittedAt = '2026-03-29T00:30:00Z';
    const done = Date.parse(admittedAt) + 14 * HOUR - 60_000;
    const vte = vteStatus(
      { admittedAt, assessments: [riskAssessment(done)], medicationRequests: [] },
      rules,
      done + HOUR,
    );
    expect(vte.assessment.state).toBe('done');
  });
});

describe('vteStatus: outcome and prophylaxis', () => {
  const admittedAt = '2026-12-06T08:00:00Z';
  const now = Date.parse('2026-12-07T12:00:00Z');
  const read = (assessments: RiskAssessment[], orders: MedicationRequest[] = [], r = rules) =>
    vteStatus({ admittedAt, assessments, medicationRequests: orders }, r, now);
  const done = Date.parse(admittedAt) + 2 * HOUR;

  it.each<[string, Partial<RiskAssessment>, string | null]>([
    ['coded indicated', outcome('prophylaxis-indicated'), 'indicated'],
    ['coded not indicated', outcome('prophylaxis-not-indicated'), 'not-indicated'],
    ['coded contraindicated (bleeding risk)', outcome('prophylaxis-contraindicated'), 'contraindicated'],
    [
      'qualitative high risk',
      {
        prediction: [
          {
            qualitativeRisk: {
              coding: [{ system: 'http://terminology.hl7.org/CodeSystem/risk-probability', code: 'high' }],
            },
          },
        ],
      },
      'indicated',
    ],
    [
      'qualitative low risk',
      {
        prediction: [
          {
            qualitativeRisk: {
              coding: [{ system: 'http://terminology.hl7.org/CodeSystem/risk-probability', code: 'low' }],
            },
          },
        ],
      },
      'not-indicated',
    ],
    ['no outcome recorded', {}, null],
  ])('reads an outcome %s', (_name, extra, expected) => {
    expect(read([riskAssessment(done, extra)]).outcome).toBe(expected);
  });

  it('reads the outcome from the trust form’s coded answer, at any depth', () => {
    const form: QuestionnaireResponse = {
      resourceType: 'QuestionnaireResponse',
      status: 'completed',
      questionnaire: 'https://fhir.wardflow.org/Questionnaire/vte-risk-assessment',
      authored: at(done),
      item: [
        {
          linkId: 'risks',
          item: [
            {
              linkId: 'decision',
              answer: [{ valueCoding: { system: VTE_SYSTEM, code: 'prophylaxis-contraindicated' } }],
            },
          ],
        },
      ],
    };
    const vte = vteStatus({ admittedAt, assessments: [form], medicationRequests: [] }, rules, now);
    expect(vte).toMatchObject({ outcome: 'contraindicated', assessment: { state: 'done' } });
  });

  it('takes the newest assessment’s outcome: a reassessment after a bleed contraindicates', () => {
    const vte = read([
      riskAssessment(done, outcome('prophylaxis-indicated')),
      riskAssessment(done + 20 * HOUR, outcome('prophylaxis-contraindicated')),
    ]);
    expect(vte).toMatchObject({ outcome: 'contraindicated', assessment: { doneAt: at(done), state: 'done' } });
  });

  it.each<[string, MedicationRequest, string | null]>([
    [
      'by name in the text',
      order({ text: 'Enoxaparin 40 mg subcutaneous once daily' }),
      'Enoxaparin 40 mg subcutaneous once daily',
    ],
    [
      'by name in a coding display',
      order({ coding: [{ system: 'https://dmd.example', code: '123', display: 'Dalteparin sodium 5,000 units' }] }),
      'Dalteparin sodium 5,000 units',
    ],
    ['by the local code', order(code('pharmacological-prophylaxis')), 'prophylaxis'],
    ['not a blood thinner', order({ text: 'Paracetamol 1 g' }), null],
    ['a word that only contains a name', order({ text: 'Heparinised saline flush' }), null],
    ['stopped', order({ text: 'Enoxaparin 40 mg' }, { status: 'stopped' }), null],
    ['do not perform', order({ text: 'Enoxaparin 40 mg' }, { doNotPerform: true }), null],
  ])('finds prophylaxis %s', (_name, request, medication) => {
    const vte = read([riskAssessment(done, outcome('prophylaxis-indicated'))], [request]);
    expect(vte.prophylaxis?.medication ?? null).toBe(medication);
  });

  it('matches the trust’s own medicines and codes as configured', () => {
    const trust = vteRulesWith({ prophylaxisNames: ['Edoxaban'], prophylaxisCodes: ['https://dmd.example|999'] });
    expect(read([], [order({ text: 'edoxaban 60 mg' })], trust).prophylaxis?.medication).toBe('edoxaban 60 mg');
    expect(
      read([], [order({ coding: [{ system: 'https://dmd.example', code: '999' }] })], trust).prophylaxis?.medication,
    ).toBe('prophylaxis');
  });
});
