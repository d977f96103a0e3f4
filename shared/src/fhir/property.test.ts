/**
 * Properties of the FHIR readers: (a) the order a server returns resources in never changes the
 * answer; (b) no mutation of a resource (missing fields, wrong types, nulls, huge numbers, bad
 * dates) makes a reader throw, since one bad resource must not take a whole ward off the screen.
 * Malformed input that once made buildWardSnapshot throw is pinned at the bottom.
 */
import fc from 'fast-check';
import { mutate, mutationsOf } from './hostile-input.builders.js';
import type { CarePlan, Flag, Observation, Resource, RiskAssessment, Task } from '@medplum/fhirtypes';
import type { PatientOnBoard, Ward, WardSnapshot } from '../ward.types.js';
import { LOCAL_SYSTEMS, awolStatus, fallsRisk, latestGlucose, observationLevel } from './clinical-flags.js';
import { SYSTEMS } from './fhir-codes.js';
import { makeBed, makeEncounter, makeNews2, makePatient } from './fhir.builders.js';
import { LEGAL_STATUS, currentLegalStatus, legalStatusFromEncounter } from './legal-status.js';
import { NEWS2_CODES, computeNews2, latestReportedNews2, readNews2Total } from './news2-from-fhir.js';
import { buildWardSnapshot, type WardFhirData } from './normalise-ward.js';
import { LOINC, UCUM, usableObservations } from './observation-rules.js';
import { DELAY_KIND_SYSTEM, carePlanReview, openDelays } from './tasks-and-plans.js';

const now = Date.parse('2026-11-21T10:00:00Z');
const ward: Ward = {
  id: 'ward-a',
  name: 'Cedar',
  siteId: 's1',
  siteName: 'Site',
  profile: 'acute',
  displayLabel: 'initials',
  showMentalHealthAct: true,
};

function shuffled<T>(items: T[]): fc.Arbitrary<[T[], T[]]> {
  return fc
    .shuffledSubarray(items, { minLength: items.length, maxLength: items.length })
    .map((s) => [items, s] as [T[], T[]]);
}

// ---- generators ---------------------------------------------------------------------------------

/** Times on a coarse grid so that equal times (ties) are common. */
const timeArb = fc.integer({ min: 0, max: 12 }).map((i) => new Date(now - i * 10 * 60_000).toISOString());

const statusArb = fc.constantFrom('final', 'amended', 'corrected', 'preliminary', 'entered-in-error') as fc.Arbitrary<
  Observation['status']
>;

function quantityObs(loinc: string, unit: string, min: number, max: number): fc.Arbitrary<Observation> {
  return fc
    .record({
      id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
      status: statusArb,
      at: timeArb,
      value: fc.integer({ min, max }),
      v: fc.constantFrom('1', '2', '3'),
    })
    .map(({ id, status, at, value, v }) => ({
      resourceType: 'Observation',
      id: `${loinc}-${id}`,
      meta: { versionId: v },
      status,
      code: { coding: [{ system: LOINC, code: loinc }] },
      effectiveDateTime: at,
      valueQuantity: { value, system: UCUM, code: unit },
    }));
}

const acvpuArb: fc.Arbitrary<Observation> = fc
  .record({
    id: fc.constantFrom('a', 'b'),
    at: timeArb,
    answer: fc.constantFrom('248234008', '130987000', '422768004'),
  })
  .map(({ id, at, answer }) => ({
    resourceType: 'Observation',
    id: `acvpu-${id}`,
    status: 'final',
    code: { coding: [{ system: SYSTEMS.snomed, code: NEWS2_CODES.acvpu }] },
    effectiveDateTime: at,
    valueCodeableConcept: { coding: [{ system: SYSTEMS.snomed, code: answer }] },
  }));

