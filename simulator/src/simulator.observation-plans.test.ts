import type { Observation, ServiceRequest } from '@medplum/fhirtypes';
import {
  DEFAULT_OBSERVATION_PLAN_RULES,
  currentObservationPlan,
  latestNotDoneSet,
  observationSchedule,
} from '@wardflow/shared';
import { HOUR, NOW, code, inpatientsOf, refId, searchAll, wardsOf } from './fhir-search.testing.js';
import { startSimulator, type RunningSimulator } from './simulator.js';

const PLAN_SYSTEM = 'https://fhir.wardflow.org/CodeSystem/observation-plan';

describe("the simulator's observation plans", () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ now: () => NOW });
  });
  afterAll(async () => sim.close());

  it('should publish, per ward profile, each plan shape the board reads and sets recorded as not done', async () => {
    const seen = { acute: new Set<string>(), 'mental-health': new Set<string>() };
    for (const ward of await wardsOf(sim.baseUrl)) {
      const profile = code(ward.type?.[0]) === 'PHU' ? 'mental-health' : 'acute';
      const { encounters } = await inpatientsOf(sim.baseUrl, ward.id as string);
      const patients = encounters.map((e) => e.subject?.reference as string).join(',');
      const requests = (await searchAll(sim.baseUrl, 'ServiceRequest', { patient: patients, _count: '100' }, true))
        .matches as ServiceRequest[];
      // No date filter: a frequency recorded on admission may be days old.
      const observations = (
        await searchAll(
          sim.baseUrl,
          'Observation',
          {
            patient: patients,
            code: `${PLAN_SYSTEM}|news2-frequency,http://snomed.info/sct|1104051000000101`,
            _count: '100',
          },
          true,
        )
      ).matches as Observation[];
      for (const encounter of encounters) {
        const patient = encounter.subject?.reference;
        const mine = <T extends { subject?: { reference?: string } }>(list: T[]) =>
          list.filter((r) => r.subject?.reference === patient);
        const plan = currentObservationPlan(
          { carePlans: [], serviceRequests: mine(requests), observations: mine(observations) },
          DEFAULT_OBSERVATION_PLAN_RULES,
          NOW,
        );
        expect(plan === null || plan.ok).toBe(true);
        if (plan?.ok === true) {
          seen[profile].add(plan.stopped ? 'stopped' : `${plan.source} every ${plan.everyMinutes} min`);
          if (plan.source === 'observation' && plan.recordedAt !== null && plan.recordedAt < NOW - 24 * HOUR)
            seen[profile].add('older than the look-back');
        }
        const notDone = latestNotDoneSet(mine(observations), NOW);
        if (notDone !== null) {
          seen[profile].add(notDone.reason);
          const schedule = observationSchedule(null, plan, notDone);
          // A set not done is recent: its next set is not yet due when the simulator starts.
          expect(Date.parse(schedule.dueAt as string)).toBeGreaterThan(NOW);
        }
        expect(refId(encounter.subject?.reference)).not.toBe('');
      }
    }
    expect([...seen['mental-health']].sort()).toEqual(
      expect.arrayContaining([
        'observation every 1440 min',
        'service-request every 1440 min',
        'refused',
        'older than the look-back',
      ]),
    );
    expect([...seen.acute].sort()).toEqual(
      expect.arrayContaining(['stopped', 'service-request every 120 min', 'not-appropriate']),
    );
  });
});
