/**
 * The outcome a model predicts: "needs extra support in the next 7 days", read as harm incidents in
 * the 7 days after the day, per 1,000 occupied bed days, at or above the profile's rate. One place
 * for the definition so the history generator, the refit job and the backtest agree.
 */
import type { IncidentCategory, WardProfile } from '../ward.types.js';

export const OUTCOME_HORIZON_DAYS = 7;

/**
 * Harm incidents per 1,000 OBD over the next 7 days. About the sum of the amber thresholds of the
 * profile's incident measures: MH 20 + 15 + 10 = 45 (so 50, about 6 incidents a week on an 18-bed
 * ward); acute falls 7 plus hypoglycaemia (about 2 a week on 28 beds, ~10 per 1,000 OBD) so 20,
 * about 4 a week on a full 28-bed ward.
 */
export const OUTCOME_RATE: Readonly<Record<WardProfile, number>> = Object.freeze({ 'mental-health': 50, acute: 20 });

/** Categories whose incidents count as harm; an incident with several counts once. */
export const HARM_CATEGORIES: Readonly<Record<WardProfile, readonly IncidentCategory[]>> = Object.freeze({
  'mental-health': Object.freeze([
    'violence-aggression',
    'restraint',
    'seclusion',
    'rapid-tranquillisation',
    'self-harm',
  ] as const),
  acute: Object.freeze(['fall', 'hypoglycaemia'] as const),
});

export interface OutcomeDay {
  harmIncidents: number;
  occupiedBedDays: number;
}

/** Whether an incident counts as harm for the profile. */
export function isHarmIncident(profile: WardProfile, categories: readonly IncidentCategory[]): boolean {
  const harm = HARM_CATEGORIES[profile];
  return categories.some((c) => harm.includes(c));
}

/**
 * The label for a day from the days after it (the first OUTCOME_HORIZON_DAYS are used). Null when
 * fewer days are known yet or no beds were occupied: the outcome is not known, not negative.
 */
export function outcomeLabel(profile: WardProfile, following: readonly OutcomeDay[]): boolean | null {
  if (following.length < OUTCOME_HORIZON_DAYS) return null;
  let incidents = 0;
  let obd = 0;
  for (const day of following.slice(0, OUTCOME_HORIZON_DAYS)) {
    incidents += day.harmIncidents;
    obd += day.occupiedBedDays;
  }
  if (!(obd > 0)) return null;
  return (incidents / obd) * 1000 >= OUTCOME_RATE[profile];
}
