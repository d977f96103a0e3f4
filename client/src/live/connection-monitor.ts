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
 */
export type ConnectionStatus = 'connecting' | 'live' | 'lost';

export class ConnectionMonitor {
  private lastSignOfLife: number;
  private connected = false;
  private everConnected = false;

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
    this.lastSignOfLife = this.monotonic();
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
    const silent = this.monotonic() - this.lastSignOfLife >= this.lostAfterMs;
    if (!this.connected) return this.everConnected || silent ? 'lost' : 'connecting';
    return silent ? 'lost' : 'live';
  }
}
