/**
 * Dates and instants as the trust's records carry them: instants in UTC ISO 8601, and calendar dates
 * (expected discharge) as the wards see them in Europe/London, so a date that is "today" is today on
 * the ward, also in the hour after midnight BST. Calendar arithmetic is Wardflow's one helper.
 */
export { addCalendarDays as addDays, londonDate } from '@wardflow/shared';

export function isoInstant(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