const totalArb: fc.Arbitrary<Observation> = fc
  .record({
    id: fc.constantFrom('a', 'b', 'c'),
    at: timeArb,
    score: fc.integer({ min: 0, max: 22 }),
    v: fc.constantFrom('1', '2'),
  })
  .map(({ id, at, score, v }) => ({
    resourceType: 'Observation',
    id: `total-${id}`,
    meta: { versionId: v },
    status: 'final',
    code: { coding: [{ system: SYSTEMS.snomed, code: NEWS2_CODES.total }] },
    effectiveDateTime: at,
    valueQuantity: { value: score, system: UCUM, code: '{score}' },
  }));

const levelArb: fc.Arbitrary<Observation> = fc
  .record({
    id: fc.constantFrom('a', 'b', 'c'),
    at: timeArb,
    level: fc.constantFrom('general', 'intermittent', 'within-eyesight', 'arms-length'),
  })
  .map(({ id, at, level }) => ({
    resourceType: 'Observation',
    id: `level-${id}`,
    status: 'final',
    code: { text: 'level' },
    effectiveDateTime: at,
    valueCodeableConcept: { coding: [{ system: LOCAL_SYSTEMS.observationLevel, code: level }] },
  }));

const observationsArb: fc.Arbitrary<Observation[]> = fc
  .tuple(
    fc.array(quantityObs('9279-1', '/min', 5, 40), { maxLength: 3 }),
    fc.array(quantityObs('59408-5', '%', 80, 100), { maxLength: 3 }),
    fc.array(quantityObs('3151-8', 'L/min', 0, 4), { maxLength: 2 }),
    fc.array(quantityObs('8480-6', 'mm[Hg]', 70, 230), { maxLength: 3 }),
    fc.array(quantityObs('8867-4', '/min', 30, 150), { maxLength: 3 }),
    fc.array(quantityObs('8310-5', 'Cel', 34, 41), { maxLength: 3 }),
    fc.array(acvpuArb, { maxLength: 2 }),
    fc.array(quantityObs('15074-8', 'mmol/L', 2, 12), { maxLength: 3 }),
    fc.array(totalArb, { maxLength: 3 }),
    fc.array(levelArb, { maxLength: 3 }),
  )
  .map((lists) => lists.flat());

const flagsArb: fc.Arbitrary<Array<Flag | RiskAssessment>> = fc.array(
  fc.oneof(
    fc
      .record({
        code: fc.constantFrom('02', '03', '17'),
        start: timeArb,
        status: fc.constantFrom('active', 'inactive'),
      })
      .map(({ code, start, status }): Flag => ({
        resourceType: 'Flag',
        status: status as Flag['status'],
        code: { coding: [{ system: LEGAL_STATUS.england, code }] },
        subject: {},
        period: { start },
      })),
    fc.record({ start: timeArb }).map(({ start }): Flag => ({
      resourceType: 'Flag',
      status: 'active',
      code: { coding: [{ system: LOCAL_SYSTEMS.wardFlag, code: 'awol' }] },
      subject: {},
      period: { start },
    })),
    fc
      .record({ at: timeArb, risk: fc.constantFrom('low', 'moderate', 'high') })
      .map(({ at, risk }): RiskAssessment => ({
        resourceType: 'RiskAssessment',
        status: 'final',
        subject: {},
        occurrenceDateTime: at,
        prediction: [{ qualitativeRisk: { coding: [{ system: LOCAL_SYSTEMS.riskProbability, code: risk }] } }],
      })),
  ),
  { maxLength: 6 },
);

const tasksArb: fc.Arbitrary<Task[]> = fc.array(
  fc
    .record({
      id: fc.constantFrom('t1', 't2', 't3'),
      due: fc.option(timeArb, { nil: undefined }),
      kind: fc.constantFrom('assessment', 'transport', 'discharge'),
      status: fc.constantFrom('requested', 'in-progress', 'completed'),
    })
    .map(({ id, due, kind, status }): Task => ({
      resourceType: 'Task',
      id,
      status: status as Task['status'],
      intent: 'order',
      code: { coding: [{ system: DELAY_KIND_SYSTEM, code: kind }] },
      ...(due === undefined ? {} : { restriction: { period: { end: due } } }),
    })),
  { maxLength: 5 },
);

