import type { Ward } from '../ward.types.js';
import { makeBed, makeEncounter, makeNews2, makePatient, withPlannedEnd } from './fhir.builders.js';
import {
  bedStatusOf,
  buildWardSnapshot,
  readBedStatus,
  wardFromLocation,
  type WardFhirData,
} from './normalise-ward.js';
import { EXTENSIONS, SYSTEMS } from './fhir-codes.js';

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

function makeData(overrides: Partial<WardFhirData> = {}): WardFhirData {
  return {
    ward,
    beds: [makeBed('bed2', 'O'), makeBed('bed1', 'O'), makeBed('bed3', 'H'), makeBed('bed10', 'U')],
    encounters: [
      withPlannedEnd(makeEncounter('enc1', 'p1', 'bed1'), '2026-11-21'),
      makeEncounter('enc2', 'p2', 'bed2', { status: 'onleave', period: { start: '2026-11-21T08:00:00Z' } }),
    ],
    patients: [makePatient('p1', 'Jane', 'Smith'), makePatient('p2', 'John', 'Stone')],
    finishedRecently: [
      makeEncounter('enc0', 'p0', 'bed3', {
        status: 'finished',
        period: { start: '2026-11-10T00:00:00Z', end: '2026-11-21T07:00:00Z' },
      }),
    ],
    flags: [],
    tasks: [],
    carePlans: [],
    riskAssessments: [],
    observations: [
      makeNews2('o1', 'enc1', 3, '2026-11-21T06:00:00Z'),
      makeNews2('o2', 'enc1', 6, '2026-11-21T09:00:00Z'),
      makeNews2('o3', 'enc1', 9, '2026-11-21T09:30:00Z', { status: 'entered-in-error' }),
    ],
    ...overrides,
  };
}

