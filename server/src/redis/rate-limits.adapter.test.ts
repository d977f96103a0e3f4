/**
 * Rate limits on real Redis (SEC-8), shared by every process using the same prefix: a budget refuses
 * past its points with how long to wait; sign-in back-off counts only failures, doubles with each one
 * past the free ones, never passes five minutes, and forgets an account's failures when its right
 * password gets in.
 */
import type { Redis } from 'ioredis';
import { createRedis } from './redis.adapter.js';
import { TEST_REDIS_URL, uniquePrefix } from '../testing/test-redis.js';
import { RateLimits } from './rate-limits.adapter.js';

describe('RateLimits on Redis', () => {
  let redis: Redis;
  let other: Redis;
  const prefix = uniquePrefix();

  beforeAll(async () => {
    redis = createRedis(TEST_REDIS_URL);
    other = createRedis(TEST_REDIS_URL);
    // Until a connection is ready each process counts in its own memory (the fallback for a Redis outage).
    await Promise.all([redis.ping(), other.ping()]);
  });

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    other.disconnect();
  });

  it('should hold a budget across two processes, and say how long to wait', async () => {
    const a = new RateLimits(redis, prefix);
    const b = new RateLimits(other, prefix);
    const verdicts = [];
    for (let i = 0; i < 12; i++)
      verdicts.push(await a.consume('digestRuns', 'user:1'), await b.consume('digestRuns', 'user:1'));
    expect(verdicts.filter((v) => v.ok)).toHaveLength(5);
    const refused = verdicts.find((v) => !v.ok);
    expect(refused).toMatchObject({ ok: false });
    expect(refused !== undefined && !refused.ok && refused.retryAfterMs > 0 && refused.retryAfterMs <= 3_600_000).toBe(
      true,
    );
    expect((await a.consume('digestRuns', 'user:2')).ok).toBe(true);
  });

  it('should let five wrong passwords pass, then back off 1 s, 2 s, 4 s, never for successes', async () => {
    const limits = new RateLimits(redis, prefix);
    for (let i = 0; i < 5; i++) {
      expect((await limits.signInAllowed('Nurse', '10.0.0.1')).ok).toBe(true);
      await limits.signInFailed('Nurse', '10.0.0.1');
    }
    expect((await limits.signInAllowed('nurse', '10.0.0.1')).ok).toBe(true);
    await limits.signInFailed('nurse', '10.0.0.1');
    const first = await limits.signInAllowed('nurse', '10.0.0.1');
    expect(first.ok).toBe(false);
    expect(!first.ok && first.retryAfterMs).toBeLessThanOrEqual(1_000);
    await limits.signInFailed('nurse', '10.0.0.1');
    const second = await limits.signInAllowed('nurse', '10.0.0.1');
    expect(!second.ok && second.retryAfterMs).toBeGreaterThan(1_000);
    expect(!second.ok && second.retryAfterMs).toBeLessThanOrEqual(2_000);
    // Another account at the same address is not held back by the nurse's failures.
    expect((await limits.signInAllowed('lead', '10.0.0.1')).ok).toBe(true);
    await limits.signInSucceeded('nurse', '10.0.0.1');
    expect((await limits.signInAllowed('nurse', '10.0.0.1')).ok).toBe(true);
  });

  it('should never back off longer than five minutes, however many failures', async () => {
    const limits = new RateLimits(redis, prefix);
    for (let i = 0; i < 40; i++) await limits.signInFailed('ward.pc', '10.0.0.9');
    const verdict = await limits.signInAllowed('ward.pc', '10.0.0.9');
    expect(verdict.ok).toBe(false);
    expect(!verdict.ok && verdict.retryAfterMs).toBeLessThanOrEqual(300_000);
  });
});
