/**
 * Rate limits kept in Redis (rate-limiter-flexible), so they hold across every API process (SEC-8).
 * When Redis is not ready each limiter falls back to an in-memory one in this process rather than
 * letting everything through or refusing everyone.
 *
 * Sign-in back-off counts failures only, never successes, and backs off exponentially from a few
 * seconds to at most five minutes: guessing a password becomes hopeless (at most ~300 guesses a day
 * per account), while the person with the right password is never kept out for longer than that.
 */
import type { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type IRateLimiterRedisOptions,
} from 'rate-limiter-flexible';

export type Verdict = { ok: true } | { ok: false; retryAfterMs: number };

interface Budget {
  points: number;
  durationS: number;
  blockS: number;
}

/** Requests a person or an address may make, per window; exceeding blocks for `blockS`. */
const BUDGETS = {
  /** POST /api/polls, per caller: each can queue a poll of every ward in scope against the trust's EPR. */
  polls: { points: 20, durationS: 600, blockS: 600 },
  /** POST /api/digests/run and /release, per caller. */
  digestRuns: { points: 5, durationS: 3_600, blockS: 3_600 },
  /** POST /api/devices/pairings, per address: a screen asks once and then waits. */
  pairings: { points: 20, durationS: 600, blockS: 600 },
  /** /auth/login and /auth/callback, per address: generous, as a ward's PCs may share one address (passwords are the provider's to limit). */
  authFlow: { points: 600, durationS: 600, blockS: 120 },
} satisfies Record<string, Budget>;

export type BudgetName = keyof typeof BUDGETS;

/** Failures before back-off starts, per account at one address, per account anywhere, per address (many accounts). */
const FAILURE_FREE = { accountAddress: 5, account: 20, address: 30 } as const;
const BACKOFF_MAX_S = 300;

export class RateLimits {
  private readonly budgets: Record<BudgetName, RateLimiterRedis>;
  private readonly failures: RateLimiterRedis;
  private readonly backoff: RateLimiterRedis;

  constructor(redis: Redis, prefix: string) {
    const make = (keyPrefix: string, budget: Budget) => {
      const options: IRateLimiterRedisOptions = {
        storeClient: redis,
        keyPrefix: `${prefix}:rl:${keyPrefix}`,
        points: budget.points,
        duration: budget.durationS,
        blockDuration: budget.blockS,
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory({
          keyPrefix,
          points: budget.points,
          duration: budget.durationS,
          blockDuration: budget.blockS,
        }),
      };
      return new RateLimiterRedis(options);
    };
    this.budgets = {
      polls: make('polls', BUDGETS.polls),
      digestRuns: make('digest-runs', BUDGETS.digestRuns),
      pairings: make('pairings', BUDGETS.pairings),
      authFlow: make('auth-flow', BUDGETS.authFlow),
    };
    // Consecutive failures, forgotten an hour after the last one; the back-off itself is a block.
    this.failures = make('signin-failures', { points: 1_000_000, durationS: 3_600, blockS: 0 });
    this.backoff = make('signin-backoff', { points: 1, durationS: 1, blockS: 0 });
  }

  /** Counts one request against a budget. */
  async consume(budget: BudgetName, key: string): Promise<Verdict> {
    try {
      await this.budgets[budget].consume(key);
      return { ok: true };
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes)
        return { ok: false, retryAfterMs: Math.max(1_000, rejection.msBeforeNext) };
      throw rejection;
    }
  }

  /** Before checking a password: is this account (at this address) backing off? */
  async signInAllowed(account: string, address: string): Promise<Verdict> {
    const keys = signInKeys(account, address);
    const states = await Promise.all(Object.values(keys).map((k) => this.backoff.get(k)));
    const waits = states
      .filter((s): s is RateLimiterRes => s !== null && s.consumedPoints > 1)
      .map((s) => s.msBeforeNext);
    return waits.length === 0 ? { ok: true } : { ok: false, retryAfterMs: Math.max(1_000, ...waits) };
  }

  /** A wrong password: count it and, past the free failures, back off for twice as long as last time. */
  async signInFailed(account: string, address: string): Promise<void> {
    const keys = signInKeys(account, address);
    for (const [kind, key] of Object.entries(keys) as Array<[keyof typeof FAILURE_FREE, string]>) {
      const counted = await this.failures.penalty(key, 1);
      const over = counted.consumedPoints - FAILURE_FREE[kind];
      if (over > 0) await this.backoff.block(key, Math.min(2 ** (over - 1), BACKOFF_MAX_S));
    }
  }

  /** The right password: this account's failures are forgotten (the address's count stays, against spraying). */
  async signInSucceeded(account: string, address: string): Promise<void> {
    const keys = signInKeys(account, address);
    await Promise.all(
      [keys.accountAddress, keys.account].flatMap((k) => [this.failures.delete(k), this.backoff.delete(k)]),
    );
  }
}

function signInKeys(account: string, address: string) {
  const who = account.toLowerCase();
  return { accountAddress: `aa:${who}@${address}`, account: `a:${who}`, address: `ip:${address}` };
}
