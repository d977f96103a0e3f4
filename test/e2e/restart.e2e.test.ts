/**
 * After a restart on the same database and Redis, boards keep their versions (screens never see a
 * version go backwards) and every ward is polled again at once rather than at its next scheduled slot.
 */
import type { Board, WardSummary } from '@wardflow/shared';
import { baseEnv, startWardflowProcess, type WardflowProcess } from '../support/wardflow-process.js';
import { eventually } from '../support/eventually.js';

function polledBoard(server: WardflowProcess, wardId: string, after: number): Promise<Board> {
  return eventually(
    () => server.json<Board>(`/api/wards/${wardId}/board`),
    (board) => board.asOf !== null && Date.parse(board.asOf) > after,
    `A poll of ward ${wardId} after ${new Date(after).toISOString()}`,
    { tries: 100, everyMs: 200 },
  );
}

describe('restart', () => {
  let server: WardflowProcess | undefined;
  afterAll(async () => server?.stop());

  it('should poll every ward straight after a restart and keep versions increasing', async () => {
    const env = baseEnv();
    server = await startWardflowProcess(env);
    const ward = (await server.json<WardSummary[]>(`/api/wards`))[0] as WardSummary;
    const before = await polledBoard(server, ward.id, 0);
    await server.stop({ keepData: true });

    const restartedAt = Date.now();
    server = await startWardflowProcess(env);
    const wards = await server.json<WardSummary[]>(`/api/wards`);
    for (const w of wards) await polledBoard(server, w.id, restartedAt);
    const after = await polledBoard(server, ward.id, restartedAt);
    expect(after.version).toBeGreaterThan(before.version);
  });
});
