import { makeBoard, makeWard } from '../testing/builders';
import { applyBoard, expectResync, initialBoardState } from './board-state';

describe('applyBoard', () => {
  it('should apply a newer version and ignore an older or equal one', () => {
    const v5 = applyBoard(initialBoardState, makeBoard({ version: 5 }), 'ward-ash');
    expect(v5.board?.version).toBe(5);
    expect(applyBoard(v5, makeBoard({ version: 4 }), 'ward-ash')).toBe(v5);
    expect(applyBoard(v5, makeBoard({ version: 5 }), 'ward-ash')).toBe(v5);
    expect(applyBoard(v5, makeBoard({ version: 7 }), 'ward-ash').board?.version).toBe(7);
  });

  it('should ignore a board for another ward', () => {
    const other = makeBoard({ ward: makeWard({ id: 'ward-birch' }) });
    expect(applyBoard(initialBoardState, other, 'ward-ash')).toBe(initialBoardState);
  });

  it('should accept the full board after a reconnect even when the server counts versions afresh', () => {
    const shown = applyBoard(initialBoardState, makeBoard({ version: 40 }), 'ward-ash');
    const resynced = applyBoard(expectResync(shown), makeBoard({ version: 1 }), 'ward-ash');
    expect(resynced.board?.version).toBe(1);
  });
});
