/**
 * Words for the patient detail page: identifiers as staff read them, ages from the ward's calendar
 * day (Europe/London), and the NEWS2 bands in text beside their colours (CS-9). Pure.
 */
import { londonDate, type FallsRisk, type News2Band, type News2Point } from '@wardflow/shared';
import { news2BandLabel } from '../display/format';

/** "943 476 5919" (3-3-4, as printed on NHS letters); anything that is not ten digits is shown as sent, flagged. */
export function nhsNumberText(nhsNumber: string | null): string {
  if (nhsNumber === null || nhsNumber.trim() === '') return 'Not recorded';
  const digits = nhsNumber.replace(/\s/g, '');
  if (!/^\d{10}$/.test(digits)) return `${nhsNumber} (not a 10-digit NHS number)`;
  return `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
}

const fullDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const monthYear = new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });

/** "12 Mar 1948"; FHIR allows "1948-03" and "1948" too, shown as given. */
export function birthDateText(birthDate: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) return fullDate.format(new Date(`${birthDate}T12:00:00Z`));
  if (/^\d{4}-\d{2}$/.test(birthDate)) return monthYear.format(new Date(`${birthDate}-15T12:00:00Z`));
  return birthDate;
}

/**
 * Age in whole years on the London calendar day of `now`, or null when the birth date is not a full
 * date (a year alone cannot say whether the birthday has passed).
 */
export function ageOn(birthDate: string, now: number): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) return null;
  const today = londonDate(now);
  const years = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return today.slice(5) >= birthDate.slice(5) ? years : years - 1;
}

/** "12 Mar 1948 (age 77)", "1948 (age not known exactly)", or "Not recorded". */
export function birthAndAgeText(birthDate: string | null, now: number): string {
  if (birthDate === null) return 'Not recorded';
  const age = ageOn(birthDate, now);
  return `${birthDateText(birthDate)} (${age === null ? 'age not known exactly' : `age ${age}`})`;
}

/** A NEWS2 band for a table cell: the word, and why for the band a single 3 gives. */
export function news2BandText(band: News2Band): string {
  return band === 'low-medium' ? 'Low-medium (a single parameter scored 3)' : news2BandLabel(band);
}

/** The bands drawn behind the NEWS2 chart, by total score; named in text on the chart and below it. */
export const NEWS2_CHART_BANDS = [
  { id: 'low', label: 'Low', range: '0 to 4', from: 0, to: 4.5 },
  { id: 'medium', label: 'Medium', range: '5 to 6', from: 4.5, to: 6.5 },
  { id: 'high', label: 'High', range: '7 or more', from: 6.5, to: 20 },
] as const;

/** One sentence for under the chart: how many readings, the highest, and the latest. */
export function news2Summary(points: readonly News2Point[]): string {
  if (points.length === 0) return 'No NEWS2 recorded in the last 72 hours.';
  const highest = points.reduce((a, b) => (b.score > a.score ? b : a));
  const latest = points.at(-1) as News2Point;
  const count = `${points.length} NEWS2 ${points.length === 1 ? 'score' : 'scores'} in the last 72 hours`;
  return `${count}. Highest ${highest.score} (${news2BandText(highest.band)}); latest ${latest.score} (${news2BandText(latest.band)}).`;
}

/** "High risk of falls, flagged", "Moderate", "Flagged at risk of falls", "Not assessed". */
export function fallsRiskText(falls: FallsRisk | null): string {
  if (falls === null) return 'Not assessed';
  const level = falls.level === null ? null : `${falls.level[0]?.toUpperCase() ?? ''}${falls.level.slice(1)} risk`;
  if (level !== null && falls.flagged) return `${level}; flagged at risk of falls`;
  if (level !== null) return level;
  return falls.flagged ? 'Flagged at risk of falls' : 'Not assessed';
}

/** "Intermittent observation" etc.: the level in full words (the wall's short labels are for cards). */
export function observationLevelText(level: string): string {
  switch (level) {
    case 'general':
      return 'General observation';
    case 'intermittent':
      return 'Intermittent observation';
    case 'within-eyesight':
      return 'Within eyesight';
    case 'arms-length':
      return 'Within arm’s length';
    default:
      return level;
  }
}
