import type { Encounter, Location } from '@medplum/fhirtypes';
import { makeWard } from '../testing/board.builders.js';
import { composeBoard } from '../board.js';
import { EXTENSIONS, SYSTEMS } from './fhir-codes.js';
import { makeBed, makeEncounter, makePatient, makeWardFhirData } from './fhir.builders.js';
import { buildWardSnapshot, type WardFhirData } from './normalise-ward.js';
import { ARRIVAL_SYSTEMS, PLANNED_START_EXTENSION } from './expected-arrivals.js';

const now = Date.parse('2026-11-21T12:00:00Z');
const ward = makeWard({ id: 'ward-a', name: 'Ash', profile: 'acute' });

const room = (id: string, name: string, sex?: 'male' | 'female'): Location => ({
  resourceType: 'Location',
  id,
  name,
  status: 'active',
  physicalType: { coding: [{ system: SYSTEMS.locationPhysicalType, code: 'ro' }] },
  partOf: { reference: 'Location/ward-a' },
  ...(sex === undefined ? {} : { extension: [{ url: EXTENSIONS.baySex, valueCode: sex }] }),
});
const inRoom = (id: string, roomId: string, code: 'O' | 'U' = 'U') =>
  makeBed(id, code, { partOf: { reference: `Location/${roomId}` } });

// Bay A (no sex recorded) with a man in bed1; bed2 free beside him; side room bed3 free; Bay B for women, bed4 free.
const locations = [
  room('bay-a', 'Bay A'),
  room('side-1', 'Side room 1'),
  room('bay-b', 'Bay B', 'female'),
  inRoom('bed1', 'bay-a', 'O'),
  inRoom('bed2', 'bay-a'),
  inRoom('bed3', 'side-1'),
  inRoom('bed4', 'bay-b'),
  inRoom('bed5', 'bay-b', 'O'),
];

const fromEd: Encounter = {
  resourceType: 'Encounter',
  id: 'planned-1',
  status: 'planned',
  class: { system: SYSTEMS.v3ActCode, code: 'IMP' },
  subject: { reference: 'Patient/new-1' },
  hospitalization: { admitSource: { coding: [{ system: ARRIVAL_SYSTEMS.admitSource, code: 'emd' }] } },
  extension: [{ url: PLANNED_START_EXTENSION, valueDateTime: '2026-11-21T14:30:00Z' }],
  location: [{ location: { reference: 'Location/ward-a' }, status: 'planned' }],
};
const fromWard3a: Encounter = {
  ...makeEncounter('enc-3a', 'moving', 'elsewhere'),
  location: [
    { location: { reference: 'Location/ward-3a', display: 'Ward 3A' }, status: 'active' },
    { location: { reference: 'Location/bed3' }, status: 'reserved', period: { start: '2026-11-21T13:00:00Z' } },
  ],
};

function data(extra: Partial<WardFhirData> = {}): WardFhirData {
  const man = { ...makePatient('p1', 'Ali', 'Khan'), gender: 'male' as const };
  const woman = { ...makePatient('p5', 'Jo', 'Reed'), gender: 'female' as const };
  return makeWardFhirData({
    ward,
    beds: locations,
    encounters: [makeEncounter('enc1', 'p1', 'bed1'), makeEncounter('enc5', 'p5', 'bed5'), fromWard3a],
    patients: [
      man,
      woman,
      { ...makePatient('new-1', 'Rose', 'Tyler'), gender: 'female' },
      { ...makePatient('moving', 'Sam', 'Ng'), gender: 'male' },
    ],
    plannedEncounters: [fromEd],
    ...extra,
  });
}

describe('buildWardSnapshot: expected arrivals', () => {
  const snapshot = buildWardSnapshot(data(), now, 1);

  it('lists the planned admission and the transfer in, soonest first, with the beds that fit', () => {
    expect(snapshot.expected?.map((a) => [a.encounterId, a.kind, a.from, a.expectedAt])).toEqual([
      ['enc-3a', 'transfer', 'Ward 3A', '2026-11-21T13:00:00.000Z'],
      ['planned-1', 'admission', 'ED', '2026-11-21T14:30:00.000Z'],
    ]);
    const [transfer, admission] = snapshot.expected ?? [];
    // The man from Ward 3A has the side room held; Bay B is for women.
    expect(transfer?.fits.map((f) => [f.label, f.note])).toEqual([
      ['Bed 3', 'held for them, side room'],
      ['Bed 2', null],
    ]);
    // The woman from ED: not Bay A (a man is in it), not the side room held for the transfer.
    expect(admission?.fits.map((f) => f.label)).toEqual(['Bed 4']);
  });

  it('the patient moving in is not counted on the ward, nor as a movement', () => {
    expect(snapshot.census.occupied).toBe(2);
    // The two in beds were admitted inside the 72 h window; the one coming is neither.
    expect([snapshot.flow.admissions, snapshot.flow.transfersIn]).toEqual([2, 0]);
    expect(snapshot.unplaced).toEqual([]);
  });

  it('marks the side room and the bed held, and the wall board says where from and when, never who', () => {
    const bed3 = snapshot.beds.find((b) => b.id === 'bed3');
    expect(bed3).toMatchObject({
      sideRoom: true,
      heldFor: { kind: 'transfer', from: 'Ward 3A', expectedAt: '2026-11-21T13:00:00.000Z' },
    });
    expect(snapshot.beds.find((b) => b.id === 'bed2')?.sideRoom).toBeUndefined();
    const board = composeBoard(ward, { version: 1, snapshot, staleReason: null, lastPollOk: true }, now);
    expect(board.expected).toEqual([
      {
        kind: 'transfer',
        from: 'Ward 3A',
        expectedAt: '2026-11-21T13:00:00.000Z',
        late: false,
        bedLabel: 'Bed 3',
        needsSideRoom: false,
      },
      {
        kind: 'admission',
        from: 'ED',
        expectedAt: '2026-11-21T14:30:00.000Z',
        late: false,
        bedLabel: null,
        needsSideRoom: false,
      },
    ]);
    expect(JSON.stringify(board.expected)).not.toMatch(/Rose|Tyler|R\.T\.|new-1|female/);
  });

  it('says nothing about arrivals when they were not read (absent, not "none expected")', () => {
    const { plannedEncounters: _skip, ...rest } = data();
    expect(buildWardSnapshot(rest, now, 1).expected).toBeUndefined();
    const board = composeBoard(
      ward,
      { version: 1, snapshot: buildWardSnapshot(rest, now, 1), staleReason: null, lastPollOk: true },
      now,
    );
    expect(board.expected).toEqual([]);
  });
});
