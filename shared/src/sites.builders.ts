/**
 * Typed builders for the drill-down's tests (docs/style.md rule 11): a ward's stored snapshot with only what a test cares about.
 */
import type { SiteSnapshot, SiteWardInput } from './sites.js';
import { makeBed as baseBed, makePatient, makeWard as baseWard } from './testing/board.builders.js';
import type { BedOnBoard, BedStatus, Ward } from './ward.types.js';

export { makePatient };

export const NOW = Date.parse('2026-11-21T10:00:00Z');
export const RULES = { cleaningAlertAfterMs: 2 * 3_600_000 };
export const minutesBefore = (m: number, now = NOW) => new Date(now - m * 60_000).toISOString();

export function makeBed(id: string, status: BedStatus, overrides: Partial<BedOnBoard> = {}): BedOnBoard {
  return baseBed({
    id,
    label: `Bed ${id}`,
    status,
    patient: status === 'occupied' ? makePatient({ encounterId: `enc-${id}` }) : null,
    ...overrides,
  });
}

export function makeWard(overrides: Partial<Ward> = {}): Ward {
  return baseWard({ id: 'ward-a', siteId: 'site-n', ...overrides });
}

export function makeSnapshot(beds: BedOnBoard[], overrides: Partial<SiteSnapshot> = {}): SiteSnapshot {
  return {
    asOf: minutesBefore(5),
    beds,
    unplaced: [],
    flow: {
      since: minutesBefore(72 * 60),
      admissions: 0,
      transfersIn: 0,
      transfersOut: 0,
      discharges: 0,
      unreadable: 0,
      events: [],
    },
    ...overrides,
  };
}

export function makeInput(snapshot: SiteSnapshot | null, overrides: Partial<SiteWardInput> = {}): SiteWardInput {
  return { ward: makeWard(), snapshot, staleReason: null, lastPollOk: snapshot === null ? null : true, ...overrides };
}
