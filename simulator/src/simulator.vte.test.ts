import type { Encounter, MedicationRequest, RiskAssessment } from '@medplum/fhirtypes';
import { DEFAULT_VTE_RULES, vteStatus } from '@wardflow/shared';
import { HOUR, NOW, code, inpatientsOf, searchAll, wardsOf } from './fhir-search.testing.js';
import { startSimulator, type RunningSimulator } from './simulator.js';

describe("the simulator's VTE assessments and prophylaxis", () => {
  let sim: RunningSimulator;
  let now = NOW;
  beforeAll(async () => {
    sim = await startSimulator({ now: () => now });
  });
  afterAll(async () => sim.close());

  /** Every acute inpatient's VTE status as the board reads it. */
  async function acuteVte(at: number) {
    const found: Array<ReturnType<typeof vteStatus> & { encounterId: string }> = [];
    for (const ward of await wardsOf(sim.baseUrl)) {
      if (code(ward.type?.[0]) === 'PHU') continue;
      const { encounters } = await inpatientsOf(sim.baseUrl, ward.id as string);
      const patients = encounters.map((e) => e.subject?.reference as string).join(',');
      const risks = (await searchAll(sim.baseUrl, 'RiskAssessment', { patient: patients, _count: '100' }, true))
        .matches as RiskAssessment[];
      const orders = (await searchAll(sim.baseUrl, 'MedicationRequest', { patient: patients, _count: '100' }, true))
        .matches as MedicationRequest[];
      for (const encounter of encounters as Encounter[]) {
        const mine = <T extends { subject?: { reference?: string } }>(list: T[]) =>
          list.filter((r) => r.subject?.reference === encounter.subject?.reference);
        found.push({
          encounterId: encounter.id as string,
          ...vteStatus(
            { admittedAt: encounter.period?.start ?? null, assessments: mine(risks), medicationRequests: mine(orders) },
            DEFAULT_VTE_RULES,
            at,
          ),
        });
      }
    }
    return found;
  }

  it('should publish on acute wards every state the board reads: in time, late, overdue, and prophylaxis missing', async () => {
    const all = await acuteVte(NOW);
    const states = new Set(all.map((v) => v.assessment.state));
    expect([...states]).toEqual(expect.arrayContaining(['done', 'done-late', 'overdue']));
    expect(all.some((v) => v.outcome === 'indicated' && v.prophylaxis !== null)).toBe(true);
    expect(all.some((v) => v.outcome === 'indicated' && v.prophylaxis === null)).toBe(true);
    expect(all.some((v) => v.outcome === 'not-indicated')).toBe(true);
    // The names the trust's orders carry: text, a coding display, or only the local code.
    const medicines = new Set(all.flatMap((v) => (v.prophylaxis === null ? [] : [v.prophylaxis.medication])));
    expect([...medicines].join(' | ')).toMatch(/Enoxaparin/);
    expect([...medicines].join(' | ')).toMatch(/Dalteparin/);
    // Most are assessed in time, as on a ward that keeps up.
    const due = all.filter((v) => v.assessment.state !== 'due');
    expect(due.filter((v) => v.assessment.state === 'done').length / due.length).toBeGreaterThan(0.8);
  });

  it('should assess a patient whose assessment was not yet due when the trust moves on', async () => {
    const pending = (await acuteVte(NOW)).filter((v) => v.assessment.state === 'due');
    expect(pending.length).toBeGreaterThan(0);
    // The trust moves on hour by hour, as it does every few seconds in the demo.
    for (let hour = 1; hour <= 13; hour++) {
      now = NOW + hour * HOUR;
      await sim.evolve(1);
    }
    const later = new Map((await acuteVte(now)).map((v) => [v.encounterId, v]));
    const stillHere = pending.filter((v) => later.has(v.encounterId));
    expect(stillHere.length).toBeGreaterThan(0);
    // Each is assessed: in time, as the ward mostly manages, or late where the slot is the late one.
    const states = stillHere.map((v) => later.get(v.encounterId)?.assessment.state);
    expect(states.every((state) => state === 'done' || state === 'done-late')).toBe(true);
    expect(states.filter((state) => state === 'done').length).toBeGreaterThan(states.length / 2);
  });
});
