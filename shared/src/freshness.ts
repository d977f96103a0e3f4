/**
 * Freshness of a ward's data (CS-2). Computed from server time so that a wall screen whose own
 * clock is wrong still tells the truth.
 */

export type Freshness = 'fresh' | 'stale' | 'expired';

export interface FreshnessThresholds {
  /** Data no older than this is fresh (default 20 minutes: one 15-minute cycle plus slack). */
  staleAfterMs: number;
  /** Data older than this is no longer current: risk colours are removed (default 45 minutes). */
  expiredAfterMs: number;
}

export const DEFAULT_FRESHNESS: FreshnessThresholds = {
  staleAfterMs: 20 * 60_000,
  expiredAfterMs: 45 * 60_000,
};

/**
 * Classifies data of a given age. A snapshot younger than the stale threshold is still stale when
 * the latest poll failed (`lastPollFailed`), because the screen must not claim that nothing changed.
 * Data with no time at all, or with a time in the future beyond clock skew, is expired: we cannot vouch for it.
 */
export function freshnessOf(
  asOf: string | null,
  now: number,
  lastPollFailed = false,
  thresholds: FreshnessThresholds = DEFAULT_FRESHNESS,
): Freshness {
  if (asOf === null) return 'expired';
  const at = Date.parse(asOf);
  if (Number.isNaN(at)) return 'expired';
  const ageMs = now - at;
  const clockSkewMs = 2 * 60_000;
  if (ageMs < -clockSkewMs) return 'expired';
  if (ageMs > thresholds.expiredAfterMs) return 'expired';
  if (ageMs > thresholds.staleAfterMs || lastPollFailed) return 'stale';
  return 'fresh';
}

const SEVERITY: Readonly<Record<Freshness, number>> = { fresh: 0, stale: 1, expired: 2 };

/**
 * Freshness for the moment on a screen: data keeps ageing between messages and reloads, so the
 * screen ages it by the estimated server time; the server's own verdict is a floor, because it knows
 * of failed polls (`knownFailure`) and future-dated data that the age alone does not show.
 */
export function freshnessOnScreen(
  serverVerdict: Freshness,
  asOf: string | null,
  serverNow: number | null,
  knownFailure = false,
): Freshness {
  if (serverNow === null) return serverVerdict;
  const here = freshnessOf(asOf, serverNow, knownFailure);
  return SEVERITY[here] >= SEVERITY[serverVerdict] ? here : serverVerdict;
}
