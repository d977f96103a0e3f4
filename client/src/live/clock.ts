/**
 * Time on a wall screen. The screen's own wall clock may be wrong by minutes or hours (no NTP on a
 * ward PC is common), so nothing here reads `Date.now()`: ages and freshness are computed from the
 * server's time, carried forward on the monotonic clock between messages (CS-2, CS-3).
 */

/** Milliseconds on a clock that never jumps (performance.now in the browser); injected so tests pin it. */
export type MonotonicClock = () => number;

export const browserMonotonicClock: MonotonicClock = () => performance.now();

/**
 * Estimates the server's current time: the `serverTime` of the latest message plus the monotonic time
 * elapsed since it arrived. Network delay makes the estimate lag by that delay, which only ever makes
 * data look slightly younger by well under a second: negligible against 20- and 45-minute thresholds.
 */
export class ServerClock {
  private anchor: { serverMs: number; receivedAt: number } | null = null;

  constructor(private readonly monotonic: MonotonicClock) {}

  /** Re-anchors on a server timestamp (UTC ISO) that has just arrived; ignores one that does not parse. */
  sync(serverTime: string): void {
    const serverMs = Date.parse(serverTime);
    if (Number.isNaN(serverMs)) return;
    this.anchor = { serverMs, receivedAt: this.monotonic() };
  }

  /** Estimated server time now (epoch ms), or null before the first message from the server. */
  now(): number | null {
    if (this.anchor === null) return null;
    return this.anchor.serverMs + (this.monotonic() - this.anchor.receivedAt);
  }
}
