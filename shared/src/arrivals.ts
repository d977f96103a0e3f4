/**
 * Expected arrivals in words, the same on the wall's header, the huddle and the bed manager's view:
 * "from ED 14:30", "from Ward 3A", "transfer in, time not recorded". Pure.
 */
import { shortLondonClock } from './london-time.js';
import type { BedOnBoard, ExpectedArrival, ExpectedOnBoard } from './ward.types.js';

/** "from ED 14:30", "from Ward 3A tomorrow 09:00", "admission" when the record says neither; ", late" when late. */
export function arrivalWords(
  arrival: Pick<ExpectedOnBoard, 'kind' | 'from' | 'expectedAt' | 'late'>,
  now: number,
): string {
  const from =
    arrival.from !== null ? `from ${arrival.from}` : arrival.kind === 'transfer' ? 'transfer in' : 'admission';
  const when = arrival.expectedAt === null ? '' : ` ${shortLondonClock(arrival.expectedAt, now)}`;
  return `${from}${when}${arrival.late ? ', late' : ''}`;
}

/**
 * The huddle's line: "2 expected: from ED 14:30 (Bed 3 held); from Ward 3A 16:00 (needs a side room)",
 * or null when nobody is expected.
 */
export function expectedSummary(expected: readonly ExpectedOnBoard[], now: number): string | null {
  if (expected.length === 0) return null;
  const items = expected.map((a) => {
    const extra = [
      ...(a.bedLabel !== null ? [`${a.bedLabel} held`] : []),
      ...(a.needsSideRoom ? ['needs a side room'] : []),
    ];
    return `${arrivalWords(a, now)}${extra.length === 0 ? '' : ` (${extra.join(', ')})`}`;
  });
  return `${expected.length} expected: ${items.join('; ')}`;
}

/** An arrival as a wall screen may show it (SEC-1): where from, when, the bed held, a side room needed. */
export function arrivalOnBoard(
  arrival: ExpectedArrival,
  beds: readonly Pick<BedOnBoard, 'id' | 'label'>[],
): ExpectedOnBoard {
  return {
    kind: arrival.kind,
    from: arrival.from,
    expectedAt: arrival.expectedAt,
    late: arrival.late,
    bedLabel: arrival.heldBedId === null ? null : (beds.find((b) => b.id === arrival.heldBedId)?.label ?? null),
    needsSideRoom: arrival.isolation !== null,
  };
}
