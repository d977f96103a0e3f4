/**
 * The rows a refit learns from, built from a trust's stored daily scores: each ward-day's measure
 * values (and those a week before) as features, and as label whether the ward's harm incidents in
 * the 7 days after reached the profile's rate. The score stored 7 days later holds exactly those 7
 * days (its trailing harm count and bed days), so no incident is counted twice or missed.
 */
import { addCalendarDays } from '../london-time.js';
import type { WardProfile } from '../ward.types.js';
import { featuresFromValues } from './features.js';
import { OUTCOME_HORIZON_DAYS, OUTCOME_RATE } from './outcome.js';

export interface DailyScore {
  wardId: string;
  /** London date 'YYYY-MM-DD'. */
  date: string;
  values: Readonly<Record<string, number | null>>;
  /** Harm incidents and occupied bed days over the 7 days up to this day, or null when not known. */
  harmIncidents7d: number | null;
  occupiedBedDays7d: number | null;
}

export interface TrainingRow {
  wardId: string;
  date: string;
  features: Record<string, number | null>;
  label: boolean;
}

/** Rows with a known outcome, oldest first; a day whose outcome week is not over, or not recorded, has none. */
export function trainingRows(profile: WardProfile, days: readonly DailyScore[]): TrainingRow[] {
  const byKey = new Map(days.map((d) => [`${d.wardId}|${d.date}`, d]));
  const rows: TrainingRow[] = [];
  for (const day of days) {
    const outcome = byKey.get(`${day.wardId}|${addCalendarDays(day.date, OUTCOME_HORIZON_DAYS)}`);
    if (
      outcome === undefined ||
      outcome.harmIncidents7d === null ||
      outcome.occupiedBedDays7d === null ||
      !(outcome.occupiedBedDays7d > 0)
    )
      continue;
    const weekAgo = byKey.get(`${day.wardId}|${addCalendarDays(day.date, -7)}`);
    rows.push({
      wardId: day.wardId,
      date: day.date,
      features: featuresFromValues(profile, day.values, weekAgo?.values ?? null),
      label: (outcome.harmIncidents7d / outcome.occupiedBedDays7d) * 1000 >= OUTCOME_RATE[profile],
    });
  }
  return rows.sort((a, b) =>
    a.date < b.date ? -1 : a.date > b.date ? 1 : a.wardId < b.wardId ? -1 : a.wardId > b.wardId ? 1 : 0,
  );
}
