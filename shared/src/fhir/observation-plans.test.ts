import type { CarePlan, Observation, ServiceRequest } from '@medplum/fhirtypes';
import { news2Band, news2DueAt, observationsDue } from '../news2.js';
import { NEWS2_CODES } from './news2-from-fhir.js';
import { SYSTEMS } from './fhir-codes.js';
import { LOINC } from './observation-rules.js';
import {
  DATA_ABSENT_REASON,
  DEFAULT_OBSERVATION_PLAN_RULES,
  OBSERVATION_PLAN_SYSTEM,
  UNSCORED_RETRY_MINUTES,
  VITAL_SIGNS_PANEL,
  currentObservationPlan,
  isNotDoneSet,
  latestNotDoneSet,
  observationPlanRulesWith,
  observationSchedule,
  timingInterval,
  type ObservationPlan,
} from './observation-plans.js';

const now = Date.parse('2026-12-07T12:00:00Z');
const HOUR = 3_600_000;
const at = (ms: number) => new Date(ms).toISOString();
const rules = DEFAULT_OBSERVATION_PLAN_RULES;
const planCode = { coding: [{ system: OBSERVATION_PLAN_SYSTEM, code: 'news2-observations' }] };

function carePlan(detail: Record<string, unknown>, extra: Partial<CarePlan> = {}): CarePlan {
  return {
    resourceType: 'CarePlan',
    status: 'active',
    intent: 'plan',
    subject: { reference: 'Patient/p' },
    created: at(now - 24 * HOUR),
    activity: [{ detail: { status: 'scheduled', code: planCode, ...detail } as never }],
    ...extra,
  };
}
function request(extra: Partial<ServiceRequest>): ServiceRequest {
  return {
    resourceType: 'ServiceRequest',
    status: 'active',
    intent: 'order',
    subject: { reference: 'Patient/p' },
    code: planCode,
    authoredOn: at(now - 2 * HOUR),
    ...extra,
  };
}
function frequencyObs(value: number, unit: string, time = now - 3 * HOUR): Observation {
  return {
    resourceType: 'Observation',
    id: `freq-${value}${unit}`,
    status: 'final',
    code: { coding: [{ system: OBSERVATION_PLAN_SYSTEM, code: 'news2-frequency' }] },
    effectiveDateTime: at(time),
    valueQuantity: { value, unit, system: 'http://unitsofmeasure.org', code: unit },
  };
}
function notDone(reason: string, time: number, extra: Partial<Observation> = {}): Observation {
  return {
    resourceType: 'Observation',
    id: `nd-${time}`,
    status: 'final',
    code: { coding: [{ system: SYSTEMS.snomed, code: NEWS2_CODES.total }] },
    effectiveDateTime: at(time),
    dataAbsentReason: { coding: [{ system: DATA_ABSENT_REASON, code: reason }] },
    ...extra,
  };
}
const scoreOf = (score: number, observedAt: number, single3 = false) => ({
  score,
  band: news2Band(score, single3),
  observedAt: at(observedAt),
});
const plan = (everyMinutes: number | null, stopped = false, recordedAt = now - HOUR): ObservationPlan => ({
  ok: true,
  source: 'care-plan',
  recordedAt,
  everyMinutes,
  stopped,
  reason: stopped ? 'End of life care' : null,
});

