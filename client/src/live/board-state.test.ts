import type { WardSafety } from '@wardflow/shared';
import { makeRow, TEST_MEASURES } from '../heatmap/heatmap.builders';
import { makeBoard, makeWard } from '../testing/builders';
import { applyBoard, applySafety, expectResync, initialBoardState } from './board-state';

function safety(version: number, composite: number): WardSafety {
  return {
    version,
    measures: TEST_MEASURES.filter((m) => m.profiles.includes('acute')),
    row: makeRow({ wardId: 'ward-ash', composite: { value: composite, band: 'green' } }),
  };
}

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

describe('applySafety', () => {
  const shown = applyBoard(initialBoardState, makeBoard({ version: 5, safety: safety(100, 10) }), 'ward-ash');

  it('should put a newer safety row on the board shown and keep the board version', () => {
    const next = applySafety(shown, { wardId: 'ward-ash', safety: safety(120, 30) }, 'ward-ash');
    expect(next.board?.safety?.row.composite.value).toBe(30);
    expect(next.board?.version).toBe(5);
    expect(next.acceptAbove).toBe(5);
  });

  it('should ignore an older or equal row, a row for another ward, and a row before any board', () => {
    expect(applySafety(shown, { wardId: 'ward-ash', safety: safety(100, 99) }, 'ward-ash')).toBe(shown);
    expect(applySafety(shown, { wardId: 'ward-ash', safety: safety(90, 99) }, 'ward-ash')).toBe(shown);
    expect(applySafety(shown, { wardId: 'ward-birch', safety: safety(200, 99) }, 'ward-ash')).toBe(shown);
    expect(applySafety(initialBoardState, { wardId: 'ward-ash', safety: safety(200, 99) }, 'ward-ash')).toBe(
      initialBoardState,
    );
  });

  it('should keep a pushed row that is newer than the one a later board was composed with', () => {
    const pushed = applySafety(shown, { wardId: 'ward-ash', safety: safety(120, 30) }, 'ward-ash');
    const boardWithOlderRow = applyBoard(pushed, makeBoard({ version: 6, safety: safety(110, 20) }), 'ward-ash');
    expect(boardWithOlderRow.board?.version).toBe(6);
    expect(boardWithOlderRow.board?.safety?.row.composite.value).toBe(30);
    const boardWithNewerRow = applyBoard(pushed, makeBoard({ version: 7, safety: safety(130, 40) }), 'ward-ash');
    expect(boardWithNewerRow.board?.safety?.row.composite.value).toBe(40);
  });

  it('should take the subscription answer row after a reconnect, whatever its version', () => {
    const resynced = applyBoard(expectResync(shown), makeBoard({ version: 1, safety: safety(3, 50) }), 'ward-ash');
    expect(resynced.board?.safety?.version).toBe(3);
  });
});
