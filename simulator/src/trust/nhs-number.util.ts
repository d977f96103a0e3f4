/**
 * NHS numbers for synthetic patients: ten digits with a valid modulus 11 check digit, always in the
 * 999 range NHS England sets aside for testing, so no generated number can belong to a real person.
 */
import type { SeededRandom } from '../util/seeded-random.util.js';

/** The check digit for nine digits, or null when the number is one the NHS never issues (remainder 10). */
export function nhsCheckDigit(nineDigits: string): number | null {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(nineDigits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return null;
  return check === 11 ? 0 : check;
}

export function isValidNhsNumber(value: string): boolean {
  return /^\d{10}$/.test(value) && nhsCheckDigit(value.slice(0, 9)) === Number(value[9]);
}

/** A test-range number not in `taken` (which it updates). */
export function nextTestNhsNumber(random: SeededRandom, taken: Set<string>): string {
  for (;;) {
    const nine = `999${String(random.int(0, 999_999)).padStart(6, '0')}`;
    const check = nhsCheckDigit(nine);
    if (check === null) continue;
    const number = `${nine}${check}`;
    if (taken.has(number)) continue;
    taken.add(number);
    return number;
  }
}
