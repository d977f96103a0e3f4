/**
 * Which board a screen shows (RT). Every `ward:board` carries the whole board, so applying the newest
 * one is a full resync by itself; the only rule is never to go backwards to an older version that
 * arrives late.
 */
import type { Board } from '@wardflow/shared';

export interface BoardState {
  board: Board | null;
  /** Boards at or below this version are old news and ignored. */
  acceptAbove: number;
}

export const initialBoardState: BoardState = { board: null, acceptAbove: Number.NEGATIVE_INFINITY };

/** Applies a board for `wardId` when it is newer than the one shown; otherwise keeps the state as is. */
export function applyBoard(state: BoardState, incoming: Board, wardId: string): BoardState {
  if (incoming.ward.id !== wardId) return state;
  if (incoming.version <= state.acceptAbove) return state;
  return { board: incoming, acceptAbove: incoming.version };
}

/**
 * After a reconnect the subscription answer is the authority: a restarted server may count versions
 * from scratch, and a screen that insisted on its old version would then freeze on old data for good.
 * The board already shown stays on screen until the answer arrives.
 */
export function expectResync(state: BoardState): BoardState {
  return { ...state, acceptAbove: Number.NEGATIVE_INFINITY };
}