describe('buildWardSnapshot', () => {
  it('should put each current patient in their bed, in natural bed order, with initials only', () => {
    const snapshot = buildWardSnapshot(makeData(), now, 4);
    expect(snapshot.beds.map((b) => [b.label, b.status, b.patient?.initials ?? null])).toEqual([
      ['Bed 1', 'occupied', 'J.S.'],
      ['Bed 2', 'occupied', 'J.S.'],
      ['Bed 3', 'cleaning', null],
      ['Bed 10', 'free', null],
    ]);
    expect(JSON.stringify(snapshot)).not.toMatch(/Smith|Stone|9990000018|1950-01-01/);
  });

  it("should date a bed's status from FHIR on a first snapshot only where FHIR dates it", () => {
    const stamped = (bed: ReturnType<typeof makeBed>, lastUpdated: string) => ({ ...bed, meta: { lastUpdated } });
    // Enc1's bed entry has no start: its arrival is not recorded.
    const undated = makeEncounter('enc1', 'p1', 'bed1', {
      location: [
        { location: { reference: 'Location/ward-a' }, status: 'active' },
        { location: { reference: 'Location/bed1' }, status: 'active' },
      ],
    });
    const data = makeData({
      beds: [
        makeBed('bed2', 'O'),
        stamped(makeBed('bed1', 'U'), '2026-11-21T09:00:00Z'),
        stamped(makeBed('bed3', 'H'), '2026-11-21T07:05:00Z'),
        makeBed('bed10', 'U'),
      ],
      encounters: [undated, makeEncounter('enc2', 'p2', 'bed2')],
    });
    expect(buildWardSnapshot(data, now, 4).beds.map((b) => [b.label, b.status, b.statusSince])).toEqual([
      // Occupied by a patient whose arrival is not recorded: the Location's time dates "free", so unknown.
      ['Bed 1', 'occupied', null],
      // Occupied: from the patient's arrival in the bed (the encounter's location period).
      ['Bed 2', 'occupied', '2026-11-19T10:00:00.000Z'],
      ['Bed 3', 'cleaning', '2026-11-21T07:05:00.000Z'],
      // Never stamped: unknown, not guessed.
      ['Bed 10', 'free', null],
    ]);
  });

  it('should warn when two patients share initials (CS-8)', () => {
    const snapshot = buildWardSnapshot(makeData(), now, 4);
    expect(snapshot.beds[0]?.patient?.sameInitialsAs).toEqual(['enc2']);
    expect(snapshot.beds[1]?.patient?.sameInitialsAs).toEqual(['enc1']);
  });

  it('should take the latest valid NEWS2 and ignore entered-in-error', () => {
    const news2 = buildWardSnapshot(makeData(), now, 4).beds[0]?.patient?.news2;
    expect(news2).toEqual({
      score: 6,
      band: 'medium',
      source: 'reported',
      anySingleParameterScored3: false,
      observedAt: '2026-11-21T09:00:00.000Z',
      dueAt: '2026-11-21T10:00:00.000Z',
    });
  });

  it('should count the census with leave, movements today and expected discharges', () => {
    expect(buildWardSnapshot(makeData(), now, 4).census).toMatchObject({
      beds: 4,
      occupied: 2,
      cleaning: 1,
      free: 1,
      onLeave: 1,
      admittedToday: 1,
      dischargedToday: 1,
      expectedDischargesToday: 1,
    });
  });

  it('should follow a transfer: the completed bed entry no longer holds the patient', () => {
    const moved = makeEncounter('enc1', 'p1', 'bed10');
    moved.location?.push({
      location: { reference: 'Location/bed1' },
      status: 'completed',
      period: { start: '2026-11-19T10:00:00Z', end: '2026-11-20T10:00:00Z' },
    });
    const snapshot = buildWardSnapshot(makeData({ encounters: [moved] }), now, 4);
    expect(snapshot.beds.find((b) => b.id === 'bed10')?.patient?.encounterId).toBe('enc1');
    expect(snapshot.beds.find((b) => b.id === 'bed1')?.patient).toBeNull();
  });

  it('should not show a patient transferred to another ward on the same encounter', () => {
    const transferred = makeEncounter('enc1', 'p1', 'bed1', {
      location: [
        {
          location: { reference: 'Location/ward-a' },
          status: 'completed',
          period: { start: '2026-11-19T10:00:00Z', end: '2026-11-21T08:00:00Z' },
        },
        {
          location: { reference: 'Location/bed1' },
          status: 'completed',
          period: { start: '2026-11-19T10:00:00Z', end: '2026-11-21T08:00:00Z' },
        },
        { location: { reference: 'Location/ward-b' }, status: 'active', period: { start: '2026-11-21T08:00:00Z' } },
        {
          location: { reference: 'Location/ward-b-bed-4' },
          status: 'active',
          period: { start: '2026-11-21T08:00:00Z' },
        },
      ],
    });
    const snapshot = buildWardSnapshot(makeData({ encounters: [transferred] }), now, 4);
    expect(snapshot.beds.every((b) => b.patient === null)).toBe(true);
    expect(snapshot.unplaced).toEqual([]);
  });

  it('should still list a patient on the ward with no bed yet as unplaced', () => {
    const waiting = makeEncounter('enc1', 'p1', 'bed1', {
      location: [{ location: { reference: 'Location/ward-a' }, status: 'active' }],
    });
    expect(
      buildWardSnapshot(makeData({ encounters: [waiting] }), now, 4).unplaced.map((u) => u.patient.encounterId),
    ).toEqual(['enc1']);
  });

  it('should show no initials on a bed-only ward', () => {
    const snapshot = buildWardSnapshot(makeData({ ward: { ...ward, displayLabel: 'bed-only' } }), now, 4);
    expect(snapshot.beds[0]?.patient).toMatchObject({ initials: null, sameInitialsAs: [] });
  });
});

