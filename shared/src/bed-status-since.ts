/**
 * How long a bed has had its status ("cleaning for 3 h"): FHIR keeps no history of a bed's status,
 * so the dashboard keeps it, carrying the time forward from each stored snapshot to the next. Pure:
 * the ingest calls it with the stored snapshot before storing the new one.
 */
import type { BedOnBoard, WardSnapshot } from './ward.types.js';

/**
 * The new snapshot with each bed's `statusSince` decided against the stored one:
 * - same status as before: the earlier time is kept (null stays null: still unknown);
 * - a changed status: the time of this snapshot, or the FHIR time `next` carries (the Location's last
 *   update, or the patient's arrival in the bed) when it falls after the stored snapshot, since it
 *   dates the change more closely and is never earlier than the change itself;
 * - a bed not in the stored snapshot, no stored snapshot, or one stored before the field existed:
 *   what `next` says from FHIR (null when FHIR does not date it).
 */
export function carryStatusSince(
  previous: Pick<WardSnapshot, 'asOf' | 'beds'> | null,
  next: WardSnapshot,
): WardSnapshot {
  if (previous === null) return next;
  const before = new Map(previous.beds.map((bed) => [bed.id, bed]));
  const previousAt = Date.parse(previous.asOf);
  return {
    ...next,
    beds: next.beds.map((bed) => ({ ...bed, statusSince: carried(before.get(bed.id), bed, previousAt, next.asOf) })),
  };
}

function carried(before: BedOnBoard | undefined, bed: BedOnBoard, previousAt: number, nextAsOf: string): string | null {
  // A snapshot stored before statusSince existed has no opinion: treat the bed as seen for the first time.
  if (before === undefined || before.statusSince === undefined) return bed.statusSince;
  if (before.status === bed.status) return before.statusSince;
  const fromFhir = bed.statusSince === null ? Number.NaN : Date.parse(bed.statusSince);
  return fromFhir > previousAt && fromFhir <= Date.parse(nextAsOf) ? bed.statusSince : nextAsOf;
}
