/**
 * The board cache behind restart storms: a thousand requests at once read the database once and
 * compose once; an announcement of a newer version (or a new score) is read again at once; and what a
 * screen is told about how old its data is stays exact while a composition is reused.
 */
import { makeWard, makeWardSnapshot } from '@wardflow/shared/testing';
import type { Board } from '@wardflow/shared';
import { testConfig } from '../testing/test-config.js';
import type { BoardRepository, StoredBoardState } from '../store/board.repository.js';
import type { ScoreRepository } from '../store/score.repository.js';
import { BoardService, COMPOSED_REUSED_MS, INPUTS_KEPT_MS } from './board.service.js';

const MINUTE = 60_000;
const T0 = Date.parse('2026-12-06T10:00:00Z');

function rig() {
  let now = T0;
  let version = 3;
  const reads = { ward: 0, state: 0, score: 0 };
  const state = (): StoredBoardState => ({
    wardId: 'ward-a',
    version,
    asOf: new Date(T0),
    snapshot: makeWardSnapshot(new Date(T0).toISOString()),
    staleReason: null,
    lastPollAt: new Date(T0),
    lastPollOk: true,
    pendingDropOccupied: null,
  });
  const boards = {
    getWard: async (id: string) => {
      reads.ward++;
      return id === 'ward-a' ? makeWard({ id: 'ward-a' }) : null;
    },
    getBoardState: async (id: string) => {
      reads.state++;
      return id === 'ward-a' ? state() : null;
    },
  } as unknown as BoardRepository;
  const scores = {
    latestScoreOf: async () => {
      reads.score++;
      return null;
    },
  } as unknown as ScoreRepository;
  const service = new BoardService(boards, scores, () => now, testConfig({}));
  return {
    service,
    reads,
    advance: (ms: number) => (now += ms),
    bump: () => (version += 1),
  };
}

describe('BoardService cache', () => {
  it('should read the database once and compose once for a thousand requests at once', async () => {
    const { service, reads } = rig();
    const boards = await Promise.all(Array.from({ length: 1000 }, () => service.getBoard('ward-a')));
    expect(reads).toEqual({ ward: 1, state: 1, score: 1 });
    // One composition: every answer carries the same bed list.
    const first = boards[0] as Board;
    expect(boards.every((b) => b?.beds === first.beds)).toBe(true);
  });

  it('should read a newer version at once when it is announced, and not for a late or duplicate announcement', async () => {
    const { service, reads, bump } = rig();
    expect((await service.getBoard('ward-a'))?.version).toBe(3);
    service.invalidate('ward-a', 3);
    await service.getBoard('ward-a');
    expect(reads.state).toBe(1);
    bump();
    service.invalidate('ward-a', 4);
    expect((await service.getBoard('ward-a'))?.version).toBe(4);
    expect(reads.state).toBe(2);
    // A new score: every ward's inputs are read again.
    service.invalidate();
    await service.getBoard('ward-a');
    expect(reads.score).toBe(3);
  });

  it('should restamp the server time on a reused board and recompose when its freshness changes', async () => {
    const { service, advance } = rig();
    const first = (await service.getBoard('ward-a')) as Board;
    expect(first.freshness).toBe('fresh');
    advance(COMPOSED_REUSED_MS - 1);
    const reused = (await service.getBoard('ward-a')) as Board;
    expect(reused.beds).toBe(first.beds);
    expect(Date.parse(reused.serverTime) - Date.parse(first.serverTime)).toBe(COMPOSED_REUSED_MS - 1);
    // Long after the last poll the same version is no longer fresh, and the board says so.
    advance(INPUTS_KEPT_MS - COMPOSED_REUSED_MS);
    advance(40 * MINUTE);
    const later = (await service.getBoard('ward-a')) as Board;
    expect(later.freshness).not.toBe('fresh');
    expect(later.staleReason).toBeDefined();
  });

  it('should keep nothing for an unknown ward, so made-up ids cannot fill the cache', async () => {
    const { service, reads } = rig();
    expect(await service.getBoard('nope')).toBeNull();
    expect(await service.getBoard('nope')).toBeNull();
    expect(reads.ward).toBe(2);
  });
});
