import type { Encounter, Observation, Task } from '@medplum/fhirtypes';
import {
  DEFAULT_DISCHARGE_READINESS_RULES,
  DISCHARGE_DELAY_REASON_SYSTEM,
  DISCHARGE_PATHWAY_SYSTEM,
  DISCHARGE_READINESS_SYSTEM,
  DISCHARGE_READY_DATE_EXTENSION,
  dischargeObservationCodes,
  dischargeReadiness,
  dischargeReadinessRulesWith,
} from './discharge-readiness.js';
import { DELAY_KIND_SYSTEM } from './tasks-and-plans.js';

// Monday 7 December 2026, 12:00 GMT.
const now = Date.parse('2026-12-07T12:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (ms: number) => new Date(ms).toISOString();
const rules = DEFAULT_DISCHARGE_READINESS_RULES;
const code = (c: string, system = DISCHARGE_READINESS_SYSTEM) => ({ coding: [{ system, code: c }] });
const encounter: Encounter = { resourceType: 'Encounter', id: 'e1', status: 'in-progress', class: { code: 'IMP' } };
let n = 0;

function review(ready: boolean | string, time: number, components: unknown[] = [], extra: Partial<Observation> = {}) {
  return {
    resourceType: 'Observation',
    id: `r${++n}`,
    status: 'final',
    code: code('discharge-readiness'),
    effectiveDateTime: at(time),
    ...(typeof ready === 'boolean' ? { valueBoolean: ready } : { valueCodeableConcept: code(ready) }),
    component: components,
    ...extra,
  } as Observation;
}
const pathwayPart = (p: number) => ({
  code: code('discharge-pathway'),
  valueCodeableConcept: code(String(p), DISCHARGE_PATHWAY_SYSTEM),
});
const reasonPart = (r: string, system = DISCHARGE_DELAY_REASON_SYSTEM, display?: string) => ({
  code: code('discharge-delay-reason'),
  valueCodeableConcept: { coding: [{ system, code: r, ...(display === undefined ? {} : { display }) }] },
});
const datePart = (date: string) => ({ code: code('discharge-ready-date'), valueDateTime: date });
const own = (c: string, time: number, value: Partial<Observation>): Observation =>
  ({
    resourceType: 'Observation',
    id: `o${++n}`,
    status: 'final',
    code: code(c),
    effectiveDateTime: at(time),
    ...value,
  }) as Observation;

const read = (observations: Observation[], tasks: Task[] = [], enc: Encounter = encounter, r = rules, t = now) =>
  dischargeReadiness({ encounter: enc, observations, tasks }, r, t);

describe('dischargeReadiness: ready or not, and since when', () => {
  it.each([
    ['nothing recorded', [], null],
    ['ready today (valueBoolean)', [review(true, now - 2 * HOUR)], { status: 'ready', readyDate: '2026-12-07' }],
    ['ready by code', [review('ready', now - 2 * HOUR)], { status: 'ready', readyDate: '2026-12-07' }],
    ['not ready by code', [review('not-ready', now - 2 * HOUR)], { status: 'not-ready', readyDate: null }],
    [
      'ready since the first ready review after the last not ready',
      [
        review(false, now - 4 * DAY),
        review(true, now - 3 * DAY),
        review(true, now - 2 * DAY),
        review(true, now - HOUR),
      ],
      { status: 'ready', readyDate: '2026-12-04' },
    ],
    [
      'back to not ready: no date',
      [review(true, now - 3 * DAY), review(false, now - DAY)],
      { status: 'not-ready', readyDate: null },
    ],
    [
      'ready again after a setback counts from the new run',
      [review(true, now - 5 * DAY), review(false, now - 3 * DAY), review(true, now - DAY)],
      { status: 'ready', readyDate: '2026-12-06' },
    ],
    [
      'a recorded ready date wins over the day of the review',
      [review(true, now - HOUR, [datePart('2026-12-05')])],
      { status: 'ready', readyDate: '2026-12-05' },
    ],
    [
      'a ready date-time is its London day (23:30 UTC in summer is the next day)',
      [review(true, Date.parse('2026-07-02T09:00:00Z'), [datePart('2026-06-30T23:30:00Z')])],
      { status: 'ready', readyDate: '2026-07-01' },
      Date.parse('2026-07-02T12:00:00Z'),
    ],
    [
      'the newest review decides, whatever order they arrive in',
      [review(true, now - HOUR), review(false, now - 5 * HOUR)],
      { status: 'ready', readyDate: '2026-12-07' },
    ],
  ])('%s', (_name, observations, expected, time = now) => {
    const { readiness } = read(observations as Observation[], [], encounter, rules, time as number);
    if (expected === null) expect(readiness).toBeNull();
    else expect(readiness).toMatchObject(expected as object);
  });

  it('reads the Encounter discharge-ready date when no review is recorded', () => {
    const enc = { ...encounter, extension: [{ url: DISCHARGE_READY_DATE_EXTENSION, valueDate: '2026-12-03' }] };
    expect(read([], [], enc).readiness).toMatchObject({ status: 'ready', readyDate: '2026-12-03', reviewedAt: null });
  });

  it('does not let an Encounter date older than the last "not ready" review date a new run', () => {
    const enc = { ...encounter, extension: [{ url: DISCHARGE_READY_DATE_EXTENSION, valueDate: '2026-12-01' }] };
    const { readiness } = read([review(false, now - 3 * DAY), review(true, now - DAY)], [], enc);
    expect(readiness?.readyDate).toBe('2026-12-06');
  });

  it('ignores withdrawn, superseded, future and preliminary reviews', () => {
    const { readiness } = read([
      review(false, now - 2 * DAY),
      review(true, now - HOUR, [], { status: 'entered-in-error' }),
      review(true, now - HOUR, [], { status: 'preliminary' }),
      review(true, now + 3 * HOUR),
    ]);
    expect(readiness).toMatchObject({ status: 'not-ready' });
  });

  it('says when a readiness value cannot be read, and does not guess', () => {
    const { readiness, problems } = read([review('maybe', now - HOUR)]);
    expect(readiness).toBeNull();
    expect(problems).toEqual([`discharge readiness value not recognised (${DISCHARGE_READINESS_SYSTEM}|maybe)`]);
  });
});

describe('dischargeReadiness: pathway', () => {
  it.each([
    ['coded', pathwayPart(1).valueCodeableConcept, undefined, 1],
    ['an integer', undefined, { valueInteger: 3 }, 3],
    ['written "P2"', undefined, { valueString: 'P2' }, 2],
    ['written "Pathway 0"', undefined, { valueString: 'Pathway 0' }, 0],
    ['a concept with only text', { text: 'pathway 1' }, undefined, 1],
  ])('reads a pathway %s', (_name, concept, value, expected) => {
    const obs = own('discharge-pathway', now - HOUR, {
      ...(concept === undefined ? {} : { valueCodeableConcept: concept }),
      ...(value ?? {}),
    });
    expect(read([obs]).readiness).toMatchObject({ status: null, pathway: expected });
  });

  it('takes the newest pathway, from a component or an Observation of its own', () => {
    const { readiness } = read([
      review(false, now - 2 * DAY, [pathwayPart(3)]),
      own('discharge-pathway', now - DAY, { valueInteger: 1 }),
    ]);
    expect(readiness).toMatchObject({ status: 'not-ready', pathway: 1 });
  });

  it('maps a trust pathway code and reports one it cannot read', () => {
    const trust = dischargeReadinessRulesWith({ pathwayValues: { 'https://trust.example/pathway|HOME-SUPPORT': 1 } });
    const mapped = own('discharge-pathway', now - HOUR, {
      valueCodeableConcept: code('HOME-SUPPORT', 'https://trust.example/pathway'),
    });
    expect(read([mapped], [], encounter, trust).readiness?.pathway).toBe(1);
    const { readiness, problems } = read([mapped]);
    expect(readiness).toBeNull();
    expect(problems).toEqual(['discharge pathway not recognised (https://trust.example/pathway|HOME-SUPPORT)']);
  });
});

describe('dischargeReadiness: reasons for delay', () => {
  it('reads the reasons of the newest review, national ones first', () => {
    const { readiness } = read([
      review(true, now - 2 * DAY, [reasonPart('transport')]),
      review(true, now - HOUR, [pathwayPart(1), reasonPart('equipment'), reasonPart('care-package')]),
    ]);
    expect(readiness?.delayReasons).toEqual([
      { reason: 'equipment', text: 'Awaiting community equipment or home adaptations' },
      { reason: 'care-package', text: 'Awaiting a new home care package (pathway 1)' },
    ]);
  });

  it('keeps a local code nobody mapped, with its words, after the national ones', () => {
    const { readiness } = read([
      review(true, now - HOUR, [
        reasonPart('POC-WAIT', 'https://trust.example/delay', 'Awaiting POC start'),
        reasonPart('transport'),
      ]),
    ]);
    expect(readiness?.delayReasons).toEqual([
      { reason: 'transport', text: 'Awaiting transport' },
      { reason: null, text: 'Awaiting POC start' },
    ]);
  });

  it('maps a trust code to the national reason', () => {
    const trust = dischargeReadinessRulesWith({
      delayReasons: { 'https://trust.example/delay|POC-WAIT': 'care-package' },
    });
    const { readiness } = read(
      [review(true, now - HOUR, [reasonPart('POC-WAIT', 'https://trust.example/delay', 'Awaiting POC start')])],
      [],
      encounter,
      trust,
    );
    expect(readiness?.delayReasons).toEqual([{ reason: 'care-package', text: 'Awaiting POC start' }]);
  });

  it('drops reasons once the patient is not ready, and reasons older than the last "not ready"', () => {
    expect(
      read([review(true, now - 2 * DAY, [reasonPart('transport')]), review(false, now - DAY)]).readiness?.delayReasons,
    ).toEqual([]);
    const { readiness } = read([
      own('discharge-delay-reason', now - 3 * DAY, {
        valueCodeableConcept: code('transport', DISCHARGE_DELAY_REASON_SYSTEM),
      }),
      review(false, now - 2 * DAY),
      review(true, now - HOUR),
    ]);
    expect(readiness?.delayReasons).toEqual([]);
  });

  it('adds the coded reasons of open Tasks: mapped ones on any Task, any on a discharge-delay Task', () => {
    const task = (status: Task['status'], extra: Partial<Task>): Task =>
      ({ resourceType: 'Task', id: `t${++n}`, status, intent: 'order', ...extra }) as Task;
    const tasks = [
      task('in-progress', { reasonCode: code('nursing-home', DISCHARGE_DELAY_REASON_SYSTEM) }),
      task('on-hold', {
        code: code('discharge', DELAY_KIND_SYSTEM),
        statusReason: {
          coding: [{ system: 'https://trust.example/delay', code: 'FAM' }],
          text: 'Family viewing homes',
        },
      }),
      // Not a discharge delay, and its reason is not on the list: not a reason for delay.
      task('requested', { reasonCode: { text: 'Bloods' } }),
      task('completed', { reasonCode: code('transport', DISCHARGE_DELAY_REASON_SYSTEM) }),
    ];
    expect(read([review(true, now - HOUR)], tasks).readiness?.delayReasons).toEqual([
      { reason: 'nursing-home', text: 'Awaiting a nursing home place (pathway 3)' },
      { reason: null, text: 'Family viewing homes' },
    ]);
  });
});

describe('dischargeReadinessRulesWith and the codes the fetch keeps', () => {
  it('adds the trust codes beside the defaults', () => {
    const trust = dischargeReadinessRulesWith({
      readinessCodes: ['https://trust.example|C2R'],
      readyValues: ['https://trust.example|NC2R'],
    });
    expect(trust.readinessCodes).toEqual([
      `${DISCHARGE_READINESS_SYSTEM}|discharge-readiness`,
      'https://trust.example|C2R',
    ]);
    expect(dischargeObservationCodes(trust)).toContain('https://trust.example|C2R');
    const c2r = {
      ...review(true, now - HOUR),
      code: code('C2R', 'https://trust.example'),
      valueBoolean: undefined,
      valueCodeableConcept: code('NC2R', 'https://trust.example'),
    };
    expect(read([c2r as Observation], [], encounter, trust).readiness?.status).toBe('ready');
  });
});
