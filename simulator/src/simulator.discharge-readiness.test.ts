import type { Encounter, Observation, Task } from '@medplum/fhirtypes';
import { DEFAULT_DISCHARGE_READINESS_RULES, dischargeReadiness, readinessLine } from '@wardflow/shared';
import { NOW, code, inpatientsOf, searchAll, wardsOf } from './fhir-search.testing.js';
import { startSimulator, type RunningSimulator } from './simulator.js';

const READINESS = 'https://fhir.wardflow.org/CodeSystem/discharge-readiness';

describe("the simulator's discharge readiness", () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ now: () => NOW });
  });
  afterAll(async () => sim.close());

  it('should publish, per ward profile, every shape the board reads, as a board reads it', async () => {
    const seen = { acute: new Set<string>(), 'mental-health': new Set<string>() };
    for (const ward of await wardsOf(sim.baseUrl)) {
      const profile = code(ward.type?.[0]) === 'PHU' ? 'mental-health' : 'acute';
      const { encounters } = await inpatientsOf(sim.baseUrl, ward.id as string);
      const patients = encounters.map((e) => e.subject?.reference as string).join(',');
      // No date filter: the first "ready" review of a run may be days old.
      const observations = (
        await searchAll(
          sim.baseUrl,
          'Observation',
          {
            patient: patients,
            code: ['discharge-readiness', 'discharge-pathway', 'discharge-delay-reason']
              .map((c) => `${READINESS}|${c}`)
              .join(','),
            _count: '100',
          },
          true,
        )
      ).matches as Observation[];
      const tasks = (await searchAll(sim.baseUrl, 'Task', { patient: patients, _count: '100' }, true))
        .matches as Task[];
      for (const encounter of encounters as Encounter[]) {
        const patient = encounter.subject?.reference;
        const { readiness, problems } = dischargeReadiness(
          {
            encounter,
            observations: observations.filter((o) => o.subject?.reference === patient),
            tasks: tasks.filter((t) => t.for?.reference === patient),
          },
          DEFAULT_DISCHARGE_READINESS_RULES,
          NOW,
        );
        expect(problems).toEqual([]);
        if (readiness === null) continue;
        seen[profile].add(readiness.status ?? 'pathway only');
        if (readiness.status === 'ready' && readiness.readyDate !== null && readiness.readyDate < '2026-11-21')
          seen[profile].add('delayed');
        if (readiness.pathway !== null) seen[profile].add(`pathway ${readiness.pathway}`);
        if (readiness.reviewedAt === null) seen[profile].add('from the encounter');
        for (const r of readiness.delayReasons) seen[profile].add(r.reason ?? `local: ${r.text}`);
        // The card's line reads as a nurse would say it.
        if (readiness.status === 'ready') expect(readinessLine(readiness, NOW)).toMatch(/^Ready (today|since \w+)/);
      }
    }
    expect([...seen.acute]).toEqual(
      expect.arrayContaining([
        'ready',
        'not-ready',
        'delayed',
        'pathway 0',
        'pathway 1',
        'pathway 3',
        'care-package',
        'transport',
        'from the encounter',
        'local: Awaiting nursing home bed',
      ]),
    );
    expect([...seen['mental-health']]).toEqual(
      expect.arrayContaining(['ready', 'not-ready', 'delayed', 'housing', 'specialist-placement', 'pathway 2']),
    );
  });
});