/** Everything this folder exports that reads resources, on one patient's data. */
function readAll(observations: Observation[], flags: Array<Flag | RiskAssessment>, tasks: Task[]): unknown {
  return {
    usable: usableObservations(observations, now),
    computed: computeNews2(observations, now),
    computedScale2: computeNews2(observations, now, { spo2Scale: 2 }),
    reported: latestReportedNews2(observations, now),
    glucose: latestGlucose(observations, now),
    level: observationLevel(observations, now),
    legal: currentLegalStatus(flags as Flag[], now),
    falls: fallsRisk(flags, now),
    awol: awolStatus(flags as Flag[], now),
    delays: openDelays(tasks, now),
  };
}

// ---- (a) order independence -------------------------------------------------------------------

describe('order independence', () => {
  it('should give the same answers from every reader whatever the order of the resources', () => {
    fc.assert(
      fc.property(
        observationsArb.chain(shuffled),
        flagsArb.chain(shuffled),
        tasksArb.chain(shuffled),
        ([obs, obs2], [flags, flags2], [tasks, tasks2]) => {
          expect(readAll(obs2, flags2, tasks2)).toEqual(readAll(obs, flags, tasks));
        },
      ),
      { numRuns: 300 },
    );
  });

  /** A ward with unique ids; NEWS2 times distinct per encounter (equal times: see the known bug below). */
  const wardArb: fc.Arbitrary<WardFhirData> = fc
    .record({
      beds: fc.integer({ min: 1, max: 6 }),
      stays: fc.array(
        fc.record({
          bed: fc.integer({ min: 1, max: 7 }),
          sinceHours: fc.integer({ min: 0, max: 3 }),
          onLeave: fc.boolean(),
        }),
        { maxLength: 6 },
      ),
      scores: fc.array(
        fc.record({ enc: fc.integer({ min: 0, max: 5 }), score: fc.integer({ min: 0, max: 20 }), bad: fc.boolean() }),
        { maxLength: 8 },
      ),
    })
    .map(({ beds, stays, scores }) => ({
      ward,
      beds: Array.from({ length: beds }, (_, i) => makeBed(`bed${i + 1}`, i % 2 === 0 ? 'O' : 'U')),
      encounters: stays.map((s, i) =>
        makeEncounter(`enc${i}`, `p${i}`, `bed${s.bed}`, {
          status: s.onLeave ? 'onleave' : 'in-progress',
          location: [
            {
              location: { reference: `Location/bed${s.bed}` },
              status: 'active',
              period: { start: new Date(now - s.sinceHours * 3_600_000).toISOString() },
            },
          ],
        }),
      ),
      patients: stays.map((_, i) =>
        makePatient(`p${i}`, ['Jane', 'John', 'Ann'][i % 3] as string, ['Smith', 'Stone'][i % 2] as string),
      ),
      finishedRecently: [],
      flags: [],
      tasks: [],
      carePlans: [],
      riskAssessments: [],
      observations: scores.map((s, i) =>
        makeNews2(`o${i}`, `enc${s.enc}`, s.bad ? 25 : s.score, new Date(now - (i + 1) * 60_000).toISOString()),
      ),
    }));

  /** sameInitialsAs is sorted, but compared as a set here so this property tests placement alone. */
  function canonical(snapshot: WardSnapshot): WardSnapshot {
    const fix = (p: PatientOnBoard | null): PatientOnBoard | null =>
      p === null ? null : { ...p, sameInitialsAs: [...p.sameInitialsAs].sort() };
    return {
      ...snapshot,
      beds: snapshot.beds.map((b) => ({ ...b, patient: fix(b.patient) })),
      unplaced: snapshot.unplaced.map((u) => ({ ...u, patient: fix(u.patient) as PatientOnBoard })),
    };
  }

  it('should give the same ward snapshot whatever the order of the resources', () => {
    fc.assert(
      fc.property(
        wardArb.chain((data) =>
          fc
            .tuple(shuffled(data.beds), shuffled(data.encounters), shuffled(data.patients), shuffled(data.observations))
            .map(
              ([[, beds], [, encounters], [, patients], [, observations]]) =>
                [data, { ...data, beds, encounters, patients, observations }] as const,
            ),
        ),
        ([data, reordered]) => {
          expect(canonical(buildWardSnapshot(reordered, now, 4))).toEqual(canonical(buildWardSnapshot(data, now, 4)));
        },
      ),
      { numRuns: 300 },
    );
  });
});

