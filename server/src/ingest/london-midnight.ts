/**
 * Start of the current Europe/London day as a UTC instant: "discharged today" means the ward's
 * today, which starts at 00:00 GMT in winter and 23:00 UTC the day before in summer (CS-10).
 */
import { londonDate } from '@wardflow/shared';

export function londonMidnightUtc(now: number): string {
  const day = londonDate(now);
  // Midnight London is 00:00Z (GMT) or 23:00Z the previous day (BST): take the later candidate that maps to `day`.
  for (const offsetHours of [1, 0]) {
    const candidate = Date.parse(`${day}T00:00:00Z`) - offsetHours * 3_600_000;
    if (londonDate(candidate) === day && londonDate(candidate - 1) !== day) return new Date(candidate).toISOString();
  }
  return `${day}T00:00:00.000Z`;
}
