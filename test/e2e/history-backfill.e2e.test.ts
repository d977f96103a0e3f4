/**
 * History from day one, with real processes: a first start against a FHIR server that holds 180 days
 * of the trust's past backfills them (progress visible at GET /api/history/backfill); the process is
 * killed with SIGKILL mid-run, started again on the same data folder and Redis, and the run carries on
 * from where it stopped (not from the start) to every ward-day stored once. A second start while one
 * runs is refused; starting one is audited.
 */
import { startSimulator, type RunningSimulator } from '@wardflow/fhir-simulator';
import type { AuditPage, BackfillRun, BackfillStatusResponse, MeasureHistory } from '@wardflow/shared';
import { eventually } from '../support/eventually.js';
import { baseEnv, startWardflowProcess, type WardflowProcess } from '../support/wardflow-process.js';

const DAYS = 180;

describe('history backfill across a kill', () => {
  let simulator: RunningSimulator;
  let server: WardflowProcess | undefined;

  beforeAll(async () => {
    simulator = await startSimulator({
      seed: 1,
      historyDays: DAYS,
      shapes: { bedLayout: 'mixed', readingLinks: 'mixed' },
    });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await simulator.close();
  });

  it('should carry a run on after its worker is killed, store every ward-day once, and show it', async () => {
    const env = baseEnv({ FHIR_BASE_URL: simulator.baseUrl, HISTORY_BACKFILL_DAYS: String(DAYS) });
    server = await startWardflowProcess(env);
    const first = server;
    const midway = await eventually(
      () => first.json<BackfillStatusResponse>('/api/history/backfill'),
      (s) =>
        s.latest !== null &&
        s.latest.status === 'running' &&
        s.latest.wards.filter((w) => w.doneThrough !== null).length >= 2,
      'Two wards into the first start’s backfill',
      { tries: 600, everyMs: 100 },
    );
    expect(midway.firstStartDays).toBe(DAYS);
    expect(midway.latest?.requestedBy).toBe('first start');
    // A second run is refused while this one runs.
    const again = await first.api('/api/history/backfill', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ days: 7 }),
    });
    expect(again.status).toBe(409);
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    const atKill = midway.latest as BackfillRun;

    server = await startWardflowProcess(env);
    const second = server;
    const done = await eventually(
      () => second.json<BackfillStatusResponse>('/api/history/backfill'),
      (s) => s.latest?.status !== 'running',
      'The backfill finished after the restart',
      { tries: 240, everyMs: 500 },
    );
    const run = done.latest as BackfillRun;
    expect(run.id).toBe(midway.latest?.id);
    expect(run.status).toBe('done');
    expect(run.wards.every((w) => w.status === 'done' && w.doneThrough === run.to)).toBe(true);
    // Every ward-day stored once: written now, or (days the restarted server polled live) kept.
    const wards = run.wards.length;
    expect(run.wards.reduce((n, w) => n + w.written + w.kept, 0)).toBeGreaterThanOrEqual(wards * DAYS);
    expect(second.output()).toMatch(/History backfill \d+ carrying on: \d+ of \d+ wards done/);
    // The wards done before the kill were not read or written again: the run carried on, not over.
    const doneBeforeKill = atKill.wards.filter((w) => w.status === 'done');
    expect(doneBeforeKill.length).toBeGreaterThanOrEqual(1);
    for (const before of doneBeforeKill) {
      const after = run.wards.find((w) => w.wardId === before.wardId);
      expect(after?.requests).toBe(before.requests);
      expect(after?.written).toBe(before.written);
    }

    // The heat map's drill-down has the ward's past from the first hour.
    const ward = run.wards[0]?.wardId as string;
    const from = new Date(Date.now() - DAYS * 86_400_000).toISOString();
    const history = await second.json<MeasureHistory>(`/api/wards/${ward}/history?measure=occupancy&from=${from}`);
    expect(history.points.filter((p) => p.value !== null).length).toBeGreaterThanOrEqual(DAYS - 2);

    // Asking for another run now is accepted and audited.
    const started = await second.api('/api/history/backfill', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ days: 3 }),
    });
    expect(started.status).toBe(202);
    const audit = await second.json<AuditPage>('/api/audit?action=history.backfill');
    expect(audit.entries.map((e) => e.action)).toContain('history.backfill');
  }, 300_000);
});