// ---- (b) mutations never throw ----------------------------------------------------------------

const junkArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER, -1, 0, 2.5, Number.NaN, Number.POSITIVE_INFINITY),
  fc.constantFrom(
    '',
    'not-a-date',
    '2026-13-45T99:99:99Z',
    '+275760-09-13T00:00:00.000Z',
    '-271821-04-20T00:00:00.000Z',
    '2026',
    '2026-11',
    'Observation/',
    '/',
    '{}',
  ),
  fc.constantFrom({}, [], [null], true, false),
  fc.anything({ maxDepth: 2 }),
);

const mutationsArb = mutationsOf(junkArb);

function fullVitals(at: string): Observation[] {
  const q = (id: string, loinc: string, value: number, code: string): Observation => ({
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system: LOINC, code: loinc }] },
    effectiveDateTime: at,
    valueQuantity: { value, system: UCUM, code },
  });
  return [
    q('rr', '9279-1', 18, '/min'),
    q('sat', '59408-5', 96, '%'),
    q('o2', '3150-0', 21, '%'),
    {
      resourceType: 'Observation',
      id: 'bp',
      status: 'final',
      code: { coding: [{ system: LOINC, code: '85354-9' }] },
      effectiveDateTime: at,
      component: [
        {
          code: { coding: [{ system: LOINC, code: '8480-6' }] },
          valueQuantity: { value: 120, system: UCUM, code: 'mm[Hg]' },
        },
      ],
    },
    q('hr', '8867-4', 70, '/min'),
    q('t', '8310-5', 37, 'Cel'),
    {
      resourceType: 'Observation',
      id: 'acvpu',
      status: 'final',
      code: { coding: [{ system: SYSTEMS.snomed, code: NEWS2_CODES.acvpu }] },
      effectiveDateTime: at,
      valueCodeableConcept: { coding: [{ system: SYSTEMS.snomed, code: '248234008' }] },
    },
    {
      ...makeNews2('total', 'enc1', 2, at),
      hasMember: [{ reference: 'Observation/rr' }],
      component: [
        {
          code: { coding: [{ system: SYSTEMS.snomed, code: NEWS2_CODES.pulse }] },
          valueQuantity: { value: 0, system: UCUM, code: '{score}' },
        },
      ],
    },
    q('glu', '15074-8', 72, 'mg/dL'),
    {
      resourceType: 'Observation',
      id: 'lvl',
      status: 'final',
      code: { text: 'level' },
      effectiveDateTime: at,
      valueCodeableConcept: { coding: [{ system: LOCAL_SYSTEMS.observationLevel, code: 'arms-length' }] },
    },
  ];
}

