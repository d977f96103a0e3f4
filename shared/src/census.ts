/**
 * Census of a ward from its beds and today's movements. Pure: the caller supplies "today" events.
 */
import { londonDate } from './london-time.js';
import type { BedOnBoard, Census } from './ward.types.js';

export interface WardMovements {
  /** Admission times (UTC ISO) of encounters on this ward, current or ended. */
  admissions: string[];
  /** Discharge times (UTC ISO) of encounters that ended on this ward. */
  discharges: string[];
}

/** Counts beds by status and today's movements, "today" being the Europe/London date of `now`. */
export function computeCensus(beds: readonly BedOnBoard[], movements: WardMovements, now: number): Census {
  const today = londonDate(now);
  const isToday = (iso: string | null) => iso !== null && londonDate(new Date(iso)) === today;
  const count = (status: BedOnBoard['status']) => beds.filter((b) => b.status === status).length;
  return {
    beds: beds.length,
    occupied: count('occupied'),
    free: count('free'),
    cleaning: count('cleaning'),
    closed: count('closed'),
    reserved: count('reserved'),
    blocked: count('blocked'),
    isolated: count('isolated'),
    contaminated: count('contaminated'),
    unknown: count('unknown'),
    onLeave: beds.filter((b) => b.patient?.onLeave === true).length,
    admittedToday: movements.admissions.filter(isToday).length,
    dischargedToday: movements.discharges.filter(isToday).length,
    expectedDischargesToday: beds.filter((b) => {
      const edd = b.patient?.expectedDischargeDate ?? null;
      return edd !== null && edd.slice(0, 10) === today;
    }).length,
  };
}

/**
 * Beds that cannot take a patient now whatever the demand: closed, blocked, kept for isolation or
 * contaminated. Occupancy is of the rest (open beds). Snapshots stored before isolated and
 * contaminated beds were told apart counted them as closed.
 */
export function unavailableBeds(census: {
  closed: number;
  blocked: number;
  isolated?: number | undefined;
  contaminated?: number | undefined;
}): number {
  return census.closed + census.blocked + (census.isolated ?? 0) + (census.contaminated ?? 0);
}
