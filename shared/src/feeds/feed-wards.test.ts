import { wardMatcher } from './feed-wards.js';

const wards = [
  { id: 'ward-7a', name: 'Cedar Ward' },
  { id: 'ward-8', name: 'Elm Ward' },
  { id: 'ward-9n', name: 'Ward 9' },
  { id: 'ward-9s', name: 'Ward 9' },
];
const match = wardMatcher(wards, { '7A CEDAR (MH)': 'ward-7a', 'Old Ward': 'ward-gone', 'Ward 9 North': 'ward-9n' });

describe('wardMatcher', () => {
  it.each([
    ['a mapped name, ignoring case and spacing', ' 7a   cedar (mh) ', 'ward-7a'],
    ['a ward id', 'WARD-8', 'ward-8'],
    ['a ward name, ignoring case', 'elm ward', 'ward-8'],
    ['a mapping that settles a shared name', 'Ward 9 North', 'ward-9n'],
  ])('should find %s', (_what, text, wardId) => {
    expect(match(text)).toEqual({ wardId });
  });

  it.each([
    ['an empty cell', '  ', 'required'],
    [
      'an unknown name',
      'Birch Ward',
      'unknown ward "Birch Ward": not a ward name or id Wardflow knows, nor mapped in FEEDS_CONFIG wards',
    ],
    [
      'a name two wards share',
      'ward 9',
      '"ward 9" is the name of 2 wards (ward-9n, ward-9s): map it to one in FEEDS_CONFIG wards',
    ],
    [
      'a mapping to a ward Wardflow does not know',
      'Old Ward',
      '"Old Ward" is mapped to ward id "ward-gone" (FEEDS_CONFIG wards), which Wardflow does not know',
    ],
  ])('should refuse %s', (_what, text, problem) => {
    expect(match(text)).toEqual({ problem });
  });
});
