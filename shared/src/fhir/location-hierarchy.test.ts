import type { Location } from '@medplum/fhirtypes';
import { SYSTEMS } from './fhir-codes.js';
import { makeBed } from './fhir.builders.js';
import { containersToSearch, MAX_LOCATION_DEPTH, wardTree } from './location-hierarchy.js';

function place(id: string, parent: string, code: string | null, extra: Partial<Location> = {}): Location {
  return {
    resourceType: 'Location',
    id,
    name: id.replace(/-/g, ' '),
    status: 'active',
    ...(code === null ? {} : { physicalType: { coding: [{ system: SYSTEMS.locationPhysicalType, code }] } }),
    partOf: { reference: `Location/${parent}` },
    ...extra,
  };
}
const bed = (id: string, parent: string, extra: Partial<Location> = {}) =>
  makeBed(id, 'U', { partOf: { reference: `Location/${parent}` }, ...extra });

const bedsOf = (locations: Location[]) =>
  wardTree('ward-a', locations)
    .beds.map((b) => `${b.id}@${b.area ?? '-'}${b.closedBy === null ? '' : ` closed by ${b.closedBy}`}`)
    .sort();

describe('wardTree: beds at any depth under the ward', () => {
  it.each<[string, Location[], string[]]>([
    ['beds straight off the ward', [bed('b1', 'ward-a'), bed('b2', 'ward-a')], ['b1@-', 'b2@-']],
    [
      'ward -> bay -> bed, and a side room with one bed',
      [
        place('bay-a', 'ward-a', 'ro'),
        bed('b1', 'bay-a'),
        bed('b2', 'bay-a'),
        place('side-1', 'ward-a', 'ro'),
        bed('b3', 'side-1'),
      ],
      ['b1@bay a', 'b2@bay a', 'b3@side 1'],
    ],
    [
      'ward -> wing -> bay -> bed: the nearest container names the area',
      [place('wing', 'ward-a', 'wi'), place('bay-c', 'wing', 'ro'), bed('b1', 'bay-c')],
      ['b1@bay c'],
    ],
    [
      'an untyped Location is a bed, at any depth',
      [place('bay-a', 'ward-a', 'area'), place('u1', 'bay-a', null)],
      ['u1@bay a'],
    ],
    [
      "a bed whose chain does not reach the ward is not this ward's",
      [bed('b1', 'ward-b'), place('bay-x', 'ward-b', 'ro'), bed('b2', 'bay-x')],
      [],
    ],
    [
      'a cycle (bay part of its own bed) places nothing and never loops',
      [place('bay-a', 'b1', 'ro'), bed('b1', 'bay-a')],
      [],
    ],
    ['a Location naming itself as parent is not placed', [bed('b1', 'b1')], []],
    [
      'an inactive bay closes its beds and says which bay',
      [place('bay-a', 'ward-a', 'ro', { status: 'inactive' }), bed('b1', 'bay-a'), bed('b2', 'ward-a')],
      ['b1@bay a closed by bay a', 'b2@-'],
    ],
    [
      'a suspended wing closes every bed below it',
      [place('wing', 'ward-a', 'wi', { status: 'suspended' }), place('bay-c', 'wing', 'ro'), bed('b1', 'bay-c')],
      ['b1@bay c closed by wing'],
    ],
    ['the ward itself in the list is ignored', [place('ward-a', 'site-1', 'wa'), bed('b1', 'ward-a')], ['b1@-']],
  ])('%s', (_name, locations, expected) => {
    expect(bedsOf(locations)).toEqual(expected);
  });

  it('containers are listed, so a patient recorded in a bay is on the ward', () => {
    const tree = wardTree('ward-a', [
      place('bay-a', 'ward-a', 'ro'),
      bed('b1', 'bay-a'),
      place('wing', 'ward-a', 'wi'),
    ]);
    expect(tree.containerIds).toEqual(['bay-a', 'wing']);
  });

  it(`a chain deeper than ${MAX_LOCATION_DEPTH} levels is refused and counted`, () => {
    const chain: Location[] = [];
    let parent = 'ward-a';
    for (let i = 1; i <= MAX_LOCATION_DEPTH; i++) {
      chain.push(place(`level-${i}`, parent, 'area'));
      parent = `level-${i}`;
    }
    chain.push(bed('deep', parent));
    const tree = wardTree('ward-a', chain);
    expect(tree.beds).toEqual([]);
    expect(tree.unreadable).toBe(1);
  });

  it('an unreadable physical type is counted, not guessed', () => {
    const odd = { ...bed('b1', 'ward-a'), physicalType: 'bd' } as unknown as Location;
    const tree = wardTree('ward-a', [odd, bed('b2', 'ward-a')]);
    expect(tree.beds.map((b) => b.id)).toEqual(['b2']);
    expect(tree.unreadable).toBe(1);
  });

  it('does not depend on the order the Locations arrive in', () => {
    const locations = [
      place('wing', 'ward-a', 'wi'),
      place('bay-c', 'wing', 'ro'),
      bed('b1', 'bay-c'),
      bed('b2', 'ward-a'),
    ];
    expect(bedsOf([...locations].reverse())).toEqual(bedsOf(locations));
  });
});

describe('containersToSearch: the next level of the walk', () => {
  it('searches below bays and rooms, never below beds, and never twice', () => {
    const found = [
      place('bay-a', 'ward-a', 'ro'),
      bed('b1', 'ward-a'),
      place('bay-b', 'ward-a', 'ro'),
      place('u1', 'ward-a', null),
    ];
    expect(containersToSearch(found, new Set(['bay-b']))).toEqual(['bay-a']);
  });
});
