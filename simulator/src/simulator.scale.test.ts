import type { Encounter } from '@medplum/fhirtypes';
import { HOUR, NEWS2, NOW, inpatientsOf, searchAll, wardsOf } from './fhir-search.testing.js';
import { startSimulator } from './simulator.js';

// Bounds are an order of magnitude above what this machine measures: they catch a search that has
// fallen back to scanning the whole trust, not a slow CI runner.
describe('a 200-ward trust', () => {
  it("should seed, answer one ward's poll and evolve within bounds a benchmark can live with", async () => {
    let started = performance.now();
    const sim = await startSimulator({ now: () => NOW, wards: 200, bedsPerWard: [30, 30] });
    try {
      expect(performance.now() - started).toBeLessThan(20_000);
      const wards = await wardsOf(sim.baseUrl);
      expect(wards).toHaveLength(200);

      started = performance.now();
      const ward = wards[150]?.id as string;
      const [beds, current] = await Promise.all([
        searchAll(sim.baseUrl, 'Location', { partof: `Location/${ward}`, _count: '100' }),
        inpatientsOf(sim.baseUrl, ward),
        searchAll(sim.baseUrl, 'Encounter', {
          location: `Location/${ward}`,
          status: 'finished',
          date: 'ge2026-11-21T00:00:00Z',
          _count: '100',
        }),
      ]);
      const news2 = await searchAll(
        sim.baseUrl,
        'Observation',
        {
          code: NEWS2,
          encounter: current.encounters.map((e: Encounter) => `Encounter/${e.id}`).join(','),
          date: `ge${new Date(NOW - 72 * HOUR).toISOString()}`,
          _sort: '-date',
          _count: '100',
        },
        true,
      );
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(beds.matches).toHaveLength(30);
      expect(news2.matches.length).toBeGreaterThanOrEqual(current.encounters.length);

      started = performance.now();
      await sim.evolve();
      expect(performance.now() - started).toBeLessThan(10_000);
    } finally {
      await sim.close();
    }
  });
});
