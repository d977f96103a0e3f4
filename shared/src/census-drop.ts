/**
 * Census-drop guard (CS-5). A ward whose occupied beds fall sharply between two polls is more often a
 * FHIR problem (a partial feed, a PAS outage, a bad merge) than a mass discharge. Such a snapshot is
 * held, the previous board stays up marked stale with the reason, and a second poll decides: if it
 * confirms the lower census, it is accepted; if the census is back, the dip is discarded.
 */
import type { WardSnapshot } from './ward.types.js';

export interface CensusDropRule {
  /** A drop of fewer patients than this is never held (small wards discharge several at once). */
  minPatients: number;
  /** ...nor a drop smaller than this share of the previous census. */
  minFraction: number;
  /** A second poll confirms the drop when its census is within this many patients of the held one. */
  confirmTolerance: number;
}

/**
 * Patients on the board: the figure the guard watches. Bed statuses can lag behind (a bed still
 * marked occupied after its patient's encounter vanished), so a broken feed shows up here first.
 */
export function patientsOnBoard(
  snapshot: Pick<WardSnapshot, 'beds'> & Partial<Pick<WardSnapshot, 'unplaced'>>,
): number {
  return snapshot.beds.filter((bed) => bed.patient !== null).length + (snapshot.unplaced?.length ?? 0);
}

export const DEFAULT_CENSUS_DROP_RULE: CensusDropRule = { minPatients: 5, minFraction: 0.3, confirmTolerance: 2 };

export type CensusDropDecision = { action: 'accept' } | { action: 'hold'; heldOccupied: number; reason: string };

/**
 * Decides whether a new snapshot's census may replace the shown one.
 * `pendingOccupied` is the census held by the previous poll, if it was held.
 */
export function decideCensusDrop(
  previousOccupied: number | null,
  newOccupied: number,
  pendingOccupied: number | null,
  rule: CensusDropRule = DEFAULT_CENSUS_DROP_RULE,
): CensusDropDecision {
  if (previousOccupied === null) return { action: 'accept' };
  const drop = previousOccupied - newOccupied;
  const large = drop >= rule.minPatients && drop >= rule.minFraction * previousOccupied;
  if (!large) return { action: 'accept' };
  if (pendingOccupied !== null && Math.abs(newOccupied - pendingOccupied) <= rule.confirmTolerance) {
    return { action: 'accept' };
  }
  return {
    action: 'hold',
    heldOccupied: newOccupied,
    reason: `Patients on the ward fell from ${previousOccupied} to ${newOccupied}: showing the previous board until the next poll confirms it`,
  };
}