describe('buildWardSnapshot: every field the wall display needs (docs/design.md section 6)', () => {
  const enc = { reference: 'Encounter/enc1' };
  const subject = { reference: 'Patient/p1' };
  const fullData = (): WardFhirData =>
    makeData({
      observations: [
        ...makeData().observations,
        {
          resourceType: 'Observation',
          id: 'lvl',
          status: 'final',
          code: { text: 'Observation level' },
          valueCodeableConcept: {
            coding: [{ system: 'https://fhir.wardflow.org/CodeSystem/observation-level', code: 'within-eyesight' }],
          },
          effectiveDateTime: '2026-11-21T08:00:00Z',
          encounter: enc,
          subject,
        },
        {
          resourceType: 'Observation',
          id: 'glu',
          status: 'final',
          code: { coding: [{ system: 'http://loinc.org', code: '15074-8' }] },
          valueQuantity: { value: 3.4, unit: 'mmol/L', system: 'http://unitsofmeasure.org', code: 'mmol/L' },
          effectiveDateTime: '2026-11-21T09:10:00Z',
          encounter: enc,
          subject,
        },
      ],
      flags: [
        {
          resourceType: 'Flag',
          id: 'mha',
          status: 'active',
          code: {
            coding: [
              {
                system: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-LegalStatusClassificationEngland',
                code: '03',
                display: 'Formally detained under Mental Health Act Section 3',
              },
            ],
          },
          period: { start: '2026-11-01T00:00:00Z' },
          encounter: enc,
          subject,
        },
        {
          resourceType: 'Flag',
          id: 'falls',
          status: 'active',
          code: { coding: [{ system: SYSTEMS.snomed, code: '129839007' }] },
          encounter: enc,
          subject,
        },
        {
          resourceType: 'Flag',
          id: 'awol',
          status: 'active',
          code: { coding: [{ system: 'https://fhir.wardflow.org/CodeSystem/ward-flag', code: 'awol' }] },
          period: { start: '2026-11-21T09:30:00Z' },
          encounter: enc,
          subject,
        },
      ],
      tasks: [
        {
          resourceType: 'Task',
          id: 't1',
          status: 'requested',
          intent: 'order',
          code: { coding: [{ system: 'https://fhir.wardflow.org/CodeSystem/delay-kind', code: 'transport' }] },
          description: 'Transport home',
          restriction: { period: { end: '2026-11-21T08:00:00Z' } },
          encounter: enc,
          for: subject,
        },
      ],
      carePlans: [
        {
          resourceType: 'CarePlan',
          id: 'cp1',
          status: 'active',
          intent: 'plan',
          subject,
          encounter: enc,
          period: { start: '2026-11-10T00:00:00Z' },
        },
      ],
    });

  it('should carry observation level, MHA section, falls risk, low glucose, AWOL, care plan review and delays', () => {
    const patient = buildWardSnapshot(fullData(), now, 4).beds[0]?.patient;
    expect(patient).toMatchObject({
      observationLevel: { level: 'within-eyesight', since: '2026-11-21T08:00:00.000Z' },
      mentalHealthAct: {
        code: '03',
        label: 'Formally detained under Mental Health Act Section 3',
        since: '2026-11-01T00:00:00.000Z',
      },
      fallsRisk: { flagged: true },
      glucose: { mmolPerL: 3.4, low: true, observedAt: '2026-11-21T09:10:00.000Z' },
      awol: { since: '2026-11-21T09:30:00.000Z' },
      carePlanReview: { dueAt: '2026-11-17T00:00:00.000Z', overdue: true },
      delays: [{ kind: 'transport', description: 'Transport home', dueAt: '2026-11-21T08:00:00.000Z', overdue: true }],
      dataErrors: [],
    });
  });

  it('should leave the Mental Health Act section off the board of a ward that hides it', () => {
    const data = fullData();
    const patient = buildWardSnapshot({ ...data, ward: { ...data.ward, showMentalHealthAct: false } }, now, 4).beds[0]
      ?.patient;
    expect(patient?.mentalHealthAct).toBeNull();
  });
});

