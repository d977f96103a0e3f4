import type { Encounter, Flag, Patient } from '@medplum/fhirtypes';
import {
  ARRIVAL_SYSTEMS,
  DEFAULT_EXPECTED_ARRIVAL_RULES,
  PLANNED_START_EXTENSION,
  bedsThatFit,
  expectedArrivalRulesWith,
  expectedArrivals,
  type ArrivalInput,
  type BedForMatching,
} from './expected-arrivals.js';
import { INFECTION_SYSTEMS } from './infection.js';

const now = Date.parse('2026-12-07T10:00:00Z');
const HOUR = 3_600_000;
const at = (hours: number) => new Date(now + hours * HOUR).toISOString();

function bed(id: string, extra: Partial<BedForMatching> = {}): BedForMatching {
  return {
    id,
    label: id.replace('bed-', 'Bed '),
    area: 'Bay A',
    status: 'free',
    areaSex: null,
    sideRoom: false,
    baySexesNow: new Set(),
    ...extra,
  };
}

const patient = (id: string, gender?: Patient['gender']): Patient => ({
  resourceType: 'Patient',
  id,
  ...(gender === undefined ? {} : { gender }),
  name: [{ given: ['Ada'], family: 'Lovelace' }],
});

function planned(id: string, extra: Partial<Encounter> = {}, entry: Record<string, unknown> = {}): Encounter {
  return {
    resourceType: 'Encounter',
    id,
    status: 'planned',
    class: { code: 'IMP' },
    subject: { reference: `Patient/p-${id}` },
    location: [{ location: { reference: 'Location/ward-4b' }, status: 'planned', ...entry }],
    ...extra,
  } as Encounter;
}

function transfer(id: string, entry: Record<string, unknown> = {}, from: Record<string, unknown> = {}): Encounter {
  return {
    resourceType: 'Encounter',
    id,
    status: 'in-progress',
    class: { code: 'IMP' },
    subject: { reference: `Patient/p-${id}` },
    period: { start: at(-48) },
    location: [
      { location: { reference: 'Location/ward-3a-bed-2', display: 'Ward 3A Bed 2' }, status: 'active', ...from },
      { location: { reference: 'Location/ward-4b' }, status: 'planned', ...entry },
    ],
  } as Encounter;
}

const ukSource = (code: string) => ({ coding: [{ system: ARRIVAL_SYSTEMS.ukSourceOfAdmission, code }] });
const hl7Source = (code: string) => ({ coding: [{ system: ARRIVAL_SYSTEMS.admitSource, code }] });

function input(encounters: Encounter[], extra: Partial<ArrivalInput> = {}): ArrivalInput {
  const ids = encounters.map((e) => e.subject?.reference?.split('/')[1] ?? '');
  return {
    wardId: 'ward-4b',
    placeIds: new Set(['bay-a', 'side-1', 'bed-1', 'bed-2', 'bed-3']),
    beds: [bed('bed-1'), bed('bed-2'), bed('bed-3', { area: 'Side room 1', sideRoom: true })],
    encounters,
    patients: new Map(ids.map((id) => [id, patient(id, 'female')])),
    flags: [],
    wardNames: new Map([['ward-3a', 'Ward 3A']]),
    ...extra,
  };
}

const one = (encounters: Encounter[], extra: Partial<ArrivalInput> = {}, rules = DEFAULT_EXPECTED_ARRIVAL_RULES) =>
  expectedArrivals(input(encounters, extra), rules, now);

