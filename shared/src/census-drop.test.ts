import fc from 'fast-check';
import { decideCensusDrop } from './census-drop.js';

describe('decideCensusDrop', () => {
  it.each([
    // previous, new, pending, expected
    [null, 0, null, 'accept'],
    [24, 22, null, 'accept'],
    [24, 20, null, 'accept'], // 4 patients: below the minimum
    [24, 19, null, 'accept'], // 5 patients but only 21%
    [24, 16, null, 'hold'], // 8 patients, 33%
    [24, 0, null, 'hold'],
    [10, 4, null, 'hold'], // 6 patients, 60%
    [24, 16, 16, 'accept'], // confirmed by a second poll
    [24, 15, 16, 'accept'], // within tolerance
    [24, 3, 16, 'hold'], // still falling: hold again at the new figure
    [24, 30, 16, 'accept'], // census came back
  ] as const)('should, from %s to %s with %s held, %s', (previous, next, pending, expected) => {
    expect(decideCensusDrop(previous, next, pending).action).toBe(expected);
  });

  it('should name both figures in the reason', () => {
    const decision = decideCensusDrop(24, 2, null);
    expect(decision).toEqual({
      action: 'hold',
      heldOccupied: 2,
      reason: 'Patients on the ward fell from 24 to 2: showing the previous board until the next poll confirms it',
    });
  });

  it('should never hold a rise or an unchanged census', () => {
    fc.assert(
      fc.property(fc.nat(200), fc.nat(50), fc.option(fc.nat(200), { nil: null }), (previous, rise, pending) => {
        expect(decideCensusDrop(previous, previous + rise, pending).action).toBe('accept');
      }),
    );
  });

  it('should accept any drop once a second poll confirms it', () => {
    fc.assert(
      fc.property(fc.nat(200), fc.nat(200), (previous, next) => {
        expect(decideCensusDrop(previous, next, next).action).toBe('accept');
      }),
    );
  });
});
