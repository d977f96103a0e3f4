/**
 * The Early Warning System end to end on the demo trust: the built server is given 180 days of
 * simulated history through the history import (as the demo does) and fits a model on it; a poll is scored by the BullMQ job and a socket client
 * on the heat map receives a higher version; every ward has ten measures, each with value and band
 * or the reason there is none, and a prediction with its drivers; a ward's history comes back with
 * its thresholds and says how old detail was thinned.
 */
import type { AuditPage, Heatmap, HistoryImportReport, WardSummary } from '@wardflow/shared';
import { baseEnv, startWardflowProcess, type WardflowProcess } from '../support/wardflow-process.js';
import { connect, nextHeatmap, nextSafety, subscribe, subscribeHeatmap, type WardSocket } from '../support/socket.js';

describe('heat map: poll -> score job -> socket', () => {
  let server: WardflowProcess;
  let socket: WardSocket;

  beforeAll(async () => {
    server = await startWardflowProcess(baseEnv());
  });

  afterAll(async () => {
    socket?.disconnect();
    await server?.stop();
  });

  it('should push a heat map with a higher version after a poll is scored', async () => {
    socket = await connect(server.url, { token: server.token });
    const ack = await subscribeHeatmap(socket);
    if (!('data' in ack)) throw new Error(`heatmap:subscribe failed: ${ack.error}`);
    const wards = await server.json<WardSummary[]>(`/api/wards`);
    const ward = wards[0] as WardSummary;
    const start = ack.data.version;

    await server.api(`/api/polls`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ wardId: ward.id }),
    });
    const next = await nextHeatmap(socket, (h) => h.version > start, 60_000);
    expect(next.version).toBeGreaterThan(start);

    const rest = await server.json<Heatmap>(`/api/heatmap`);
    expect(rest.version).toBeGreaterThanOrEqual(next.version);
  });

  it("should give a ward's wall screen its own safety row with the board, and push a newer one after its next score", async () => {
    const wards = await server.json<WardSummary[]>(`/api/wards`);
    const ward = wards.find((w) => w.profile === 'acute') as WardSummary;
    const screen = await connect(server.url, { token: server.token });
    try {
      let ack = await subscribe(screen, ward.id);
      // Wait for the ward's first poll: the row may come from simulated history before it, staffing only after.
      for (let i = 0; i < 60 && 'data' in ack && (ack.data.safety === null || ack.data.asOf === null); i++) {
        await new Promise((r) => setTimeout(r, 500));
        ack = await subscribe(screen, ward.id);
      }
      if (!('data' in ack)) throw new Error(`ward:subscribe failed: ${ack.error}`);
      const first = ack.data.safety;
      if (first === null) throw new Error('The board never carried a safety row');
      expect(first.row.wardId).toBe(ward.id);
      expect(first.measures).toHaveLength(10);
      expect(first.row.cells.map((c) => c.measureId).sort()).toEqual(first.measures.map((m) => m.id).sort());
      expect(ack.data.staffing?.fillPercent).toEqual(expect.any(Number));

      await server.api(`/api/polls`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ wardId: ward.id }),
      });
      const pushed = await nextSafety(screen, (u) => u.safety.version > first.version, 60_000);
      expect(pushed.wardId).toBe(ward.id);
      expect(pushed.safety.row.asOf! >= first.row.asOf!).toBe(true);
    } finally {
      screen.disconnect();
    }
  });

  it('should carry ten measures with value and band or a reason, and a fitted prediction with drivers, for every ward', async () => {
    const wards = await server.json<WardSummary[]>(`/api/wards`);
    // Every ward's first live poll is scored shortly after start.
    let heatmap: Heatmap | null = null;
    for (let i = 0; i < 120; i++) {
      heatmap = await server.json<Heatmap>(`/api/heatmap`);
      if (
        heatmap.wards.every(
          (w) => w.prediction !== null && w.asOf !== null && Date.now() - Date.parse(w.asOf) < 10 * 60_000,
        )
      )
        break;
      await new Promise((r) => setTimeout(r, 500));
    }
    if (heatmap === null) throw new Error('no heat map');
    expect(heatmap.wards.map((w) => w.wardId).sort()).toEqual(wards.map((w) => w.id).sort());
    expect(heatmap.measures.filter((m) => m.profiles.includes('acute'))).toHaveLength(10);
    expect(heatmap.measures.filter((m) => m.profiles.includes('mental-health'))).toHaveLength(10);
    for (const row of heatmap.wards) {
      expect(row.cells).toHaveLength(10);
      for (const cell of row.cells) {
        if (cell.value === null) expect(typeof cell.reason).toBe('string');
        else expect(['green', 'amber', 'red']).toContain(cell.band);
      }
      expect(row.prediction?.model.source).toBe('fitted');
      expect(row.prediction?.probability).toBeGreaterThan(0);
      expect(row.prediction?.drivers.length).toBeGreaterThan(0);
      // A week of simulated history lies behind the first live score: the trend is known.
      expect(row.trend).not.toBeNull();
    }
  });

  it("should give a ward's measure history with its thresholds, simulated days and live polls", async () => {
    const wards = await server.json<WardSummary[]>(`/api/wards`);
    const ward = wards.find((w) => w.profile === 'acute') as WardSummary;
    const to = new Date().toISOString();
    const from = new Date(Date.now() - 200 * 86_400_000).toISOString();
    const response = await server.api(`/api/wards/${ward.id}/history?measure=falls&from=${from}&to=${to}`);
    expect(response.status).toBe(200);
    const history = (await response.json()) as {
      measure: { id: string; amber: number; red: number };
      aggregation: string;
      points: Array<{ granularity: string; value: number | null }>;
    };
    expect(history.measure).toMatchObject({ id: 'falls', amber: 7, red: 10 });
    expect(history.aggregation).toMatch(/last score of each hour/);
    expect(history.points.filter((p) => p.granularity === 'day').length).toBe(180);
    expect(history.points.some((p) => p.granularity === 'poll')).toBe(true);

    const bad = await server.api(`/api/wards/${ward.id}/history?measure=awol`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/Unknown measure awol for an acute ward/);
  });

  it('should refuse a history file with a bad row naming line and column, write nothing, and change nothing on a second import of a good one; both audited', async () => {
    const ward = (await server.json<WardSummary[]>(`/api/wards`)).find((w) => w.profile === 'acute') as WardSummary;
    const post = (body: string, type = 'text/csv') =>
      server.api('/api/history/import', { method: 'POST', headers: { 'content-type': type }, body });
    const before = (await (
      await server.api(`/api/wards/${ward.id}/history?measure=falls&from=2020-01-01T00:00:00Z&to=2020-01-10T00:00:00Z`)
    ).json()) as { points: unknown[] };
    expect(before.points).toEqual([]);

    const refused = await post(`ward,date,falls,occupancy\n${ward.id},2020-01-02,2,91\n${ward.id},2020-01-03,two,90\n`);
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as HistoryImportReport).errors).toEqual([
      { line: 3, column: 'falls', message: 'not a number: "two"' },
    ]);

    const good = `ward,date,falls,occupancy\n${ward.id},2020-01-02,2,91\n${ward.id},2020-01-03,1,90\n`;
    const first = (await (await post(good)).json()) as HistoryImportReport;
    expect(first).toMatchObject({ format: 'csv', rows: 2, written: 2, unchanged: 0, errors: [] });
    const second = (await (await post(good)).json()) as HistoryImportReport;
    expect(second).toMatchObject({ rows: 2, written: 0, unchanged: 2 });
    const after = (await (
      await server.api(`/api/wards/${ward.id}/history?measure=falls&from=2020-01-01T00:00:00Z&to=2020-01-10T00:00:00Z`)
    ).json()) as { points: Array<{ value: number | null }> };
    expect(after.points.map((p) => p.value)).toEqual([2, 1]);

    expect((await post('{}', 'application/json')).status).toBe(415);
    // A page on another site can import nothing, whatever credential rides along.
    const foreign = await server.api('/api/history/import', {
      method: 'POST',
      headers: { 'content-type': 'text/csv', origin: 'http://attacker.example' },
      body: good,
    });
    expect(foreign.status).toBe(403);
    const audit = await server.json<AuditPage>('/api/audit?action=history.import');
    expect(audit.entries.map((e) => e.outcome).slice(0, 3)).toEqual(['success', 'success', 'failure']);
  });
});
