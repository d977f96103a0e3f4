/**
 * A running server whose FHIR source goes away keeps the last complete board, marks it stale with a
 * reason a nurse can read, and pushes that to the screens at once (CS-2, CS-4).
 */
import type { Board, WardSummary } from '@wardflow/shared';
import { connect, nextBoard, subscribe, type WardSocket } from '../support/socket.js';
import { baseEnv, startWardflowProcess, type WardflowProcess } from '../support/wardflow-process.js';
// The simulator is the one the demo runs; here it runs in the test process as the trust's FHIR server.
import { startSimulator, type RunningSimulator } from '@wardflow/fhir-simulator';

describe('FHIR outage while running', () => {
  let simulator: RunningSimulator;
  let server: WardflowProcess;
  let socket: WardSocket;

  beforeAll(async () => {
    simulator = await startSimulator({ seed: 7 });
    server = await startWardflowProcess(baseEnv({ FHIR_BASE_URL: simulator.baseUrl, FHIR_TIMEOUT: '2s' }));
  });

  afterAll(async () => {
    socket?.disconnect();
    await server?.stop();
    await simulator?.close().catch(() => undefined);
  });

  it('should keep the last board and mark it stale with the reason', async () => {
    const ward = (await server.json<WardSummary[]>(`/api/wards`))[0] as WardSummary;
    socket = await connect(server.url, { token: server.token });
    const ack = await subscribe(socket, ward.id);
    if (!('data' in ack)) throw new Error(ack.error);
    const good: Board = ack.data.asOf !== null ? ack.data : await nextBoard(socket, (b) => b.asOf !== null);
    expect(good.freshness).toBe('fresh');

    await simulator.close();
    await server.api(`/api/polls`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ wardId: ward.id }),
    });

    const stale = await nextBoard(socket, (b) => b.version > good.version);
    expect(stale.freshness).toBe('stale');
    expect(stale.staleReason).toBe('FHIR server unreachable');
    expect(stale.asOf).toBe(good.asOf);
    expect(stale.beds).toEqual(good.beds);
  });
});
