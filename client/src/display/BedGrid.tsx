import type { BedOnBoard } from '@wardflow/shared';
import { BedCard } from './BedCard';

interface BedGridProps {
  beds: BedOnBoard[];
  /** Every bed on the ward, when `beds` is one page of them: same-initials warnings name beds on any page. */
  allBeds?: BedOnBoard[];
  now: number;
  riskColours: boolean;
}

/**
 * Rows chosen so that a typical ward (20-30 beds) fills one 1920x1080 screen in four rows with no
 * scrolling: an unattended screen cannot be scrolled.
 */
export function gridShape(bedCount: number): { columns: number; rows: number } {
  const rows = bedCount <= 8 ? 2 : bedCount <= 15 ? 3 : bedCount <= 32 ? 4 : 5;
  return { columns: Math.max(1, Math.ceil(bedCount / rows)), rows };
}

export function BedGrid({ beds, allBeds = beds, now, riskColours }: BedGridProps) {
  // Same-initials warnings name encounters (the join key, CS-8); people on the ward know beds.
  const bedOfEncounter = new Map<string, string>();
  for (const bed of allBeds) if (bed.patient !== null) bedOfEncounter.set(bed.patient.encounterId, bed.label);
  const { columns, rows } = gridShape(beds.length);

  return (
    <section
      className="beds"
      aria-label="Beds"
      style={{
        gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`,
        gridTemplateRows: `repeat(${rows}, minmax(0, 1fr))`,
      }}
    >
      {beds.map((bed) => (
        <BedCard
          key={bed.id}
          bed={bed}
          now={now}
          riskColours={riskColours}
          sameInitialsBeds={(bed.patient?.sameInitialsAs ?? []).map(
            (id) => bedOfEncounter.get(id) ?? 'another patient',
          )}
        />
      ))}
    </section>
  );
}
