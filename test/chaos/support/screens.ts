/**
 * Wall screens as the client runs them (client/src/live/socket-transport.ts and socket-feed.ts):
 * Socket.IO reconnecting forever, subscribing again on every (re)connect and taking the answer as
 * the whole current board; pushed boards in between. Each screen keeps every board it was given, so
 * a scenario can check that versions never went backwards or meant two different boards.
 */
import type { Board, ClientToServerEvents, ServerToClientEvents } from '@wardflow/shared';
import { io, type Socket } from 'socket.io-client';

export interface Screen {
  wardId: string;
  /** Every board received, in order: subscription answers and pushes. */
  seen: Board[];
  latest(): Board | null;
  connected(): boolean;
  /** How many times it connected (1 + reconnections). */
  connections(): number;
  close(): void;
}

export function openScreen(url: string, token: string, wardId: string): Promise<Screen> {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, {
    transports: ['websocket'],
    reconnection: true,
    reconnectionAttempts: Number.POSITIVE_INFINITY,
    // The client's own waits are 1 s growing to 15 s; shorter here so the measured resync is the server's.
    reconnectionDelay: 250,
    reconnectionDelayMax: 1_000,
    auth: { token },
  });
  const seen: Board[] = [];
  let connections = 0;
  const take = (board: Board) => {
    if (board.ward.id === wardId) seen.push(board);
  };
  socket.on('ward:board', take);
  const subscribed = new Promise<void>((resolve, reject) => {
    socket.on('connect', () => {
      connections++;
      socket
        .timeout(10_000)
        .emitWithAck('ward:subscribe', { wardId })
        .then((ack) => {
          if ('data' in ack) {
            take(ack.data);
            resolve();
          } else reject(new Error(`ward:subscribe ${wardId} refused: ${ack.error}`));
        })
        // A subscription lost to the server going away again is asked again at the next connect.
        .catch(() => undefined);
    });
  });
  return subscribed.then(() => ({
    wardId,
    seen,
    latest: () => seen.reduce<Board | null>((a, b) => (a === null || b.version >= a.version ? b : a), null),
    connected: () => socket.connected,
    connections: () => connections,
    close: () => socket.close(),
  }));
}

/** Problems with what a screen was shown: a version going backwards, or one version meaning two boards. */
export function versionProblems(screen: Screen): string[] {
  const problems: string[] = [];
  const meaning = new Map<number, string>();
  let previous = -1;
  for (const board of screen.seen) {
    const key = JSON.stringify([board.asOf, board.staleReason ?? null, board.beds]);
    const known = meaning.get(board.version);
    if (known !== undefined && known !== key) problems.push(`version ${board.version} shown as two different boards`);
    meaning.set(board.version, key);
    if (board.version < previous) problems.push(`version went back from ${previous} to ${board.version}`);
    previous = Math.max(previous, board.version);
  }
  return problems;
}

/** Versions between two consecutive boards a screen was shown that it never saw (0 when each came one by one). */
export function versionGaps(screen: Screen): number {
  let gaps = 0;
  for (let i = 1; i < screen.seen.length; i++) {
    const step = (screen.seen[i] as Board).version - (screen.seen[i - 1] as Board).version;
    if (step > 1) gaps += step - 1;
  }
  return gaps;
}