describe('buildWardSnapshot: nobody disappears', () => {
  it('should list an inpatient with no current bed as unplaced, with the reason', () => {
    const bedless = makeEncounter('enc3', 'p1', 'bed99');
    const snapshot = buildWardSnapshot(makeData({ encounters: [bedless] }), now, 4);
    expect(snapshot.unplaced).toEqual([
      {
        patient: expect.objectContaining({ encounterId: 'enc3', initials: 'J.S.' }),
        reason: 'No current bed on this ward in the FHIR record',
      },
    ]);
    expect(snapshot.dataQuality.unplacedPatients).toBe(1);
  });

  it('should keep both patients visible when two claim one bed mid-swap, the later claim in the bed', () => {
    const earlier = makeEncounter('enc1', 'p1', 'bed1');
    const later = makeEncounter('enc2', 'p2', 'bed1');
    (later.location ?? [])[1] = {
      location: { reference: 'Location/bed1' },
      status: 'active',
      period: { start: '2026-11-21T09:00:00Z' },
    };
    const snapshot = buildWardSnapshot(makeData({ encounters: [earlier, later] }), now, 4);
    const bed1 = snapshot.beds.find((b) => b.id === 'bed1');
    expect(bed1?.patient?.encounterId).toBe('enc2');
    expect(bed1?.patient?.dataErrors).toEqual(['Bed 1 is also recorded for another patient']);
    expect(snapshot.unplaced).toEqual([
      {
        patient: expect.objectContaining({ encounterId: 'enc1' }),
        reason: 'Recorded in Bed 1, which another patient holds',
      },
    ]);
    expect(snapshot.dataQuality).toMatchObject({ unplacedPatients: 1, patientsWithErrors: 1 });
  });

  it('should show a patient whose Patient resource is missing as a data error, not drop them', () => {
    const snapshot = buildWardSnapshot(makeData({ patients: [makePatient('p2', 'John', 'Stone')] }), now, 4);
    expect(snapshot.beds[0]?.patient).toMatchObject({
      initials: '?',
      dataErrors: ['Patient record missing from FHIR'],
    });
  });

  it('should not fall back to an older score when the newest NEWS2 is invalid, and say why (CS-7)', () => {
    const bad = makeNews2('o9', 'enc1', 42, '2026-11-21T09:45:00Z');
    const snapshot = buildWardSnapshot(makeData({ observations: [...makeData().observations, bad] }), now, 4);
    expect(snapshot.beds[0]?.patient?.news2).toBeNull();
    expect(snapshot.beds[0]?.patient?.dataErrors).toEqual([
      'NEWS2 not shown: NEWS2 total missing or not an integer 0-20',
    ]);
    expect(snapshot.dataQuality.patientsWithErrors).toBe(1);
  });

  it('should count readings with no time or a future time against their patient', () => {
    const future = makeNews2('o8', 'enc1', 2, '2026-11-21T12:00:00Z');
    const snapshot = buildWardSnapshot(makeData({ observations: [...makeData().observations, future] }), now, 4);
    expect(snapshot.beds[0]?.patient?.dataErrors).toEqual(['1 reading could not be read']);
    expect(snapshot.beds[0]?.patient?.news2?.score).toBe(6);
    expect(snapshot.dataQuality.rejectedResources).toBe(1);
  });
});

