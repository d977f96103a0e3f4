import type { Ward, WardSnapshot } from '@wardflow/shared';
import { makeCensus, makeWardSnapshot } from '@wardflow/shared/testing';
import { createPostgresDatabase, createTempDir } from '../testing/test-databases.js';
import { BoardRepository } from './board.repository.js';
import { openDatabase, type DatabaseHandle } from './database.adapter.js';

const ward: Ward = {
  id: 'ward-a',
  name: 'Cedar Ward',
  siteId: 'site-1',
  siteName: 'Royal Riverside',
  profile: 'acute',
  displayLabel: 'initials',
  showMentalHealthAct: true,
};

function makeSnapshot(asOf: string, occupied = 1): WardSnapshot {
  return makeWardSnapshot(asOf, { wardId: ward.id, census: makeCensus({ beds: 2, occupied, free: 2 - occupied }) });
}

describe.each(['pglite', 'postgresql'] as const)('BoardRepository on %s', (kind) => {
  let handle: DatabaseHandle;
  let cleanup: () => Promise<void>;
  let repository: BoardRepository;

  beforeAll(async () => {
    if (kind === 'pglite') {
      const dir = createTempDir();
      handle = await openDatabase({ databaseUrl: null, dataDir: dir.path });
      cleanup = async () => dir.remove();
    } else {
      const database = await createPostgresDatabase();
      handle = await openDatabase({ databaseUrl: database.url, dataDir: 'unused' });
      cleanup = database.drop;
    }
    repository = new BoardRepository(handle.db);
    await repository.upsertWards([ward], new Date('2026-11-21T09:00:00Z'));
  });

  afterAll(async () => {
    await handle.close();
    await cleanup();
  });

  it('should start a new ward at version 0 with no data and the reason', async () => {
    const state = await repository.getBoardState(ward.id);
    expect(state).toMatchObject({
      version: 0,
      asOf: null,
      snapshot: null,
      staleReason: 'No data received from FHIR yet',
    });
    expect(await repository.listWards()).toEqual([{ ...ward, retired: null }]);
    expect(await repository.getWard(ward.id)).toEqual({ ...ward, retired: null });
    expect(await repository.getWard('no-such-ward')).toBeNull();
  });

  it('should accept a newer snapshot, bump the version and record history', async () => {
    const state = await repository.acceptSnapshot(makeSnapshot('2026-11-21T10:00:00.000Z'));
    expect(state).toMatchObject({ version: 1, staleReason: null, lastPollOk: true });
    expect(state?.asOf?.toISOString()).toBe('2026-11-21T10:00:00.000Z');
    expect(await repository.historyCount(ward.id)).toBe(1);
  });

  it('should refuse an older or equal snapshot so a late job never rolls a board back', async () => {
    expect(await repository.acceptSnapshot(makeSnapshot('2026-11-21T09:59:00.000Z', 2))).toBeNull();
    expect(await repository.acceptSnapshot(makeSnapshot('2026-11-21T10:00:00.000Z', 2))).toBeNull();
    const state = await repository.getBoardState(ward.id);
    expect(state?.version).toBe(1);
    expect(state?.snapshot?.census.occupied).toBe(1);
    expect(await repository.historyCount(ward.id)).toBe(1);
  });

  it('should keep the snapshot on a failed poll, mark it stale, and bump the version only when the reason changes', async () => {
    const at = new Date('2026-11-21T10:15:00Z');
    const first = await repository.recordPollFailure(ward.id, 'FHIR server timed out', at);
    expect(first.changed).toBe(true);
    expect(first.state).toMatchObject({ version: 2, staleReason: 'FHIR server timed out', lastPollOk: false });
    expect(first.state.snapshot?.census.occupied).toBe(1);

    const again = await repository.recordPollFailure(
      ward.id,
      'FHIR server timed out',
      new Date('2026-11-21T10:30:00Z'),
    );
    expect(again.changed).toBe(false);
    expect(again.state.version).toBe(2);
    expect(again.state.lastPollAt?.toISOString()).toBe('2026-11-21T10:30:00.000Z');

    const recovered = await repository.acceptSnapshot(makeSnapshot('2026-11-21T10:45:00.000Z', 2));
    expect(recovered).toMatchObject({ version: 3, staleReason: null, lastPollOk: true });
  });

  it("should list every ward's census and poll state without the beds", async () => {
    const [summary] = await repository.listBoardSummaries();
    expect(summary).toMatchObject({
      wardId: ward.id,
      version: 3,
      staleReason: null,
      lastPollOk: true,
      census: { occupied: 2, beds: 2 },
    });
    expect(summary?.asOf?.toISOString()).toBe('2026-11-21T10:45:00.000Z');
    expect(summary).not.toHaveProperty('snapshot');
  });

  it('should keep boards when wards are rediscovered', async () => {
    await repository.upsertWards([{ ...ward, name: 'Cedar Ward (renamed)' }], new Date());
    expect((await repository.getBoardState(ward.id))?.version).toBe(3);
    expect((await repository.listWards())[0]?.name).toBe('Cedar Ward (renamed)');
  });
});
