/**
 * How long synthetic patients stay and when they are expected to leave: acute stays of hours to
 * weeks, mental-health stays of days to months; expected discharge dates that are sometimes already
 * past (a delayed discharge), often today or tomorrow, mostly later.
 */
import { addDays, londonDate } from '../util/dates.util.js';
import type { WardProfile } from './news2.model.js';
import type { SeededRandom } from '../util/seeded-random.util.js';

/** Hours from admission to now (for a current stay) or to discharge (for a finished one). */
export function lengthOfStayHours(random: SeededRandom, profile: WardProfile): number {
  const band =
    profile === 'acute'
      ? random.weighted<[number, number]>([
          [[2, 24], 20],
          [[24, 168], 50],
          [[168, 504], 25],
          [[504, 1440], 5],
        ])
      : random.weighted<[number, number]>([
          [[3, 48], 10],
          [[48, 960], 50],
          [[960, 4800], 40],
        ]);
  return random.between(band[0], band[1]);
}

/** Expected discharge date (YYYY-MM-DD), or undefined for the fifth of stays that have none yet. */
export function plannedEndDate(
  random: SeededRandom,
  profile: WardProfile,
  nowMs: number,
  admittedMs: number,
): string | undefined {
  if (random.chance(0.2)) return undefined;
  const today = londonDate(nowMs);
  const offset = random.weighted<number>([
    [-random.int(1, 5), 12],
    [0, 18],
    [1, 18],
    [profile === 'acute' ? random.int(2, 14) : random.int(2, 60), 52],
  ]);
  const date = addDays(today, offset);
  return date < londonDate(admittedMs) ? today : date;
}