describe('expectedArrivals: who is coming, from where and when', () => {
  it.each<[string, Encounter, { kind: string; from: string | null; expectedAt: string | null }]>([
    [
      'a planned admission from ED, time from plannedStartDate',
      planned('e1', {
        hospitalization: { admitSource: hl7Source('emd') },
        extension: [{ url: PLANNED_START_EXTENSION, valueDateTime: at(4.5) }],
      }),
      { kind: 'admission', from: 'ED', expectedAt: at(4.5) },
    ],
    [
      'an admission with its origin named (origin wins over the admit source)',
      planned('e1', {
        hospitalization: { origin: { display: 'Emergency Department' }, admitSource: hl7Source('gp') },
        period: { start: at(2) },
      }),
      { kind: 'admission', from: 'Emergency Department', expectedAt: at(2) },
    ],
    [
      'a UK Core source of admission (51: another hospital)',
      planned('e1', { hospitalization: { admitSource: ukSource('51') } }, { period: { start: at(1) } }),
      { kind: 'admission', from: 'another hospital', expectedAt: at(1) },
    ],
    [
      'an admit source nobody mapped: its own words',
      planned('e1', {
        hospitalization: {
          admitSource: { coding: [{ system: 'urn:pas', code: 'X9', display: 'Direct from clinic' }] },
        },
      }),
      { kind: 'admission', from: 'Direct from clinic', expectedAt: null },
    ],
    [
      'in ED awaiting a bed (arrived), nothing about the source',
      planned('e1', { status: 'arrived' }),
      { kind: 'admission', from: null, expectedAt: null },
    ],
    [
      'a transfer in from a ward named by its display, time from the planned entry',
      transfer('e1', { period: { start: at(1) } }),
      { kind: 'transfer', from: 'Ward 3A Bed 2', expectedAt: at(1) },
    ],
    [
      'a transfer from a known ward whose reference has no display',
      transfer('e1', {}, { location: { reference: 'Location/ward-3a' } }),
      { kind: 'transfer', from: 'Ward 3A', expectedAt: null },
    ],
    [
      'a transfer into a reserved bed',
      transfer('e1', { status: 'reserved', location: { reference: 'Location/bed-2' } }),
      { kind: 'transfer', from: 'Ward 3A Bed 2', expectedAt: null },
    ],
  ])('%s', (_name, encounter, want) => {
    const [arrival] = one([encounter]);
    expect(arrival).toMatchObject({ ...want, encounterId: 'e1', problems: [] });
  });

  it.each<[string, Encounter]>([
    [
      'a current stay on this ward (a bed move is not an arrival)',
      transfer('e1', {}, { location: { reference: 'Location/bed-1' } }),
    ],
    ['a transfer whose planned entry here has ended (cancelled)', transfer('e1', { period: { end: at(-1) } })],
    ['a current stay elsewhere with an active entry here only in the past', transfer('e1', { status: 'completed' })],
    ['a cancelled admission', planned('e1', { status: 'cancelled' })],
    ['a finished stay', { ...transfer('e1'), status: 'finished' }],
    ['an admission to another ward', planned('e1', {}, { location: { reference: 'Location/ward-9' } })],
    [
      'an elective admission beyond the 24 h horizon',
      planned('e1', { extension: [{ url: PLANNED_START_EXTENSION, valueDateTime: at(30) }] }),
    ],
  ])('not expected: %s', (_name, encounter) => {
    expect(one([encounter])).toEqual([]);
  });

  it('is late once the configured minutes have passed, and still listed', () => {
    const e = planned('e1', { period: { start: at(-1.5) } });
    expect(one([e])[0]?.late).toBe(true);
    expect(one([e], {}, expectedArrivalRulesWith({ lateAfterMinutes: 120 }))[0]?.late).toBe(false);
    expect(one([planned('e1', { period: { start: at(-0.5) } })])[0]?.late).toBe(false);
  });

  it('a trust can map its own admit source and widen the horizon', () => {
    const rules = expectedArrivalRulesWith({ horizonHours: 48, admitSources: { 'urn:pas|ED': 'A&E' } });
    const e = planned('e1', {
      hospitalization: { admitSource: { coding: [{ system: 'urn:pas', code: 'ED' }] } },
      period: { start: at(30) },
    });
    expect(one([e], {}, rules)[0]).toMatchObject({ from: 'A&E', expectedAt: at(30) });
  });

  it('an unreadable time is a problem shown with the arrival, and the next source is used', () => {
    const e = planned(
      'e1',
      { extension: [{ url: PLANNED_START_EXTENSION, valueDateTime: 'tomorrow-ish' }] },
      { period: { start: at(3) } },
    );
    expect(one([e])[0]).toMatchObject({ expectedAt: at(3), problems: ['Expected time unreadable: tomorrow-ish'] });
  });

  it('a missing patient record is said, and the sex is unknown (null)', () => {
    const [arrival] = one([planned('e1')], { patients: new Map() });
    expect(arrival).toMatchObject({ sex: null, initials: null, problems: ['Patient record missing from FHIR'] });
  });

  it('soonest first, no time last; each encounter once', () => {
    const list = one([
      planned('late', { period: { start: at(5) } }),
      planned('none'),
      planned('soon', { period: { start: at(1) } }),
      planned('soon', { period: { start: at(1) } }),
    ]);
    expect(list.map((a) => a.encounterId)).toEqual(['soon', 'late', 'none']);
  });

  it('reads isolation and alerts from the expected patient’s Flags only', () => {
    const flag = (patientId: string, system: string, code: string): Flag => ({
      resourceType: 'Flag',
      status: 'active',
      code: { coding: [{ system, code }] },
      subject: { reference: `Patient/${patientId}` },
    });
    const [arrival] = one([planned('e1')], {
      flags: [
        flag('p-e1', INFECTION_SYSTEMS.isolation, 'contact'),
        flag('p-e1', INFECTION_SYSTEMS.alert, 'c-difficile'),
        flag('someone-else', INFECTION_SYSTEMS.alert, 'mrsa'),
      ],
    });
    expect(arrival).toMatchObject({ isolation: 'contact', alerts: ['C. diff'] });
    expect(arrival?.fits.map((f) => f.bedId)).toEqual(['bed-3']);
  });

  it('two arrivals holding one bed: the sooner keeps it, the other is told', () => {
    const list = one([
      transfer('a', { location: { reference: 'Location/bed-2' }, period: { start: at(1) } }),
      transfer('b', { location: { reference: 'Location/bed-2' }, period: { start: at(2) } }),
    ]);
    expect(list[0]).toMatchObject({ heldBedId: 'bed-2', problems: [] });
    expect(list[0]?.fits[0]).toMatchObject({ bedId: 'bed-2', note: 'held for them' });
    expect(list[1]).toMatchObject({ heldBedId: null, problems: ['Bed 2 is held for another expected patient too'] });
    expect(list[1]?.fits.map((f) => f.bedId)).not.toContain('bed-2');
  });

  it('a held bed that is occupied is a problem, and other beds are offered', () => {
    const [arrival] = one([transfer('a', { location: { reference: 'Location/bed-2' } })], {
      beds: [bed('bed-1'), bed('bed-2', { status: 'occupied' })],
    });
    expect(arrival?.problems).toEqual(['Bed 2, held for them, is occupied']);
    expect(arrival?.fits.map((f) => f.bedId)).toEqual(['bed-1']);
  });
});

