/**
 * The sign each prediction feature's weight may take, from its measure's direction in the catalogue.
 *
 * A fitted weight against the measure's meaning (more staff sickness lowering the risk) is almost
 * always collinearity, not a finding: bank and agency use and fill rate are partly made of sickness,
 * so the fit can trade one for another. Shown as a driver it would tell a ward with low sickness that
 * sickness is why it may need support. So the fit keeps each weight on the measure's side of 0 and
 * the explanation only names features whose weight is on that side.
 */
import { DEFAULT_MEASURES } from '../measures/measure-catalogue.js';
import type { MeasureDirection } from '../measures/measure.types.js';
import type { WardProfile } from '../ward.types.js';
import { featureLabel, measureIdOf } from './features.js';

/** +1: the weight must be >= 0 (a higher value, or a rise, raises the risk); -1: it must be <= 0. */
export type FeatureSign = 1 | -1;

/**
 * A feature whose weight the constrained fit held at 0: on the training rows, alongside the other
 * features, it would have lowered the risk as its measure got worse. Stored with the model (JSON).
 */
export interface HeldAtZero {
  feature: string;
  /** The sign the measure's direction allows. */
  expectedSign: FeatureSign;
  /** The weight the same fit gives without sign constraints, for the record (null when not computed). */
  unconstrainedWeight: number | null;
  /** One sentence a clinical safety officer can read. */
  reason: string;
}

/** Higher is worse: a rise is worse, so +1; lower is worse: -1. A 7-day change shares its level's sign. */
export function signOfDirection(direction: MeasureDirection): FeatureSign {
  switch (direction) {
    case 'higher-is-worse':
      return 1;
    case 'lower-is-worse':
      return -1;
  }
}

/**
 * The allowed sign of a feature's weight, from the default catalogue of the profile (directions
 * cannot be overridden per trust or ward, only thresholds and weights). Null for a name that is no
 * measure of the profile: such a feature is not constrained.
 */
export function expectedSign(profile: WardProfile, feature: string): FeatureSign | null {
  const def = DEFAULT_MEASURES[profile].find((d) => d.id === measureIdOf(feature));
  return def === undefined ? null : signOfDirection(def.direction);
}

export function expectedSigns(profile: WardProfile, features: readonly string[]): Array<FeatureSign | null> {
  return features.map((f) => expectedSign(profile, f));
}

/** Whether a weight is on the allowed side of 0 (0 itself agrees; an unconstrained feature always does). */
export function agreesWithMeasure(sign: FeatureSign | null, weight: number): boolean {
  return sign === null || sign * weight >= 0;
}

/** The reason recorded for a feature held at 0. */
export function heldAtZeroReason(feature: string, sign: FeatureSign, unconstrainedWeight: number | null): string {
  const worse = sign === 1 ? 'higher is worse' : 'lower is worse';
  const label = featureLabel(feature);
  if (unconstrainedWeight !== null && sign * unconstrainedWeight < 0) {
    return (
      `${label}: ${worse}, but alongside the other measures the fit would give it a weight of ${unconstrainedWeight.toFixed(3)} ` +
      `(worse meaning lower risk), read as collinearity with related measures or noise rather than a protective effect; held at 0.`
    );
  }
  return `${label}: ${worse}, and once the other weights keep to their measures' directions a weight on that side does not improve the fit; held at 0.`;
}

/**
 * "; held at 0 against their measure's direction: Staff sickness, Staff sickness: 7-day change",
 * or "" when none was held (or the model predates sign constraints), for a model's summary line.
 */
export function heldAtZeroSummary(held: readonly HeldAtZero[] | undefined): string {
  if (held === undefined || held.length === 0) return '';
  return `; held at 0 against their measure's direction: ${held.map((h) => featureLabel(h.feature)).join(', ')}`;
}
