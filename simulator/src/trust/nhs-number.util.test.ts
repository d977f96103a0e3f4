import { isValidNhsNumber, nextTestNhsNumber, nhsCheckDigit } from './nhs-number.util.js';
import { SeededRandom } from '../util/seeded-random.util.js';

describe('NHS numbers', () => {
  it('should compute the modulus 11 check digit of a published example', () => {
    // 943 476 5919 is the example number in the NHS Data Dictionary.
    expect(nhsCheckDigit('943476591')).toBe(9);
    expect(isValidNhsNumber('9434765919')).toBe(true);
    expect(isValidNhsNumber('9434765918')).toBe(false);
  });

  it('should generate distinct valid numbers in the 999 test range', () => {
    const random = new SeededRandom(7);
    const taken = new Set<string>();
    const numbers = Array.from({ length: 2000 }, () => nextTestNhsNumber(random, taken));
    expect(new Set(numbers).size).toBe(2000);
    for (const n of numbers) {
      expect(n).toMatch(/^999\d{7}$/);
      expect(isValidNhsNumber(n)).toBe(true);
    }
  });
});
