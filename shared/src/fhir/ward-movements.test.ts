import type { Encounter, EncounterLocation } from '@medplum/fhirtypes';
import { wardMovements } from './ward-movements.js';

const NOW = Date.parse('2026-11-22T12:00:00Z');
const SINCE = NOW - 72 * 3_600_000;
const BEDS = new Set(['bed1', 'bed2']);
const at = (hoursAgo: number) => new Date(NOW - hoursAgo * 3_600_000).toISOString();

const entry = (location: string, start: string | undefined, end?: string): EncounterLocation => ({
  location: { reference: `Location/${location}` },
  status: end === undefined ? 'active' : 'completed',
  period: { ...(start === undefined ? {} : { start }), ...(end === undefined ? {} : { end }) },
});
const encounter = (
  id: string,
  start: string,
  location: EncounterLocation[],
  extra: Partial<Encounter> = {},
): Encounter => ({
  resourceType: 'Encounter',
  id,
  status: 'in-progress',
  class: { code: 'IMP' },
  period: { start },
  location,
  ...extra,
});
const flowOf = (encounters: Encounter[]) => {
  const { since: _since, ...counts } = wardMovements(encounters, 'ward-a', BEDS, SINCE, NOW);
  return counts;
};

describe('wardMovements', () => {
  it('should count an admission to this ward inside the window, and not one before it', () => {
    expect(flowOf([encounter('e1', at(10), [entry('ward-a', at(10)), entry('bed1', at(10))])])).toEqual({
      admissions: 1,
      transfersIn: 0,
      transfersOut: 0,
      discharges: 0,
      unreadable: 0,
      events: [{ kind: 'admission', at: at(10) }],
    });
    expect(flowOf([encounter('e1', at(80), [entry('ward-a', at(80)), entry('bed1', at(80))])]).admissions).toBe(0);
  });

  it('should count a transfer in when the stay began on another ward', () => {
    const e = encounter('e1', at(100), [
      entry('ward-b', at(100), at(20)),
      entry('ward-a', at(20)),
      entry('bed2', at(20)),
    ]);
    expect(flowOf([e])).toMatchObject({ admissions: 0, transfersIn: 1 });
  });

  it('should count a transfer out when the stay goes on elsewhere, and a discharge when it ends here', () => {
    const out = encounter('e1', at(100), [
      entry('ward-a', at(100), at(5)),
      entry('bed1', at(100), at(5)),
      entry('ward-b', at(5)),
    ]);
    const home = encounter('e2', at(100), [entry('ward-a', at(100), at(3)), entry('bed2', at(100), at(3))], {
      status: 'finished',
      period: { start: at(100), end: at(3) },
    });
    expect(flowOf([out, home])).toMatchObject({ transfersOut: 1, discharges: 1 });
  });

  it('should not count a move between two beds of this ward', () => {
    const e = encounter('e1', at(100), [entry('ward-a', at(100)), entry('bed1', at(100), at(6)), entry('bed2', at(6))]);
    expect(flowOf([e])).toEqual({
      admissions: 0,
      transfersIn: 0,
      transfersOut: 0,
      discharges: 0,
      unreadable: 0,
      events: [],
    });
  });

  it('should record each movement with its time, oldest first, whatever order the encounters came in', () => {
    const out = encounter('e1', at(100), [
      entry('ward-a', at(100), at(5)),
      entry('bed1', at(100), at(5)),
      entry('ward-b', at(5)),
    ]);
    const home = encounter('e2', at(100), [entry('ward-a', at(100), at(3)), entry('bed2', at(100), at(3))], {
      status: 'finished',
      period: { start: at(100), end: at(3) },
    });
    const arrived = encounter('e3', at(30), [
      entry('ward-b', at(30), at(20)),
      entry('ward-a', at(20)),
      entry('bed2', at(20)),
    ]);
    const expected = [
      { kind: 'transfer-in', at: at(20) },
      { kind: 'transfer-out', at: at(5) },
      { kind: 'discharge', at: at(3) },
    ];
    expect(flowOf([out, home, arrived]).events).toEqual(expected);
    expect(flowOf([arrived, home, out]).events).toEqual(expected);
  });

  it('should count an encounter whose times cannot be read, rather than guess', () => {
    const e = encounter('e1', 'not a date', [entry('ward-a', undefined)]);
    expect(flowOf([e]).unreadable).toBe(1);
  });

  it('should count each encounter once even if the search returned it twice', () => {
    const e = encounter('e1', at(10), [entry('ward-a', at(10))]);
    expect(flowOf([e, e]).admissions).toBe(1);
  });

  it('should count nobody still coming: a planned or reserved entry here, or a stay not begun', () => {
    const coming = (status: 'planned' | 'reserved'): EncounterLocation => ({
      location: { reference: `Location/${status === 'planned' ? 'ward-a' : 'bed1'}` },
      status,
    });
    const elsewhere = [entry('ward-b', at(40))];
    expect(
      flowOf([
        // On ward B since 40 h ago, expected here: neither admitted here nor transferred in.
        encounter('e1', at(40), [...elsewhere, coming('planned'), coming('reserved')]),
        // Booked for this ward, in ED since 2 h ago.
        encounter('e2', at(2), [{ ...coming('planned'), period: { start: at(2) } }], { status: 'arrived' }),
        encounter('e3', at(5), [entry('ward-a', at(5))], { status: 'cancelled' }),
      ]),
    ).toEqual({ admissions: 0, transfersIn: 0, transfersOut: 0, discharges: 0, unreadable: 0, events: [] });
  });
});
