import { initialsOf, sameInitialsGroups } from './display-label.js';

describe('initialsOf', () => {
  it.each([
    [['Jane', 'Mary'], 'Smith', 'J.S.'],
    [['  amir'], 'khan', 'A.K.'],
    [[], 'Smith', 'S.'],
    [undefined, undefined, '?'],
    [[''], '', '?'],
  ])('should make %j %j into %s', (given, family, expected) => {
    expect(initialsOf(given, family)).toBe(expected);
  });
});

describe('sameInitialsGroups', () => {
  it('should pair patients who share initials and leave others alone', () => {
    const groups = sameInitialsGroups([
      { key: 'bed1', initials: 'J.S.' },
      { key: 'bed2', initials: 'A.K.' },
      { key: 'bed3', initials: 'J.S.' },
    ]);
    expect(groups.get('bed1')).toEqual(['bed3']);
    expect(groups.get('bed3')).toEqual(['bed1']);
    expect(groups.get('bed2')).toEqual([]);
  });
});
