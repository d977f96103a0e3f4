/** A typed socket.io-client for tests, and a helper to wait for a matching event. */
import type {
  Board,
  ClientToServerEvents,
  Heatmap,
  ServerToClientEvents,
  SubscribeAck,
  WardSafetyUpdate,
} from '@wardflow/shared';
import { io, type Socket } from 'socket.io-client';

export type WardSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface Credential {
  /** An API token, sent in the handshake's `auth.token`. */
  token?: string;
  /** A Cookie header (a session or a screen's credential). */
  cookie?: string;
  /** The Origin header; browsers always send one on a WebSocket handshake. */
  origin?: string;
  /** An Authorization header (`Bearer <token>`), the other way a token may come. */
  authorization?: string;
}

/** Opens a socket with a credential; rejects with the server's refusal (`message`, `data.reason`). */
export function connect(url: string, credential: Credential): Promise<WardSocket> {
  const headers = {
    ...(credential.cookie === undefined ? {} : { cookie: credential.cookie }),
    ...(credential.origin === undefined ? {} : { origin: credential.origin }),
    ...(credential.authorization === undefined ? {} : { authorization: credential.authorization }),
  };
  const socket: WardSocket = io(url, {
    transports: ['websocket'],
    reconnection: false,
    extraHeaders: headers,
    ...(credential.token === undefined ? {} : { auth: { token: credential.token } }),
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

export function subscribe(socket: WardSocket, wardId: string): Promise<SubscribeAck<Board>> {
  return socket.timeout(10_000).emitWithAck('ward:subscribe', { wardId });
}

/** Resolves with the first `ward:board` satisfying `predicate`. */
export function nextBoard(
  socket: WardSocket,
  predicate: (board: Board) => boolean,
  timeoutMs = 30_000,
): Promise<Board> {
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
export function nextHeatmap(
  socket: WardSocket,
  predicate: (heatmap: Heatmap) => boolean,
  timeoutMs = 30_000,
): Promise<Heatmap> {
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
export function nextSafety(
  socket: WardSocket,
  predicate: (update: WardSafetyUpdate) => boolean,
  timeoutMs = 30_000,
): Promise<WardSafetyUpdate> {
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
