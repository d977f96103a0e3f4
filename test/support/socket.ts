/** A typed socket.io-client for tests, and a helper to wait for a matching event. */
import type { Board, ClientToServerEvents, Heatmap, ServerToClientEvents, SubscribeAck, WardSafetyUpdate } from '@wardflow/shared';
import { io, type Socket } from 'socket.io-client';

export type WardSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export function connect(url: string): Promise<WardSocket> {
  const socket: WardSocket = io(url, { transports: ['websocket'], reconnection: false });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

export function subscribe(socket: WardSocket, wardId: string): Promise<SubscribeAck<Board>> {
  return socket.timeout(10_000).emitWithAck('ward:subscribe', { wardId });
}

/** Resolves with the first `ward:board` satisfying `predicate`. */
export function nextBoard(socket: WardSocket, predicate: (board: Board) => boolean, timeoutMs = 30_000): Promise<Board> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off('ward:board', listener);
      reject(new Error('No matching ward:board event in time'));
    }, timeoutMs);
    const listener = (board: Board) => {
      if (!predicate(board)) return;
      clearTimeout(timer);
      socket.off('ward:board', listener);
      resolve(board);
    };
    socket.on('ward:board', listener);
  });
}

export function subscribeHeatmap(socket: WardSocket): Promise<SubscribeAck<Heatmap>> {
  return socket.timeout(10_000).emitWithAck('heatmap:subscribe', {});
}

/** Resolves with the first `heatmap` event satisfying `predicate`. */
export function nextHeatmap(socket: WardSocket, predicate: (heatmap: Heatmap) => boolean, timeoutMs = 30_000): Promise<Heatmap> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off('heatmap', listener);
      reject(new Error('No matching heatmap event in time'));
    }, timeoutMs);
    const listener = (heatmap: Heatmap) => {
      if (!predicate(heatmap)) return;
      clearTimeout(timer);
      socket.off('heatmap', listener);
      resolve(heatmap);
    };
    socket.on('heatmap', listener);
  });
}

/** Resolves with the first `ward:safety` satisfying `predicate`. */
export function nextSafety(socket: WardSocket, predicate: (update: WardSafetyUpdate) => boolean, timeoutMs = 30_000): Promise<WardSafetyUpdate> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off('ward:safety', listener);
      reject(new Error('No matching ward:safety event in time'));
    }, timeoutMs);
    const listener = (update: WardSafetyUpdate) => {
      if (!predicate(update)) return;
      clearTimeout(timer);
      socket.off('ward:safety', listener);
      resolve(update);
    };
    socket.on('ward:safety', listener);
  });
}
