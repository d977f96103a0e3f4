/**
 * Dates and instants as the trust's records carry them: instants in UTC ISO 8601, and calendar dates
 * (expected discharge) as the wards see them in Europe/London, so a date that is "today" is today on
 * the ward, also in the hour after midnight BST.
 */
const LONDON_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

export function isoInstant(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/** YYYY-MM-DD in London at the instant. */
export function londonDate(epochMs: number): string {
  return LONDON_DATE.format(new Date(epochMs));
}

/** The calendar date `days` after a YYYY-MM-DD date (negative for before). */
export function addDays(date: string, days: number): string {
  const noon = Date.parse(`${date}T12:00:00Z`) + days * 86_400_000;
  return new Date(noon).toISOString().slice(0, 10);
}