const otherResources: Resource[] = [
  {
    resourceType: 'Flag',
    status: 'active',
    code: { coding: [{ system: LEGAL_STATUS.wales, code: '02' }] },
    subject: {},
    period: { start: '2026-11-20T00:00:00Z' },
  },
  {
    resourceType: 'Flag',
    status: 'active',
    code: { coding: [{ system: LOCAL_SYSTEMS.wardFlag, code: 'awol' }] },
    subject: {},
    period: { start: '2026-11-21T09:00:00Z' },
  },
  {
    resourceType: 'Flag',
    status: 'active',
    code: { coding: [{ system: SYSTEMS.snomed, code: '129839007' }] },
    subject: {},
  },
  {
    resourceType: 'RiskAssessment',
    status: 'final',
    subject: {},
    occurrenceDateTime: '2026-11-21T09:00:00Z',
    prediction: [{ qualitativeRisk: { coding: [{ system: LOCAL_SYSTEMS.riskProbability, code: 'high' }] } }],
  },
  {
    resourceType: 'Task',
    id: 't',
    status: 'requested',
    intent: 'order',
    code: { coding: [{ system: DELAY_KIND_SYSTEM, code: 'discharge' }] },
    businessStatus: { text: 'TTO' },
    restriction: { period: { end: '2026-11-21T12:00:00Z' } },
  },
  {
    resourceType: 'CarePlan',
    id: 'cp',
    status: 'active',
    intent: 'plan',
    subject: {},
    period: { start: '2026-11-01' },
    extension: [{ url: 'https://fhir.wardflow.org/StructureDefinition/careplan-review-date', valueDate: '2026-11-25' }],
  },
  {
    resourceType: 'Encounter',
    status: 'in-progress',
    class: { code: 'IMP' },
    extension: [
      {
        url: LEGAL_STATUS.extension,
        extension: [
          {
            url: 'legalStatusClassification',
            valueCodeableConcept: { coding: [{ system: LEGAL_STATUS.england, code: '03' }] },
          },
        ],
      },
    ],
  },
];

function runEveryReader(resources: unknown[]): void {
  const obs = resources as Observation[];
  const flags = resources as Flag[];
  readAll(obs, resources as Array<Flag | RiskAssessment>, resources as Task[]);
  for (const r of resources) {
    readNews2Total(r as Observation, obs);
    carePlanReview(r as CarePlan, now);
    carePlanReview(r as CarePlan, now, { reviewIntervalDays: 1e300 });
    legalStatusFromEncounter(r as never);
  }
  currentLegalStatus(flags, now);
}

describe('mutated resources', () => {
  it('should never make one of these readers throw', () => {
    const all: Resource[] = [...fullVitals('2026-11-21T09:00:00Z'), ...otherResources];
    fc.assert(
      fc.property(fc.nat({ max: all.length - 1 }), mutationsArb, fc.boolean(), (index, mutations, wholeJunk) => {
        const resources: unknown[] = [...all];
        resources[index] = wholeJunk && mutations[0] !== undefined ? mutations[0].value : mutate(all[index], mutations);
        expect(() => runEveryReader(resources)).not.toThrow();
      }),
      { numRuns: 1000 },
    );
  });

  it('should survive a non-array where a list is expected', () => {
    expect(() =>
      runEveryReader([
        { resourceType: 'Observation', code: { coding: 'x' }, component: {}, hasMember: 5, derivedFrom: null },
      ]),
    ).not.toThrow();
    expect(() => usableObservations(null as never, now)).not.toThrow();
    expect(() => openDelays(undefined as never, now)).not.toThrow();
  });
});

// ---- malformed input found by the properties above, pinned so it stays fixed ----

