/**
 * A ward's probability of needing extra support in the next 7 days, with the three features that
 * push it up most, so the screen can say why and not just how much.
 *
 * A driver must also be true to its measure: a feature is named only when its weight is on the side
 * of 0 its measure's direction allows (`expectedSign`). Fitted models keep to that already; the
 * check here covers models stored before sign constraints, whose collinear weights could otherwise
 * name "Staff sickness: 7-day change" as a reason on a ward where sickness is falling.
 */
import { featureLabel, measureIdOf, type FeatureValues } from './features.js';
import { contributions, sigmoid, type LogisticModel } from './logistic.js';
import { agreesWithMeasure, expectedSign } from './sign-constraints.js';

export interface PredictionDriver {
  feature: string;
  measureId: string;
  /** Level ("Staff sickness") or 7-day change ("Staff sickness: 7-day change"), as `feature` is. */
  label: string;
  /** w_i * z_i on the log-odds scale. */
  contribution: number;
}

export interface Prediction {
  probability: number;
  /** Up to 3, largest first; only features that raise the risk with a weight in their measure's direction. */
  drivers: PredictionDriver[];
}

export const MAX_DRIVERS = 3;

/** `features` by feature name (raw values); names the model does not know are ignored, absent ones are no data. */
export function predict(model: LogisticModel, features: FeatureValues): Prediction {
  const parts = contributions(model, features);
  const probability = sigmoid(model.intercept + parts.reduce((a, b) => a + b, 0));
  const drivers = parts
    .map((contribution, j) => ({ contribution, j }))
    .filter(
      ({ contribution, j }) =>
        contribution > 0 &&
        agreesWithMeasure(expectedSign(model.profile, model.featureNames[j] as string), model.weights[j] ?? 0),
    )
    // Equal contributions keep feature (slot) order so the list is stable.
    .sort((a, b) => b.contribution - a.contribution || a.j - b.j)
    .slice(0, MAX_DRIVERS)
    .map(({ contribution, j }): PredictionDriver => {
      const feature = model.featureNames[j] as string;
      return { feature, measureId: measureIdOf(feature), label: featureLabel(feature), contribution };
    });
  return { probability, drivers };
}