type Needs = Parameters<typeof bedsThatFit>[0];

describe('bedsThatFit: same-sex accommodation and side rooms', () => {
  const woman: Needs = { sex: 'female', isolation: null, heldBedId: null };
  const none = new Set<string>();
  it.each<[string, Needs, BedForMatching[], string[], string | null]>([
    ['a free bed in an empty bay', woman, [bed('bed-1')], ['bed-1'], null],
    ['a bay recorded for men', woman, [bed('bed-1', { areaSex: 'male' })], [], 'No free bed in a bay for women'],
    ['a bay recorded for women', woman, [bed('bed-1', { areaSex: 'female' })], ['bed-1'], null],
    ['a bay recorded mixed', woman, [bed('bed-1', { areaSex: 'mixed' })], ['bed-1'], null],
    [
      'an unrecorded bay with men in it now',
      woman,
      [bed('bed-1', { baySexesNow: new Set(['male']) })],
      [],
      'No free bed in a bay for women',
    ],
    [
      'an unrecorded bay with women in it now',
      woman,
      [bed('bed-1', { baySexesNow: new Set(['female']) })],
      ['bed-1'],
      null,
    ],
    [
      'an unrecorded bay already holding both',
      woman,
      [bed('bed-1', { baySexesNow: new Set(['male', 'female']) })],
      [],
      'No free bed in a bay for women',
    ],
    [
      'a side room in a bay for men takes anyone',
      woman,
      [bed('bed-1', { sideRoom: true, areaSex: 'male' })],
      ['bed-1'],
      null,
    ],
    [
      'no free bed at all',
      woman,
      [bed('bed-1', { status: 'cleaning' }), bed('bed-2', { status: 'occupied' })],
      [],
      'No free bed on the ward',
    ],
    [
      'a closed or unknown bed is not free',
      woman,
      [bed('bed-1', { status: 'closed' }), bed('bed-2', { status: 'unknown' })],
      [],
      'No free bed on the ward',
    ],
    [
      'isolation needs a side room',
      { sex: 'male', isolation: 'contact', heldBedId: null },
      [bed('bed-1'), bed('bed-2', { sideRoom: true })],
      ['bed-2'],
      null,
    ],
    [
      'isolation with no side room free',
      { sex: 'male', isolation: 'contact', heldBedId: null },
      [bed('bed-1')],
      [],
      'No side room free for isolation',
    ],
    [
      'side rooms last for those who do not need one',
      woman,
      [bed('bed-1', { sideRoom: true }), bed('bed-2')],
      ['bed-2', 'bed-1'],
      null,
    ],
    [
      'the held bed first, even when its status is reserved',
      { sex: 'female', isolation: null, heldBedId: 'bed-2' },
      [bed('bed-1'), bed('bed-2', { status: 'reserved' })],
      ['bed-2', 'bed-1'],
      null,
    ],
    [
      'sex not recorded: fits, with a note',
      { sex: 'unknown', isolation: null, heldBedId: null },
      [bed('bed-1', { areaSex: 'male' })],
      ['bed-1'],
      null,
    ],
  ])('%s', (_name, patientNeeds, beds, want, noFit) => {
    const result = bedsThatFit(patientNeeds, beds, none);
    expect(result.fits.map((f) => f.bedId)).toEqual(want);
    expect(result.noFit).toBe(noFit);
  });

  it('notes what the bed manager should check', () => {
    const result = bedsThatFit(
      { sex: 'other', isolation: null, heldBedId: 'bed-1' },
      [bed('bed-1', { areaSex: 'female' }), bed('bed-2', { sideRoom: true })],
      none,
    );
    expect(result.fits.map((f) => f.note)).toEqual(['held for them, sex not recorded: bay for women', 'side room']);
  });

  it('a bed held for someone else is not offered', () => {
    expect(bedsThatFit(woman, [bed('bed-1'), bed('bed-2')], new Set(['bed-1'])).fits.map((f) => f.bedId)).toEqual([
      'bed-2',
    ]);
  });
});