describe('timingInterval', () => {
  test.each([
    [{ repeat: { frequency: 1, period: 4, periodUnit: 'h' } }, 240],
    [{ repeat: { period: 1, periodUnit: 'd' } }, 1440],
    [{ repeat: { frequency: 2, period: 1, periodUnit: 'd' } }, 720],
    [{ repeat: { frequency: 1, period: 1, periodUnit: 'wk' } }, 10080],
    [{ repeat: { frequency: 1, period: 30, periodUnit: 'min' } }, 30],
    [{ code: { coding: [{ code: 'Q4H' }] } }, 240],
    [{ code: { coding: [{ code: 'BID' }] } }, 720],
  ])('%j is every %i minutes', (timing, minutes) => {
    expect(timingInterval(timing)).toEqual({ minutes });
  });

  test.each([
    [undefined, 'no timing'],
    [{ repeat: { frequency: 1, period: 4, periodUnit: 'hours' } }, 'timing repeat unreadable'],
    [{ repeat: { frequency: 0, period: 4, periodUnit: 'h' } }, 'timing repeat unreadable'],
    [{ repeat: { period: 5, periodUnit: 'min' } }, 'interval of 5 min is outside 15 min to 14 days'],
    [{ repeat: { period: 3, periodUnit: 'wk' } }, 'interval of 30240 min is outside 15 min to 14 days'],
    [{ code: { coding: [{ code: 'PRN' }] } }, 'timing has no repeat period'],
  ])('%j is refused: %s', (timing, problem) => {
    expect(timingInterval(timing)).toEqual({ problem });
  });
});

describe('currentObservationPlan', () => {
  const none = { carePlans: [], serviceRequests: [], observations: [] };

  test('a care plan activity for NEWS2 observations with a schedule', () => {
    const read = currentObservationPlan(
      { ...none, carePlans: [carePlan({ scheduledTiming: { repeat: { frequency: 1, period: 1, periodUnit: 'd' } } })] },
      rules,
      now,
    );
    expect(read).toMatchObject({ ok: true, source: 'care-plan', everyMinutes: 1440, stopped: false });
  });

  test('care plans that are not active, not yet or no longer in force, or other activities are ignored', () => {
    const timing = { scheduledTiming: { repeat: { period: 1, periodUnit: 'd' } } };
    const read = currentObservationPlan(
      {
        ...none,
        carePlans: [
          carePlan(timing, { status: 'completed' }),
          carePlan(timing, { period: { start: at(now + HOUR) } }),
          carePlan(timing, { period: { start: at(now - 48 * HOUR), end: at(now - HOUR) } }),
          carePlan({ ...timing, code: { coding: [{ system: SYSTEMS.snomed, code: '225358003' }] } }),
          carePlan({ ...timing, status: 'cancelled' }),
        ],
      },
      rules,
      now,
    );
    expect(read).toBeNull();
  });

  test('doNotPerform stops observations, with the reason given', () => {
    const stop = request({
      doNotPerform: true,
      reasonCode: [{ text: 'End of life care' }],
      authoredOn: at(now - HOUR),
    });
    const older = request({
      occurrenceTiming: { repeat: { period: 4, periodUnit: 'h' } },
      authoredOn: at(now - 5 * HOUR),
    });
    expect(currentObservationPlan({ ...none, serviceRequests: [older, stop] }, rules, now)).toMatchObject({
      ok: true,
      source: 'service-request',
      stopped: true,
      everyMinutes: null,
      reason: 'End of life care',
    });
  });

  test('the newest recorded plan wins across sources; a restart after a stop brings observations back', () => {
    const stopped = carePlan({ doNotPerform: true }, { created: at(now - 10 * HOUR) });
    const restarted = request({
      occurrenceTiming: { repeat: { period: 2, periodUnit: 'h' } },
      authoredOn: at(now - 2 * HOUR),
    });
    expect(
      currentObservationPlan({ ...none, carePlans: [stopped], serviceRequests: [restarted] }, rules, now),
    ).toMatchObject({
      source: 'service-request',
      everyMinutes: 120,
    });
    const frequency = frequencyObs(12, 'h', now - HOUR);
    expect(
      currentObservationPlan(
        { carePlans: [stopped], serviceRequests: [restarted], observations: [frequency] },
        rules,
        now,
      ),
    ).toMatchObject({ source: 'observation', everyMinutes: 720 });
  });

  test('an observation of frequency in hours, days or minutes; a value in another unit is unreadable', () => {
    expect(currentObservationPlan({ ...none, observations: [frequencyObs(1, 'd')] }, rules, now)).toMatchObject({
      everyMinutes: 1440,
    });
    expect(currentObservationPlan({ ...none, observations: [frequencyObs(3, 'mo')] }, rules, now)).toMatchObject({
      ok: false,
      problem: 'frequency not a quantity in min, h or d',
    });
  });

  test("a trust's own plan and frequency codes are read once configured", () => {
    const local = { coding: [{ system: 'https://trust.example/obs', code: 'PHYS-OBS' }] };
    const records = {
      ...none,
      serviceRequests: [request({ code: local, occurrenceTiming: { repeat: { period: 1, periodUnit: 'wk' } } })],
    };
    expect(currentObservationPlan(records, rules, now)).toBeNull();
    const theirs = observationPlanRulesWith({ planCodes: ['https://trust.example/obs|PHYS-OBS'] });
    expect(currentObservationPlan(records, theirs, now)).toMatchObject({ everyMinutes: 10080 });
    expect(theirs.planCodes).toEqual(expect.arrayContaining([...rules.planCodes]));
  });
});

