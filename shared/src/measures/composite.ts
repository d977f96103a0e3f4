/**
 * One number for the ward's overall safety picture (docs/design.md section 6, the ten safety measures): the weighted
 * share of the worst possible score, 0 (all green) to 100 (all red), and its week-on-week trend.
 */
import type { Band, CompositeScore, MeasureCell, MeasureDefinition, Trend } from './measure.types.js';

/** Composite bands, inclusive: amber from 20, red from 40. */
export const COMPOSITE_BANDS = Object.freeze({ amber: 20, red: 40 });

/** A change of this many points or more in a week is a trend, not noise. */
export const TREND_THRESHOLD = 5;

const POINTS: Readonly<Record<Band, number>> = { green: 0, amber: 1, red: 2 };

/**
 * Weighted points (green 0, amber 1, red 2) over the measures with data, as a percentage of the
 * most they could score. No score when more than half the weight has no data: a score from a few
 * measures would look like the whole picture. Exactly half still scores.
 */
export function compositeScore(
  cells: readonly MeasureCell[],
  definitions: readonly MeasureDefinition[],
): CompositeScore {
  const byId = new Map(cells.map((c) => [c.measureId, c]));
  let totalWeight = 0;
  let measuredWeight = 0;
  let points = 0;
  let measured = 0;
  let missing = 0;
  for (const def of definitions) {
    totalWeight += def.weight;
    const cell = byId.get(def.id);
    if (cell === undefined || cell.value === null || cell.band === null) {
      missing += 1;
      continue;
    }
    measured += 1;
    measuredWeight += def.weight;
    points += def.weight * POINTS[cell.band];
  }
  const total = definitions.length;
  if (!(totalWeight > 0))
    return { value: null, band: null, measured, missing, reason: 'no measure carries any weight' };
  if (totalWeight - measuredWeight > totalWeight / 2 || !(measuredWeight > 0)) {
    return {
      value: null,
      band: null,
      measured,
      missing,
      reason: `not enough data: ${missing} of ${total} measures have no data`,
    };
  }
  const value = Math.round((100 * points) / (2 * measuredWeight));
  const band: Band = value >= COMPOSITE_BANDS.red ? 'red' : value >= COMPOSITE_BANDS.amber ? 'amber' : 'green';
  return { value, band, measured, missing };
}

/** Week-on-week direction of the composite: up by 5 or more is worse, down by 5 or more is better. */
export function trendOf(now: number | null, weekAgo: number | null): Trend | null {
  if (now === null || weekAgo === null) return null;
  const change = now - weekAgo;
  if (change >= TREND_THRESHOLD) return 'worse';
  if (change <= -TREND_THRESHOLD) return 'better';
  return 'steady';
}
