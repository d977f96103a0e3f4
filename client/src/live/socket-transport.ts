/**
 * The only file that knows Socket.IO: adapts a typed client socket to the feed's small transport.
 */
import type { Board, ClientToServerEvents, ServerToClientEvents, SubscribeAck, WardSubscribeRequest } from '@wardflow/shared';
import { io, type Socket } from 'socket.io-client';
import type { FeedTransport } from './ward-feed';

export type WardSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Subscription answers come at once from the server's store; ten seconds without one means trouble. */
const SUBSCRIBE_TIMEOUT_MS = 10_000;

/**
 * Connects to the page's own origin (the server serves the client; in development Vite proxies
 * /socket.io), reconnecting for ever: an unattended screen must come back by itself.
 */
export function connectWardSocket(): WardSocket {
  return io({
    path: '/socket.io',
    reconnection: true,
    reconnectionAttempts: Number.POSITIVE_INFINITY,
    reconnectionDelay: 1_000,
    reconnectionDelayMax: 15_000,
  });
}

/**
 * Socket.IO reconnects by itself after network trouble, but not when the server closed the socket
 * (a restart, a deploy): then it waits for the application. An unattended screen must come back
 * anyway, so it asks again after a few seconds, spread out so a ward full of screens does not all
 * knock at once.
 */
const SERVER_CLOSE_RETRY_MS = 5_000;

export function socketTransport(socket: WardSocket): FeedTransport {
  let closed = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  socket.on('disconnect', (reason) => {
    if (reason !== 'io server disconnect') return;
    retry = setTimeout(() => {
      if (!closed) socket.connect();
    }, SERVER_CLOSE_RETRY_MS * (1 + Math.random()));
  });
  return {
    onConnect: (listener) => socket.on('connect', listener),
    onDisconnect: (listener) => socket.on('disconnect', () => listener()),
    onHeartbeat: (listener) => socket.on('heartbeat', listener),
    onBoard: (listener) => socket.on('ward:board', listener),
    onSafety: (listener) => socket.on('ward:safety', listener),
    subscribe: (request: WardSubscribeRequest): Promise<SubscribeAck<Board>> =>
      socket.timeout(SUBSCRIBE_TIMEOUT_MS).emitWithAck('ward:subscribe', request),
    close: () => {
      closed = true;
      clearTimeout(retry);
      socket.disconnect();
    },
  };
}