describe('buildWardSnapshot on malformed input', () => {
  function base(): WardFhirData {
    return {
      ward,
      beds: [makeBed('bed1', 'O'), makeBed('bed2', 'U')],
      encounters: [makeEncounter('enc1', 'p1', 'bed1')],
      patients: [makePatient('p1', 'Jane', 'Smith')],
      finishedRecently: [
        makeEncounter('enc0', 'p0', 'bed2', {
          status: 'finished',
          period: { start: '2026-11-20T00:00:00Z', end: '2026-11-21T07:00:00Z' },
        }),
      ],
      observations: [makeNews2('o1', 'enc1', 3, '2026-11-21T06:00:00Z')],
      flags: [],
      tasks: [],
      carePlans: [],
      riskAssessments: [],
    };
  }

  it('should build the base ward (control)', () => {
    expect(() => buildWardSnapshot(base(), now, 1)).not.toThrow();
  });

  /* eslint-disable @typescript-eslint/no-explicit-any -- the point is to put wrong types into resources */
  const throwing: Array<[string, (d: any) => void]> = [
    [
      'an encounter period.start that is not a date (RangeError: Invalid time value, from computeCensus)',
      (d) => (d.encounters[0].period.start = 'not-a-date'),
    ],
    [
      'a finished encounter period.end that is not a date (RangeError)',
      (d) => (d.finishedRecently[0].period.end = 'not-a-date'),
    ],
    [
      'an encounter period.start beyond the Date range (RangeError)',
      (d) => (d.encounters[0].period.start = '+275761-01-01T00:00:00Z'),
    ],
    [
      'a NEWS2 at the end of the Date range (news2DueAt toISOString RangeError)',
      (d) => (d.observations[0].effectiveDateTime = '+275760-09-13T00:00:00.000Z'),
    ],
    ['a bed physicalType.coding that is a string', (d) => (d.beds[0].physicalType.coding = 'bd')],
    ['a NEWS2 code.coding that is a string', (d) => (d.observations[0].code.coding = 'x')],
    ['bed names that are numbers (localeCompare)', (d) => ((d.beds[0].name = 7), (d.beds[1].name = 8))],
    ['an encounter location that is an object, not an array', (d) => (d.encounters[0].location = {})],
    ['a null entry in encounter.location', (d) => (d.encounters[0].location[1] = null)],
    ['a location reference that is a number (ref.split)', (d) => (d.encounters[0].location[1].location.reference = 12)],
    ['a subject reference that is a number', (d) => (d.encounters[0].subject.reference = 12)],
    ['a NEWS2 encounter reference that is a number', (d) => (d.observations[0].encounter.reference = 1)],
    ['a patient given name that is a string, not an array (initialsOf)', (d) => (d.patients[0].name[0].given = 'Jane')],
    ['a patient family name that is a number', (d) => (d.patients[0].name[0].family = 5)],
    ['an encounter extension that is an object, not an array', (d) => (d.encounters[0].extension = {})],
    [
      'a plannedEndDate extension whose valueDateTime is a number',
      (d) =>
        (d.encounters[0].extension = [
          { url: 'http://hl7.org/fhir/5.0/StructureDefinition/extension-Encounter.plannedEndDate', valueDateTime: 5 },
        ]),
    ],
    ['a null entry in beds', (d) => (d.beds[1] = null)],
  ];
  /* eslint-enable @typescript-eslint/no-explicit-any */

  it.each(throwing)('should not throw on %s', (_label, change) => {
    const data = base();
    change(data);
    expect(() => buildWardSnapshot(data, now, 1)).not.toThrow();
  });

  it('should list sameInitialsAs in the same order whatever the order of the encounters', () => {
    const data: WardFhirData = {
      ...base(),
      beds: [makeBed('bed1', 'O'), makeBed('bed2', 'O'), makeBed('bed3', 'O')],
      encounters: [
        makeEncounter('enc1', 'p1', 'bed1'),
        makeEncounter('enc2', 'p2', 'bed2'),
        makeEncounter('enc3', 'p3', 'bed3'),
      ],
      patients: [
        makePatient('p1', 'Jane', 'Smith'),
        makePatient('p2', 'John', 'Stone'),
        makePatient('p3', 'Joe', 'Sims'),
      ],
    };
    const first = buildWardSnapshot(data, now, 1);
    const second = buildWardSnapshot({ ...data, encounters: [...data.encounters].reverse() }, now, 1);
    expect(second.beds).toEqual(first.beds);
  });

  it('should give the same NEWS2 whatever the order when two totals share an effective time', () => {
    const a = makeNews2('o1', 'enc1', 3, '2026-11-21T09:00:00Z');
    const b = makeNews2('o2', 'enc1', 6, '2026-11-21T09:00:00Z');
    const first = buildWardSnapshot({ ...base(), observations: [a, b] }, now, 1);
    const second = buildWardSnapshot({ ...base(), observations: [b, a] }, now, 1);
    expect(second.beds).toEqual(first.beds);
  });
});
