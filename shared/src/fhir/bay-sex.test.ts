import type { Location } from '@medplum/fhirtypes';
import { makeWard } from '../testing/board.builders.js';
import { makeBed, makeEncounter, makePatient, makeWardFhirData } from './fhir.builders.js';
import { EXTENSIONS, SYSTEMS } from './fhir-codes.js';
import { baySexOf } from './location-hierarchy.js';
import { buildWardSnapshot } from './normalise-ward.js';

const now = Date.parse('2026-11-21T10:00:00Z');
const ward = makeWard({ id: 'ward-a' });

function bay(id: string, sex: string | undefined): Location {
  return {
    resourceType: 'Location',
    id,
    name: `Bay ${id}`,
    status: 'active',
    physicalType: { coding: [{ system: SYSTEMS.locationPhysicalType, code: 'ro' }] },
    partOf: { reference: 'Location/ward-a' },
    ...(sex === undefined ? {} : { extension: [{ url: EXTENSIONS.baySex, valueCode: sex }] }),
  };
}

describe('bay sex', () => {
  it.each<[string | undefined, string | null]>([
    ['male', 'male'],
    ['female', 'female'],
    ['mixed', 'mixed'],
    [' Female ', 'female'],
    ['M', null],
    ['', null],
    [undefined, null],
  ])('should read the extension %p as %p', (value, sex) => {
    expect(baySexOf(bay('A', value))).toBe(sex);
  });

  function snapshotWith(
    patientGender: 'male' | 'female' | 'other' | undefined,
    baySex: string | undefined,
    bedSex?: string,
  ) {
    const bed = makeBed('bed1', 'O', {
      partOf: { reference: 'Location/A' },
      ...(bedSex === undefined ? {} : { extension: [{ url: EXTENSIONS.baySex, valueCode: bedSex }] }),
    });
    const patient = {
      ...makePatient('p1', 'Jane', 'Smith'),
      ...(patientGender === undefined ? {} : { gender: patientGender }),
    };
    return buildWardSnapshot(
      makeWardFhirData({
        ward,
        beds: [bay('A', baySex), bed, makeBed('bed2', 'U', { partOf: { reference: 'Location/A' } })],
        encounters: [makeEncounter('enc1', 'p1', 'bed1')],
        patients: [patient],
      }),
      now,
      1,
    );
  }

  it.each<[string, 'male' | 'female' | 'other' | undefined, string | undefined, string | undefined, boolean]>([
    ['a woman in a female bay', 'female', 'female', undefined, false],
    ['a woman in a male bay', 'female', 'male', undefined, true],
    ['a man in a mixed bay', 'male', 'mixed', undefined, false],
    ['a patient of other gender in a male bay', 'other', 'male', undefined, false],
    ['a patient with no gender recorded in a male bay', undefined, 'male', undefined, false],
    ['a man in a bay with no sex recorded', 'male', undefined, undefined, false],
    ['a man in a side room marked female inside a male bay', 'male', 'male', 'female', true],
  ])('should mark %s as a breach: %p', (_case, gender, baySex, bedSex, breach) => {
    const [occupied, empty] = snapshotWith(gender, baySex, bedSex).beds;
    expect(occupied?.sexMismatch ?? false).toBe(breach);
    expect(occupied?.areaSex).toBe(bedSex ?? baySex ?? null);
    expect(empty?.areaSex).toBe(baySex ?? null);
    expect(empty?.sexMismatch).toBeUndefined();
    // The board says whom the bay is for; it never carries the patient's gender itself.
    expect(JSON.stringify(occupied?.patient)).not.toMatch(/"gender"|"male"|"female"/);
  });
});