describe('sets recorded as not done', () => {
  test.each([
    ['asked-declined', 'refused'],
    ['not-performed', 'not-appropriate'],
    ['not-applicable', 'not-appropriate'],
    ['not-permitted', 'not-appropriate'],
  ])('dataAbsentReason %s is %s', (code, reason) => {
    expect(latestNotDoneSet([notDone(code, now - HOUR)], now)).toEqual({ at: now - HOUR, reason, note: null });
  });

  test('a vital-signs panel counts; a value, another reason, a future time, an error or another code do not', () => {
    const panel = notDone('asked-declined', now - HOUR, {
      code: { coding: [{ system: LOINC, code: VITAL_SIGNS_PANEL }] },
    });
    expect(isNotDoneSet(panel)).toBe(true);
    expect(isNotDoneSet(notDone('asked-declined', now, { valueInteger: 3 }))).toBe(false);
    expect(isNotDoneSet(notDone('unknown', now))).toBe(false);
    expect(latestNotDoneSet([notDone('asked-declined', now + HOUR)], now)).toBeNull();
    expect(latestNotDoneSet([notDone('asked-declined', now - HOUR, { status: 'entered-in-error' })], now)).toBeNull();
    expect(
      isNotDoneSet(notDone('asked-declined', now, { code: { coding: [{ system: LOINC, code: '8867-4' }] } })),
    ).toBe(false);
  });

  test('status cancelled counts, the newest wins and its note is kept', () => {
    const sets = [
      notDone('not-performed', now - 3 * HOUR, { status: 'cancelled' }),
      notDone('asked-declined', now - HOUR, { note: [{ text: 'Declined, asleep after night shift' }] }),
    ];
    expect(latestNotDoneSet(sets, now)).toEqual({
      at: now - HOUR,
      reason: 'refused',
      note: 'Declined, asleep after night shift',
    });
  });
});

