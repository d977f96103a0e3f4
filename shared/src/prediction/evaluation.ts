/**
 * How good a risk score is: discrimination (AUC), accuracy of the probabilities (Brier) and
 * calibration by probability band. Used by the backtest and by whoever checks a refit.
 */

/**
 * Area under the ROC curve by Mann-Whitney: the chance a random positive scores above a random
 * negative, ties counting half. Null when one outcome never occurs (the area is undefined).
 */
export function auc(scores: readonly number[], labels: readonly boolean[]): number | null {
  if (scores.length !== labels.length) throw new Error(`auc: ${scores.length} scores but ${labels.length} labels`);
  const order = scores.map((s, i) => [s, i] as const).sort((a, b) => a[0] - b[0]);
  let positives = 0;
  let rankSum = 0;
  // Average ranks over runs of equal scores: that is what makes a tie count half.
  for (let start = 0; start < order.length;) {
    let end = start;
    while (
      end + 1 < order.length &&
      (order[end + 1] as readonly [number, number])[0] === (order[start] as readonly [number, number])[0]
    )
      end++;
    const rank = (start + end) / 2 + 1;
    for (let i = start; i <= end; i++) {
      if (labels[(order[i] as readonly [number, number])[1]]) {
        positives++;
        rankSum += rank;
      }
    }
    start = end + 1;
  }
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) return null;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Mean squared difference between probability and outcome (0 best). Null with no rows. */
export function brier(probabilities: readonly number[], labels: readonly boolean[]): number | null {
  if (probabilities.length !== labels.length)
    throw new Error(`brier: ${probabilities.length} probabilities but ${labels.length} labels`);
  if (probabilities.length === 0) return null;
  let sum = 0;
  for (let i = 0; i < probabilities.length; i++) sum += ((probabilities[i] as number) - (labels[i] ? 1 : 0)) ** 2;
  return sum / probabilities.length;
}

export interface CalibrationRow {
  from: number;
  to: number;
  n: number;
  /** Null when the band is empty. */
  meanPredicted: number | null;
  observedRate: number | null;
}

/**
 * Equal-width probability bands [from, to), the last one closed at 1. Every band is listed, empty
 * ones with n 0, so tables from different models line up row by row.
 */
export function calibrationTable(
  probabilities: readonly number[],
  labels: readonly boolean[],
  bins = 10,
): CalibrationRow[] {
  if (probabilities.length !== labels.length)
    throw new Error(`calibrationTable: ${probabilities.length} probabilities but ${labels.length} labels`);
  if (!Number.isInteger(bins) || bins < 1)
    throw new Error(`calibrationTable: bins must be a positive integer, got ${bins}`);
  const n = new Array<number>(bins).fill(0);
  const sumP = new Array<number>(bins).fill(0);
  const sumY = new Array<number>(bins).fill(0);
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i] as number;
    const bin = Math.min(bins - 1, Math.max(0, Math.floor(p * bins)));
    n[bin] = (n[bin] as number) + 1;
    sumP[bin] = (sumP[bin] as number) + p;
    sumY[bin] = (sumY[bin] as number) + (labels[i] ? 1 : 0);
  }
  return n.map((count, b) => ({
    from: b / bins,
    to: (b + 1) / bins,
    n: count,
    meanPredicted: count === 0 ? null : (sumP[b] as number) / count,
    observedRate: count === 0 ? null : (sumY[b] as number) / count,
  }));
}
