/**
 * Detects a lost connection from the screen's side (CS-3). A quiet ward sends no board updates for
 * hours, so silence alone proves nothing; the server's heartbeat every HEARTBEAT_INTERVAL_MS does.
 * No sign of life (heartbeat, board, subscription answer) for CONNECTION_LOST_AFTER_MS on the
 * monotonic clock, or a socket that has dropped, means the screen can no longer vouch for what it shows.
 */
import { CONNECTION_LOST_AFTER_MS } from '@wardflow/shared';
import type { MonotonicClock } from './clock';

/**
 * `connecting`: never connected yet, and not for long enough to call it lost.
 * `live`: connected and hearing from the server. `lost`: say so on screen.
 * `restarting`: the server said it was restarting and has not been back for longer than it said it
 * might take: say so calmly (a deploy is not an outage); after that, `lost`.
 */
export type ConnectionStatus = 'connecting' | 'live' | 'lost' | 'restarting';

export class ConnectionMonitor {
  private lastSignOfLife: number;
  private connected = false;
  private everConnected = false;
  /** Monotonic time until which a restart announced by the server explains its absence. */
  private restartExplainsUntil: number | null = null;

  constructor(
    private readonly monotonic: MonotonicClock,
    private readonly lostAfterMs: number = CONNECTION_LOST_AFTER_MS,
  ) {
    // Counting from start-up means a screen that never manages to connect is declared lost too.
    this.lastSignOfLife = monotonic();
  }

  /** The socket has (re)connected. */
  markConnected(): void {
    this.connected = true;
    this.everConnected = true;
    this.restartExplainsUntil = null;
    this.lastSignOfLife = this.monotonic();
  }

  /** The server announced a restart: for `withinMs` its silence is that, not a lost connection. */
  markRestarting(withinMs: number): void {
    this.restartExplainsUntil = this.monotonic() + withinMs;
  }

  /** The socket has dropped; Socket.IO will keep trying to reconnect by itself. */
  markDisconnected(): void {
    this.connected = false;
  }

  /** A heartbeat, a board or a subscription answer has arrived. */
  markAlive(): void {
    this.lastSignOfLife = this.monotonic();
  }

  status(): ConnectionStatus {
    const now = this.monotonic();
    const silent = now - this.lastSignOfLife >= this.lostAfterMs;
    const restarting = this.restartExplainsUntil !== null && now < this.restartExplainsUntil;
    if (restarting && (!this.connected || silent)) return 'restarting';
    if (!this.connected) return this.everConnected || silent ? 'lost' : 'connecting';
    return silent ? 'lost' : 'live';
  }
}
