/**
 * Shapes real trusts send that the simulator did not at first: beds under bays and rooms, and
 * readings that name only the patient (docs/design.md section 7).
 */
import type { Location, Observation } from '@medplum/fhirtypes';
import type { Ward } from '../ward.types.js';
import { GLUCOSE_LOINC } from './clinical-flags.js';
import { SYSTEMS } from './fhir-codes.js';
import { makeBed, makeEncounter, makeNews2, makePatient, makeWardFhirData } from './fhir.builders.js';
import { buildWardSnapshot, type WardFhirData } from './normalise-ward.js';
import { UCUM, LOINC } from './observation-rules.js';

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
const room = (id: string, name: string, extra: Partial<Location> = {}): Location => ({
  resourceType: 'Location',
  id,
  name,
  status: 'active',
  physicalType: { coding: [{ system: SYSTEMS.locationPhysicalType, code: 'ro' }] },
  partOf: { reference: 'Location/ward-a' },
  ...extra,
});
const inRoom = (bed: Location, roomId: string): Location => ({ ...bed, partOf: { reference: `Location/${roomId}` } });
const glucose = (id: string, mmol: number, at: string, links: Partial<Observation>): Observation => ({
  resourceType: 'Observation',
  id,
  status: 'final',
  code: { coding: [{ system: LOINC, code: GLUCOSE_LOINC }] },
  effectiveDateTime: at,
  valueQuantity: { value: mmol, unit: 'mmol/L', system: UCUM, code: 'mmol/L' },
  ...links,
});

function data(overrides: Partial<WardFhirData>): WardFhirData {
  return makeWardFhirData({
    ward,
    beds: [],
    encounters: [],
    patients: [makePatient('p1', 'Jane', 'Smith'), makePatient('p2', 'John', 'Stone')],
    ...overrides,
  });
}

describe('beds under bays and rooms', () => {
  const beds = [
    room('bay-a', 'Bay A'),
    room('side-1', 'Side room 1'),
    inRoom(makeBed('bed1', 'O'), 'bay-a'),
    inRoom(makeBed('bed2', 'U'), 'bay-a'),
    inRoom(makeBed('bed3', 'U'), 'side-1'),
  ];

  it('lists every bed flat, with its bay or room, and puts patients in them', () => {
    const snapshot = buildWardSnapshot(data({ beds, encounters: [makeEncounter('enc1', 'p1', 'bed1')] }), now, 3);
    expect(snapshot.beds.map((b) => [b.label, b.area, b.status, b.patient?.initials ?? null])).toEqual([
      ['Bed 1', 'Bay A', 'occupied', 'J.S.'],
      ['Bed 2', 'Bay A', 'free', null],
      ['Bed 3', 'Side room 1', 'free', null],
    ]);
    expect(snapshot.census).toMatchObject({ beds: 3, occupied: 1, free: 2 });
  });

  it('a patient recorded in a bay with no bed is on the ward, shown as unplaced with where they are', () => {
    const inBay = makeEncounter('enc2', 'p2', 'bay-a');
    const snapshot = buildWardSnapshot(data({ beds, encounters: [inBay] }), now, 3);
    expect(snapshot.unplaced.map((u) => [u.patient.initials, u.reason])).toEqual([
      ['J.S.', 'In Bay A, with no bed recorded in the FHIR record'],
    ]);
  });

  it('a closed bay shows its empty beds as closed', () => {
    const closedBay = [room('bay-a', 'Bay A', { status: 'inactive' }), ...beds.slice(1)];
    const snapshot = buildWardSnapshot(
      data({ beds: closedBay, encounters: [makeEncounter('enc1', 'p1', 'bed1')] }),
      now,
      3,
    );
    expect(snapshot.beds.map((b) => [b.label, b.status])).toEqual([
      ['Bed 1', 'occupied'],
      ['Bed 2', 'closed'],
      ['Bed 3', 'free'],
    ]);
  });
});

describe('readings that name only the patient', () => {
  const beds = [makeBed('bed1', 'O'), makeBed('bed2', 'O')];
  const encounters = [makeEncounter('enc1', 'p1', 'bed1'), makeEncounter('enc2', 'p2', 'bed2')];

  it('shows the NEWS2 and the low glucose of a patient whose readings have no encounter', () => {
    const snapshot = buildWardSnapshot(
      data({
        beds,
        encounters,
        observations: [
          makeNews2('n1', 'unused', 6, '2026-11-21T09:00:00Z', {
            encounter: undefined,
            subject: { reference: 'Patient/p1' },
          }),
          glucose('g1', 3.1, '2026-11-21T09:10:00Z', { subject: { reference: 'Patient/p1' } }),
        ],
      }),
      now,
      3,
    );
    const patient = snapshot.beds[0]?.patient;
    expect(patient?.news2).toMatchObject({ score: 6, band: 'medium' });
    expect(patient?.glucose).toMatchObject({ mmolPerL: 3.1, low: true });
    expect(snapshot.beds[1]?.patient?.news2).toBeNull();
  });

  it("does not show here a reading linked to the same patient's stay on another ward", () => {
    const elsewhere = makeNews2('n1', 'enc-on-ward-b', 8, '2026-11-21T09:00:00Z', {
      subject: { reference: 'Patient/p1' },
    });
    const snapshot = buildWardSnapshot(data({ beds, encounters, observations: [elsewhere] }), now, 3);
    expect(snapshot.beds[0]?.patient?.news2).toBeNull();
  });

  it('attaches a falls flag that names only the patient', () => {
    const snapshot = buildWardSnapshot(
      data({
        beds,
        encounters,
        flags: [
          {
            resourceType: 'Flag',
            id: 'f1',
            status: 'active',
            code: { coding: [{ system: SYSTEMS.snomed, code: '129839007', display: 'At risk for falls' }] },
            subject: { reference: 'Patient/p2' },
            period: { start: '2026-11-20T08:00:00Z' },
          },
        ],
      }),
      now,
      3,
    );
    expect(snapshot.beds[1]?.patient?.fallsRisk).not.toBeNull();
  });
});
