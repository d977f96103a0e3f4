import type { CarePlan, Observation, ServiceRequest } from '@medplum/fhirtypes';
import { makeWard } from '../testing/board.builders.js';
import { computeMeasures } from '../measures/ward-measures.js';
import { makeInputs } from '../measures/measures.builders.js';
import { DEFAULT_MEASURES } from '../measures/measure-catalogue.js';
import { makeBed, makeEncounter, makeNews2, makePatient, makeWardFhirData } from './fhir.builders.js';
import { NEWS2_CODES } from './news2-from-fhir.js';
import { SYSTEMS } from './fhir-codes.js';
import { DATA_ABSENT_REASON, OBSERVATION_PLAN_SYSTEM } from './observation-plans.js';
import { buildWardSnapshot, type WardFhirData } from './normalise-ward.js';

const now = Date.parse('2026-12-07T12:00:00Z');
const ward = makeWard({ id: 'ward-a', name: 'Willow', profile: 'mental-health' });
const planCode = { coding: [{ system: OBSERVATION_PLAN_SYSTEM, code: 'news2-observations' }] };

function data(extra: Partial<WardFhirData>): WardFhirData {
  return makeWardFhirData({
    ward,
    beds: [makeBed('bed1', 'O'), makeBed('bed2', 'O')],
    encounters: [makeEncounter('enc1', 'p1', 'bed1'), makeEncounter('enc2', 'p2', 'bed2')],
    patients: [makePatient('p1', 'Jane', 'Smith'), makePatient('p2', 'Ali', 'Khan')],
    ...extra,
  });
}

const refused = (id: string, patient: string, time: string): Observation => ({
  resourceType: 'Observation',
  id,
  status: 'final',
  code: { coding: [{ system: SYSTEMS.snomed, code: NEWS2_CODES.total }] },
  subject: { reference: `Patient/${patient}` },
  effectiveDateTime: time,
  dataAbsentReason: { coding: [{ system: DATA_ABSENT_REASON, code: 'asked-declined' }] },
});

const dailyPlan: CarePlan = {
  resourceType: 'CarePlan',
  id: 'plan1',
  status: 'active',
  intent: 'plan',
  subject: { reference: 'Patient/p1' },
  created: '2026-12-01T10:00:00Z',
  activity: [
    { detail: { status: 'scheduled', code: planCode, scheduledTiming: { repeat: { period: 1, periodUnit: 'd' } } } },
  ],
};

function cardOf(snapshot: ReturnType<typeof buildWardSnapshot>, bed: string) {
  return snapshot.beds.find((b) => b.id === bed)?.patient;
}

describe('buildWardSnapshot: observation plans', () => {
  it('times a patient with a daily plan by the plan, and one without by the NEWS2 interval', () => {
    const observations = [
      makeNews2('n1', 'enc1', 0, '2026-12-07T08:00:00Z'),
      makeNews2('n2', 'enc2', 0, '2026-12-06T22:00:00Z'),
    ];
    const snapshot = buildWardSnapshot(data({ observations, carePlans: [dailyPlan] }), now, 1);
    expect(cardOf(snapshot, 'bed1')?.observations).toMatchObject({ basis: 'plan', everyMinutes: 1440 });
    expect(cardOf(snapshot, 'bed1')?.news2?.dueAt).toBe('2026-12-08T08:00:00.000Z');
    expect(cardOf(snapshot, 'bed2')?.observations).toMatchObject({ basis: 'national', everyMinutes: 720 });
    expect(cardOf(snapshot, 'bed2')?.news2?.dueAt).toBe('2026-12-07T10:00:00.000Z');
  });

  it('a refused set is no data error, keeps the last score and restarts the clock', () => {
    const observations = [
      makeNews2('n1', 'enc1', 2, '2026-12-07T04:00:00Z'),
      refused('r1', 'p1', '2026-12-07T08:10:00Z'),
    ];
    const patient = cardOf(buildWardSnapshot(data({ observations }), now, 1), 'bed1');
    expect(patient?.dataErrors).toEqual([]);
    expect(patient?.news2).toMatchObject({
      score: 2,
      observedAt: '2026-12-07T04:00:00.000Z',
      dueAt: '2026-12-07T12:10:00.000Z',
    });
    expect(patient?.observations?.notDone).toEqual({ at: '2026-12-07T08:10:00.000Z', reason: 'refused', note: null });
  });

  it('stopped observations (end of life) are not counted by the overdue-observations measure', () => {
    const stop: ServiceRequest = {
      resourceType: 'ServiceRequest',
      id: 'stop',
      status: 'active',
      intent: 'order',
      doNotPerform: true,
      code: planCode,
      reasonCode: [{ text: 'End of life care' }],
      subject: { reference: 'Patient/p1' },
      authoredOn: '2026-12-06T09:00:00Z',
    };
    const observations = [
      makeNews2('n1', 'enc1', 9, '2026-12-06T08:00:00Z'),
      makeNews2('n2', 'enc2', 0, '2026-12-06T08:00:00Z'),
    ];
    const snapshot = buildWardSnapshot(data({ observations, serviceRequests: [stop] }), now, 1);
    expect(cardOf(snapshot, 'bed1')?.observations).toMatchObject({
      basis: 'stopped',
      dueAt: null,
      plan: { source: 'service-request', stopped: true, reason: 'End of life care' },
    });
    const patients = snapshot.beds.flatMap((b) => (b.patient === null ? [] : [b.patient]));
    const cells = computeMeasures(makeInputs('acute', { patients, now }), DEFAULT_MEASURES.acute);
    // The other patient's 12-hourly set is overdue; the one whose observations are stopped is not.
    expect(cells.find((c) => c.measureId === 'overdue-observations')).toMatchObject({ value: 1 });
  });

  it('an unreadable plan is a data error and the national interval applies', () => {
    const plan: CarePlan = {
      ...dailyPlan,
      activity: [
        {
          detail: {
            status: 'scheduled',
            code: planCode,
            scheduledTiming: { repeat: { period: 1, periodUnit: 'fortnight' as never } },
          },
        },
      ],
    };
    const observations = [makeNews2('n1', 'enc1', 0, '2026-12-07T08:00:00Z')];
    const patient = cardOf(buildWardSnapshot(data({ observations, carePlans: [plan] }), now, 1), 'bed1');
    expect(patient?.dataErrors).toEqual([
      'Observation plan unreadable (timing repeat unreadable): NEWS2 interval used',
    ]);
    expect(patient?.observations).toMatchObject({ basis: 'national', everyMinutes: 720 });
  });
});
