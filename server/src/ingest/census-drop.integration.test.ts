/**
 * The census-drop guard end to end inside the worker (CS-5): real simulator over HTTP, real
 * FhirReader, PGlite, Redis (unique prefix). Half a ward "discharged" in one go is held, the
 * previous board stays up marked stale with the reason, a confirming poll is queued, and the second
 * poll that sees the same census accepts it.
 */
import { patientsOnBoard, type Ward } from '@wardflow/shared';
import { startIngestHarness, type IngestHarness } from '../testing/ingest-harness.js';

interface EncounterJson {
  id: string;
  status: string;
  period?: { start?: string; end?: string };
  location?: Array<{ status?: string; period?: { start?: string; end?: string } }>;
}

describe('census-drop guard in the poll', () => {
  let harness: IngestHarness;
  let ward: Ward;

  beforeAll(async () => {
    harness = await startIngestHarness({ seed: 3, env: { CENSUS_CONFIRM_DELAY: '30s' } });
    ward = harness.wards[0] as Ward;
    // Building the simulated trust takes seconds, longer on a loaded CI machine.
  }, 120_000);

  // If start-up failed there is nothing to close, and saying so would hide the real error.
  afterAll(async () => (harness as IngestHarness | undefined)?.close());

  async function dischargeHalfTheWard(): Promise<number> {
    const bundle = (await (
      await fetch(`${harness.simulator.baseUrl}/Encounter?location=Location/${ward.id}&status=in-progress&_count=100`)
    ).json()) as { entry?: Array<{ resource: EncounterJson }> };
    const encounters = (bundle.entry ?? []).map((e) => e.resource);
    const leaving = encounters.slice(0, Math.ceil(encounters.length / 2));
    const end = new Date().toISOString();
    for (const encounter of leaving) {
      const finished: EncounterJson = {
        ...encounter,
        status: 'finished',
        period: { ...encounter.period, end },
        location: (encounter.location ?? []).map((l) => ({ ...l, status: 'completed', period: { ...l.period, end } })),
      };
      const response = await fetch(`${harness.simulator.baseUrl}/Encounter/${encounter.id}`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/fhir+json' },
        body: JSON.stringify(finished),
      });
      expect(response.ok).toBe(true);
    }
    return leaving.length;
  }

  it('should hold a sudden large drop, keep the old board stale with the reason, then accept it when confirmed', async () => {
    const first = await harness.ingest.pollWard(ward);
    expect(first).toMatchObject({ ok: true, held: false });
    const before = await harness.boards.getBoardState(ward.id);
    const occupiedBefore = before?.snapshot ? patientsOnBoard(before.snapshot) : 0;
    expect(occupiedBefore).toBeGreaterThanOrEqual(15);

    const discharged = await dischargeHalfTheWard();

    const second = await harness.ingest.pollWard(ward);
    expect(second).toMatchObject({ ok: true, held: true });
    const held = await harness.boards.getBoardState(ward.id);
    expect(held?.snapshot ? patientsOnBoard(held.snapshot) : -1).toBe(occupiedBefore);
    expect(held?.staleReason).toBe(
      `Patients on the ward fell from ${occupiedBefore} to ${occupiedBefore - discharged}: showing the previous board until the next poll confirms it`,
    );
    expect(held?.version).toBe((before?.version ?? 0) + 1);
    const confirming = (await harness.queue.getJobs(['delayed'])).map((j) => j.data);
    expect(confirming).toEqual([{ wardId: ward.id, trigger: 'confirm' }]);

    const third = await harness.ingest.pollWard(ward);
    expect(third).toMatchObject({ ok: true, held: false });
    const accepted = await harness.boards.getBoardState(ward.id);
    expect(accepted?.snapshot ? patientsOnBoard(accepted.snapshot) : -1).toBe(occupiedBefore - discharged);
    expect(accepted?.staleReason).toBeNull();
    expect(accepted?.pendingDropOccupied).toBeNull();
  });
});
