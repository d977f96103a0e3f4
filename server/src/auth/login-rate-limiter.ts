/**
 * Sign-in attempts per client address in a sliding window (SEC-8), in this process's memory: enough
 * to make password guessing slow; with several API processes each keeps its own count.
 */
export class LoginRateLimiter {
  private readonly attempts = new Map<string, number[]>();

  constructor(
    private readonly maxAttempts: number,
    private readonly windowMs: number,
  ) {}

  /** Counts an attempt; false when the address has used up its attempts in the window. */
  tryAttempt(address: string, now: number): boolean {
    const recent = (this.attempts.get(address) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length >= this.maxAttempts) {
      this.attempts.set(address, recent);
      return false;
    }
    recent.push(now);
    this.attempts.set(address, recent);
    // Keep memory bounded under a spray of addresses: forget those whose window has passed.
    if (this.attempts.size > 10_000) for (const [key, times] of this.attempts) if (times.every((t) => now - t >= this.windowMs)) this.attempts.delete(key);
    return true;
  }
}
