/**
 * How synthetic NEWS2 totals behave: a patient has a baseline, readings drift around it by small steps,
 * and how often a ward records NEWS2 follows the RCP NEWS2 clinical response thresholds (more often as
 * the score rises; mental-health wards record physical observations less often than acute wards).
 */
import type { SeededRandom } from '../util/seeded-random.util.js';

export type WardProfile = 'mental-health' | 'acute';

export const MAX_NEWS2 = 20;

/** Most patients 0-4, some 5-6, a few 7 or more; mental-health inpatients are physically well more often. */
export function sampleBaselineScore(random: SeededRandom, profile: WardProfile): number {
  const band = random.weighted<'low' | 'low-medium' | 'medium' | 'high'>(
    profile === 'acute'
      ? [
          ['low', 62],
          ['low-medium', 24],
          ['medium', 10],
          ['high', 4],
        ]
      : [
          ['low', 76],
          ['low-medium', 17],
          ['medium', 5],
          ['high', 2],
        ],
  );
  switch (band) {
    case 'low':
      return profile === 'acute'
        ? random.weighted([
            [0, 45],
            [1, 30],
            [2, 25],
          ])
        : random.weighted([
            [0, 70],
            [1, 18],
            [2, 12],
          ]);
    case 'low-medium':
      return random.int(3, 4);
    case 'medium':
      return random.int(5, 6);
    case 'high':
      return random.int(7, 10);
  }
}

/**
 * Hours between NEWS2 recordings at this score: the minimum frequency in the RCP guidance, as the
 * board applies it (0: 12-hourly; 1-4: 4-hourly; 5-6: hourly; 7+: continuous, shown as 30 minutes).
 * Mental-health wards record less often because their patients score 0 more often, not by a laxer rule.
 */
export function observationIntervalHours(score: number): number {
  if (score >= 7) return 0.5;
  if (score >= 5) return 1;
  return score === 0 ? 12 : 4;
}

/** The next reading: mostly unchanged, else one step, pulled back towards the baseline; now and then a jump. */
export function driftScore(random: SeededRandom, current: number, baseline: number): number {
  const towardsBaseline = Math.sign(baseline - current);
  const step = random.weighted<number>([
    [0, 55],
    [towardsBaseline === 0 ? -1 : towardsBaseline, 25],
    [towardsBaseline === 0 ? 1 : -towardsBaseline, 15],
    [random.int(2, 3), 5],
  ]);
  return Math.max(0, Math.min(MAX_NEWS2, current + step));
}