describe('observationSchedule', () => {
  test('no plan: the national NEWS2 interval from the last set, as before', () => {
    const score = scoreOf(2, now - HOUR);
    expect(observationSchedule(score, null, null)).toEqual({
      basis: 'national',
      everyMinutes: 240,
      dueAt: news2DueAt(score.observedAt, 2, score.band),
      plan: null,
      notDone: null,
    });
  });

  test.each([
    // [score, single 3, plan minutes, basis, interval]
    [0, false, 1440, 'plan', 1440], // a daily plan for a well patient on a mental-health ward
    [3, false, 10080, 'plan', 10080], // a weekly plan while the score stays low
    [0, false, 60, 'plan', 60], // more frequent than the national interval: always allowed
    [2, true, 1440, 'national-over-plan', 60], // a single parameter 3: hourly, whatever the plan says
    [5, false, 1440, 'national-over-plan', 60],
    [8, false, 240, 'national-over-plan', 30],
    [8, false, 15, 'plan', 15],
  ])('NEWS2 %i (single 3: %s) with a plan every %i min: %s, every %i min', (score, single3, planned, basis, every) => {
    const observedAt = now - HOUR;
    const schedule = observationSchedule(scoreOf(score, observedAt, single3), plan(planned), null);
    expect(schedule).toMatchObject({ basis, everyMinutes: every, dueAt: at(observedAt + every * 60_000) });
  });

  test('"Obs refused 08:10, next due 12:10": a refusal restarts the clock from the refusal', () => {
    const refusedAt = Date.parse('2026-12-07T08:10:00Z');
    const schedule = observationSchedule(scoreOf(1, refusedAt - 4 * HOUR), null, {
      at: refusedAt,
      reason: 'refused',
      note: null,
    });
    expect(schedule).toMatchObject({
      basis: 'national',
      dueAt: '2026-12-07T12:10:00.000Z',
      notDone: { at: at(refusedAt), reason: 'refused' },
    });
  });

  test('a refusal before the last full set does not count', () => {
    const schedule = observationSchedule(scoreOf(1, now - HOUR), null, {
      at: now - 2 * HOUR,
      reason: 'refused',
      note: null,
    });
    expect(schedule.notDone).toBeNull();
    expect(schedule.dueAt).toBe(at(now + 3 * HOUR));
  });

  test('a refusal before any NEWS2: the plan interval, else 4 hours; nothing at all gives no due time', () => {
    const refused = { at: now - HOUR, reason: 'refused' as const, note: null };
    expect(observationSchedule(null, plan(1440), refused).dueAt).toBe(at(now - HOUR + 1440 * 60_000));
    expect(observationSchedule(null, null, refused)).toMatchObject({
      everyMinutes: UNSCORED_RETRY_MINUTES,
      dueAt: at(now + 3 * HOUR),
    });
    expect(observationSchedule(null, null, null)).toMatchObject({ dueAt: null, everyMinutes: null });
    expect(observationSchedule(null, plan(240), null)).toMatchObject({ dueAt: null, everyMinutes: 240 });
  });

  test('stopped observations are never due, and say why', () => {
    const schedule = observationSchedule(scoreOf(9, now - 20 * HOUR), plan(null, true), null);
    expect(schedule).toMatchObject({
      basis: 'stopped',
      dueAt: null,
      plan: { stopped: true, reason: 'End of life care' },
    });
  });

  test('an unreadable plan is reported and not used', () => {
    const unreadable: ObservationPlan = {
      ok: false,
      source: 'service-request',
      recordedAt: now,
      problem: 'timing has no repeat period',
    };
    expect(observationSchedule(scoreOf(0, now - HOUR), unreadable, null)).toMatchObject({
      basis: 'national',
      everyMinutes: 720,
      plan: { problem: 'timing has no repeat period', everyMinutes: null },
    });
  });
});

describe('observationsDue', () => {
  const news2 = { dueAt: at(now + HOUR) };
  test.each([
    ['a snapshot without a schedule uses the NEWS2 due time', { news2 }, { stopped: false, overdue: false }],
    ['no NEWS2 and no schedule is overdue', { news2: null }, { overdue: true, dueAt: null }],
    [
      'stopped is never overdue',
      {
        news2: { dueAt: at(now - HOUR) },
        observations: observationSchedule(scoreOf(9, now - 9 * HOUR), plan(null, true), null),
      },
      { stopped: true, overdue: false },
    ],
    [
      'a refusal an hour ago on a 4-hourly score is not overdue',
      {
        news2: { dueAt: at(now - HOUR) },
        observations: observationSchedule(scoreOf(2, now - 5 * HOUR), null, {
          at: now - HOUR,
          reason: 'refused',
          note: null,
        }),
      },
      { overdue: false, dueAt: at(now + 3 * HOUR) },
    ],
  ])('%s', (_name, patient, expected) => {
    expect(observationsDue(patient, now)).toMatchObject(expected);
  });
});
