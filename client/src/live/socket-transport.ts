/**
 * The only file that knows Socket.IO: adapts a typed client socket to the feeds' small transports.
 */
import type {
  Board,
  ClientToServerEvents,
  ServerToClientEvents,
  SubscribeAck,
  WardSubscribeRequest,
} from '@wardflow/shared';
import { io, type Socket } from 'socket.io-client';
import { isAccessEndReason, type AccessEndReason } from '../auth/access-words';
import type { LiveTransport } from './socket-feed';
import type { FeedTransport } from './ward-feed';

export type WardSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Subscription answers come at once from the server's store; ten seconds without one means trouble. */
const SUBSCRIBE_TIMEOUT_MS = 10_000;

/**
 * Connects to the page's own origin (the server serves the client; in development Vite proxies
 * /socket.io), reconnecting for ever: an unattended screen must come back by itself. The cookie
 * (session or screen) goes with the handshake; the page never sees it.
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
 * (a restart, a deploy) nor when its handshake middleware refused the connection: then it waits for
 * the application. An unattended screen must come back anyway, so it asks again after a few seconds,
 * spread out so a ward full of screens does not all knock at once. The one exception is a credential
 * that no longer works: knocking again cannot help, so the screen says why and stops.
 */
const SERVER_CLOSE_RETRY_MS = 5_000;

/** The reason a refused handshake carries (`connect_error` "unauthorised", `data.reason`). */
export function refusalReason(error: Error): AccessEndReason | null {
  if (error.message !== 'unauthorised') return null;
  const reason = (error as Error & { data?: { reason?: unknown } }).data?.reason;
  return isAccessEndReason(reason) ? reason : 'no-credential';
}

/** What every feed's transport shares: connection events, heartbeats, access ended, and closing. */
export function baseTransport(socket: WardSocket): LiveTransport {
  let closed = false;
  let ended = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const endedListeners: Array<(reason: AccessEndReason) => void> = [];
  const retryLater = () => {
    clearTimeout(retry);
    retry = setTimeout(
      () => {
        if (!closed && !ended) socket.connect();
      },
      SERVER_CLOSE_RETRY_MS * (1 + Math.random()),
    );
  };
  const end = (reason: AccessEndReason) => {
    if (ended) return;
    ended = true;
    clearTimeout(retry);
    for (const listener of endedListeners) listener(reason);
  };
  // The server sends `access:ended` and closes the socket right after: the flag is set before the close arrives.
  socket.on('access:ended', ({ reason }) => end(reason));
  socket.on('connect_error', (error) => {
    const reason = refusalReason(error);
    if (reason !== null) end(reason);
    else if (!socket.active) retryLater();
  });
  socket.on('disconnect', (reason) => {
    if (reason === 'io server disconnect' && !ended) retryLater();
  });
  return {
    onConnect: (listener) => socket.on('connect', listener),
    onDisconnect: (listener) => socket.on('disconnect', () => listener()),
    onHeartbeat: (listener) => socket.on('heartbeat', listener),
    onAccessEnded: (listener) => endedListeners.push(listener),
    onRestarting: (listener) => socket.on('server:restarting', listener),
    close: () => {
      closed = true;
      clearTimeout(retry);
      socket.disconnect();
    },
  };
}

export function socketTransport(socket: WardSocket): FeedTransport {
  return {
    ...baseTransport(socket),
    onBoard: (listener) => socket.on('ward:board', listener),
    onSafety: (listener) => socket.on('ward:safety', listener),
    onHuddleActions: (listener) => socket.on('ward:huddle-actions', listener),
    subscribe: (request: WardSubscribeRequest): Promise<SubscribeAck<Board>> =>
      socket.timeout(SUBSCRIBE_TIMEOUT_MS).emitWithAck('ward:subscribe', request),
  };
}
