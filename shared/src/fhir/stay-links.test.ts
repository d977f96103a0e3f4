import type { Encounter, Observation } from '@medplum/fhirtypes';
import { makeEncounter } from './fhir.builders.js';
import { groupByStay, stayOf, wardStays } from './stay-links.js';

const reading = (id: string, links: { encounter?: string; patient?: string; for?: string }): Observation =>
  ({
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { text: 'x' },
    ...(links.encounter === undefined ? {} : { encounter: { reference: `Encounter/${links.encounter}` } }),
    ...(links.patient === undefined ? {} : { subject: { reference: `Patient/${links.patient}` } }),
    ...(links.for === undefined ? {} : { for: { reference: `Patient/${links.for}` } }),
  }) as Observation;

const stays = wardStays([
  makeEncounter('enc-1', 'pat-1', 'bed-1'),
  makeEncounter('enc-2', 'pat-2', 'bed-2'),
  // pat-3 has two current stays recorded on the ward: the later admission wins.
  makeEncounter('enc-3a', 'pat-3', 'bed-3', { period: { start: '2026-11-01T10:00:00Z' } }),
  makeEncounter('enc-3b', 'pat-3', 'bed-4', { period: { start: '2026-11-20T10:00:00Z' } }),
]);

describe('stayOf: which current stay on the ward a resource belongs to', () => {
  it.each<[string, Parameters<typeof reading>[1], string | null]>([
    ['linked to a current encounter of the ward', { encounter: 'enc-1', patient: 'pat-1' }, 'enc-1'],
    ['linked to the encounter only', { encounter: 'enc-2' }, 'enc-2'],
    ['naming only the patient (e-obs, devices)', { patient: 'pat-1' }, 'enc-1'],
    ['a Task naming the patient in `for`', { for: 'pat-2' }, 'enc-2'],
    [
      'linked to an encounter on another ward, though the patient is here',
      { encounter: 'enc-elsewhere', patient: 'pat-1' },
      null,
    ],
    ['naming a patient not on this ward', { patient: 'pat-9' }, null],
    ['naming neither', {}, null],
    ['patient only, two stays recorded: the latest admission', { patient: 'pat-3' }, 'enc-3b'],
  ])('%s', (_name, links, expected) => {
    expect(stayOf(reading('o', links), stays)).toBe(expected);
  });

  it('reads absolute references and the older `context` link', () => {
    const absolute = {
      resourceType: 'Observation',
      subject: { reference: 'https://fhir.example.nhs.uk/R4/Patient/pat-2' },
    } as Observation;
    expect(stayOf(absolute, stays)).toBe('enc-2');
    expect(stayOf({ resourceType: 'Flag', context: { reference: 'Encounter/enc-1' } }, stays)).toBe('enc-1');
  });

  it('reads a versioned encounter link, and attaches one it cannot read to no stay rather than guess', () => {
    expect(stayOf({ resourceType: 'Observation', encounter: { reference: 'Encounter/enc-1/_history/3' } }, stays)).toBe(
      'enc-1',
    );
    const identifierOnly = {
      resourceType: 'Observation',
      subject: { reference: 'Patient/pat-1' },
      encounter: { identifier: { system: 'https://pas.example.nhs.uk/spell', value: 'S123' } },
    };
    expect(stayOf(identifierOnly, stays)).toBeNull();
  });

  it('never throws on hostile shapes', () => {
    for (const odd of [
      null,
      42,
      'x',
      { subject: 'Patient/pat-1' },
      { encounter: { reference: 7 } },
      { subject: { reference: 'Patient/' } },
    ])
      expect(stayOf(odd, stays)).toBeNull();
  });
});

describe('groupByStay', () => {
  it('groups by stay and leaves out what belongs to none', () => {
    const groups = groupByStay(
      [reading('a', { patient: 'pat-1' }), reading('b', { encounter: 'enc-1' }), reading('c', { encounter: 'enc-x' })],
      stays,
    );
    expect([...groups].map(([stay, list]) => [stay, list.map((r) => r.id)])).toEqual([['enc-1', ['a', 'b']]]);
  });

  it('an encounter without an id is not a stay', () => {
    const noId = { ...makeEncounter('x', 'pat-5', 'bed-5') } as Encounter;
    delete noId.id;
    expect(wardStays([noId]).stayOfPatient.size).toBe(0);
  });
});
