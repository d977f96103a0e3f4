import type { Encounter, Flag, Location } from '@medplum/fhirtypes';
import { HOUR, NOW, searchAll, wardsOf } from './fhir-search.testing.js';
import { startSimulator, type RunningSimulator } from './simulator.js';

const MINUTE = 60_000;

describe("the simulator's expected arrivals", () => {
  let sim: RunningSimulator;
  let now = NOW;
  beforeAll(async () => {
    sim = await startSimulator({ now: () => now, shapes: { bedLayout: 'mixed', readingLinks: 'encounter' } });
  });
  afterAll(async () => sim.close());

  /** Every encounter naming a ward in a planned or reserved entry, or booked for it, as the ward's searches find them. */
  async function expectedOn(wardId: string) {
    const places = [
      `Location/${wardId}`,
      ...(
        (await searchAll(sim.baseUrl, 'Location', { partof: `Location/${wardId}`, _count: '100' }))
          .matches as Location[]
      ).map((l) => `Location/${l.id}`),
    ];
    const rooms = places.slice(1).join(',');
    const beds =
      rooms === ''
        ? []
        : ((await searchAll(sim.baseUrl, 'Location', { partof: rooms, _count: '100' })).matches as Location[]);
    const all = [...places, ...beds.map((b) => `Location/${b.id}`)].join(',');
    const booked = (
      await searchAll(sim.baseUrl, 'Encounter', { location: all, status: 'planned,arrived', _count: '100' })
    ).matches as Encounter[];
    const current = (await searchAll(sim.baseUrl, 'Encounter', { location: all, status: 'in-progress', _count: '100' }))
      .matches as Encounter[];
    const moving = current.filter((e) =>
      e.location?.some((l) => l.status === 'planned' && l.location.reference === `Location/${wardId}`),
    );
    return { booked, moving };
  }

  it('should book admissions and transfers in over a few hours of steps, in the shapes real feeds use', async () => {
    for (let i = 0; i < 24; i++) {
      now += 15 * MINUTE;
      await sim.evolve();
    }
    const found = await Promise.all((await wardsOf(sim.baseUrl)).map((w) => expectedOn(w.id as string)));
    const booked = found.flatMap((f) => f.booked);
    const moving = found.flatMap((f) => f.moving);
    expect(booked.length).toBeGreaterThan(3);
    expect(moving.length).toBeGreaterThan(0);
    // In ED waiting for a bed, and booked.
    expect(new Set(booked.map((e) => e.status))).toEqual(new Set(['planned', 'arrived']));
    // The time: the R5 extension, the encounter's period, or the planned entry's period; some have none at all.
    const timed = (e: Encounter) =>
      e.extension?.some((x) => x.url.endsWith('plannedStartDate')) === true ||
      e.period?.start !== undefined ||
      e.location?.some((l) => l.period?.start !== undefined) === true;
    expect(booked.some(timed)).toBe(true);
    expect(booked.some((e) => e.period === undefined)).toBe(true);
    // Where from: an admit source code, or an origin with only its name.
    expect(booked.some((e) => e.hospitalization?.admitSource?.coding?.[0]?.code === 'emd')).toBe(true);
    expect(booked.some((e) => e.hospitalization?.origin?.display === 'Emergency Department')).toBe(true);
    // Some hold a bed, marked reserved.
    const held = [...booked, ...moving].flatMap((e) => e.location?.filter((l) => l.status === 'reserved') ?? []);
    expect(held.length).toBeGreaterThan(0);
    // A patient needing isolation has their Flags before they arrive, naming only them.
    const patients = booked.map((e) => e.subject?.reference as string).join(',');
    const flags = (await searchAll(sim.baseUrl, 'Flag', { patient: patients, _count: '100' })).matches as Flag[];
    expect(flags.some((f) => f.code?.coding?.[0]?.code === 'contact' && f.encounter === undefined)).toBe(true);
  });

  it('should admit them when their time comes and a bed fits, so nobody stays expected for ever', async () => {
    const wards = await wardsOf(sim.baseUrl);
    const coming = async () =>
      new Set(
        (
          await Promise.all(wards.map(async (w) => ({ ward: w.id as string, found: await expectedOn(w.id as string) })))
        ).flatMap(({ ward, found }) => [...found.booked, ...found.moving].map((e) => `${e.id as string} to ${ward}`)),
      );
    const before = await coming();
    expect(before.size).toBeGreaterThan(0);
    for (let i = 0; i < 48; i++) {
      now += 15 * MINUTE;
      await sim.evolve();
    }
    // Twelve hours on (each is due within five and withdrawn six after), everyone then expected has
    // arrived or been withdrawn: none is still expected on the same ward.
    const after = await coming();
    expect([...before].filter((key) => after.has(key))).toEqual([]);
    expect(now - NOW).toBeGreaterThanOrEqual(18 * HOUR);
  });
});
