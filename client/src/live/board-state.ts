/**
 * Which board a screen shows (RT). Every `ward:board` carries the whole board, so applying the newest
 * one is a full resync by itself; the only rule is never to go backwards to an older version that
 * arrives late.
 */
import type { Board, WardSafetyUpdate } from '@wardflow/shared';

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
  // A safety row pushed after a newer score than the one the board was composed with stays, except
  // on a resync, where the subscription answer is the authority for both.
  const shown = state.acceptAbove === Number.NEGATIVE_INFINITY ? null : (state.board?.safety ?? null);
  const safety =
    shown !== null && (incoming.safety === null || shown.version > incoming.safety.version) ? shown : incoming.safety;
  return { board: { ...incoming, safety }, acceptAbove: incoming.version };
}

/**
 * Applies a pushed safety row (`ward:safety`) to the board shown, when it is for this ward and newer
 * than the row the screen has. Before the first board there is nothing to attach it to: the board's
 * own row arrives with the subscription answer.
 */
export function applySafety(state: BoardState, update: WardSafetyUpdate, wardId: string): BoardState {
  const board = state.board;
  if (update.wardId !== wardId || board === null) return state;
  if (board.safety !== null && board.safety.version >= update.safety.version) return state;
  return { ...state, board: { ...board, safety: update.safety } };
}

/**
 * After a reconnect the subscription answer is the authority: a restarted server may count versions
 * from scratch, and a screen that insisted on its old version would then freeze on old data for good.
 * The board already shown stays on screen until the answer arrives.
 */
export function expectResync(state: BoardState): BoardState {
  return { ...state, acceptAbove: Number.NEGATIVE_INFINITY };
}