describe('bedStatusOf', () => {
  it.each([
    ['O', 'occupied'],
    ['U', 'free'],
    ['H', 'cleaning'],
    ['C', 'closed'],
    ['I', 'isolated'],
    ['K', 'contaminated'],
  ] as const)('should map v2-0116 %s to %s', (code, status) => {
    expect(bedStatusOf(makeBed('b', code))).toBe(status);
  });

  const withStatus = (operationalStatus: unknown) =>
    ({ ...makeBed('b'), operationalStatus }) as unknown as ReturnType<typeof makeBed>;
  it.each<[string, unknown, string, string | undefined]>([
    ['an unknown v2-0116 code', { system: SYSTEMS.v2BedStatus, code: 'X' }, 'unknown', `${SYSTEMS.v2BedStatus}|X`],
    ['a lower-case code', { system: SYSTEMS.v2BedStatus, code: 'u' }, 'unknown', `${SYSTEMS.v2BedStatus}|u`],
    [
      'a local code system',
      { system: 'https://pas.example.nhs.uk/bed-state', code: 'AVAIL' },
      'unknown',
      'https://pas.example.nhs.uk/bed-state|AVAIL',
    ],
    ['a code with no system', { code: 'U' }, 'unknown', '(no system)|U'],
    [
      'a code that is not a string',
      { system: SYSTEMS.v2BedStatus, code: 7 },
      'unknown',
      `${SYSTEMS.v2BedStatus}|(no code)`,
    ],
    [
      'a code inherited from Object',
      { system: SYSTEMS.v2BedStatus, code: 'constructor' },
      'unknown',
      `${SYSTEMS.v2BedStatus}|constructor`,
    ],
    ['a Coding that is a string', 'U', 'unknown', 'unreadable'],
    ['the STU3 system URL', { system: 'http://hl7.org/fhir/v2/0116', code: 'U' }, 'free', undefined],
    ['no operationalStatus at all', undefined, 'free', undefined],
  ])('should read %s as %s, never guessing free', (_case, operationalStatus, status, unreadable) => {
    const bed = withStatus(operationalStatus);
    expect(readBedStatus(bed)).toEqual(unreadable === undefined ? { status } : { status, unreadable });
  });

  it('should show an empty bed with an unreadable status as unknown on the board, with the code sent', () => {
    const odd = withStatus({ system: 'https://pas.example.nhs.uk/bed-state', code: 'AVAIL' });
    const snapshot = buildWardSnapshot(
      makeData({ beds: [{ ...odd, id: 'bed9', name: 'Bed 9' }], encounters: [] }),
      now,
      4,
    );
    expect(snapshot.beds[0]).toMatchObject({
      status: 'unknown',
      unreadableStatus: 'https://pas.example.nhs.uk/bed-state|AVAIL',
    });
    expect(snapshot.census).toMatchObject({ beds: 1, free: 0, unknown: 1 });
  });

  it("should read a PAS's own bed-state code as the status the trust maps it to, and any other as unknown", () => {
    const local = (code: string) => withStatus({ system: 'https://pas.example.nhs.uk/bed-state', code });
    const mapped = new Map([['https://pas.example.nhs.uk/bed-state|AVL', 'free' as const]]);
    expect(readBedStatus(local('AVL'), mapped)).toEqual({ status: 'free' });
    expect(readBedStatus(local('DC'), mapped)).toEqual({
      status: 'unknown',
      unreadable: 'https://pas.example.nhs.uk/bed-state|DC',
    });
    // v2-0116 still wins: a mapping cannot make an occupied bed free.
    expect(readBedStatus(makeBed('b', 'O'), new Map([[`${SYSTEMS.v2BedStatus}|O`, 'free' as const]]))).toEqual({
      status: 'occupied',
    });
  });

  it('should count isolated and contaminated beds apart from closed ones', () => {
    const snapshot = buildWardSnapshot(
      makeData({ beds: [makeBed('bed1', 'I'), makeBed('bed2', 'K'), makeBed('bed3', 'C')], encounters: [] }),
      now,
      4,
    );
    expect(snapshot.beds.map((b) => b.status)).toEqual(['isolated', 'contaminated', 'closed']);
    expect(snapshot.census).toMatchObject({ closed: 1, isolated: 1, contaminated: 1, free: 0 });
  });

  it('should read reserved and blocked from the local extension', () => {
    expect(bedStatusOf(makeBed('b', 'U', { extension: [{ url: EXTENSIONS.bedStatus, valueCode: 'reserved' }] }))).toBe(
      'reserved',
    );
  });
});

describe('wardFromLocation', () => {
  it('should make a psychiatric unit a mental-health ward', () => {
    const ward = wardFromLocation(
      {
        resourceType: 'Location',
        id: 'w',
        name: 'Cedar',
        type: [{ coding: [{ system: SYSTEMS.v3RoleCode, code: 'PHU' }] }],
      },
      { id: 's', name: 'Site' },
    );
    expect(ward).toMatchObject({ id: 'w', name: 'Cedar', profile: 'mental-health', siteId: 's' });
  });
});
