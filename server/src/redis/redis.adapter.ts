/**
 * Redis connections (ioredis). BullMQ needs `maxRetriesPerRequest: null` on its connections; the
 * start-up check uses a short-lived connection that gives up quickly so a missing Redis is reported
 * in seconds with a way forward, rather than retried forever.
 */
import { Redis, type RedisOptions } from 'ioredis';

export function createRedis(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, ...options });
}

export interface RedisCheck {
  ok: boolean;
  detail: string;
  /** `noeviction` is required: an evicting Redis silently loses queued jobs (JOB). */
  maxmemoryPolicy: string | null;
}

/** Connects once, pings, and reads the eviction policy (managed Redis may forbid CONFIG: then null). */
export async function checkRedis(url: string, timeoutMs = 3_000): Promise<RedisCheck> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
    let policy: string | null = null;
    try {
      const answer = (await redis.config('GET', 'maxmemory-policy')) as string[];
      policy = answer[1] ?? null;
    } catch {
      policy = null;
    }
    const detail =
      policy === null
        ? 'reachable; eviction policy unknown (CONFIG not allowed): make sure it is noeviction'
        : policy === 'noeviction'
          ? 'reachable; maxmemory-policy noeviction'
          : `reachable, but maxmemory-policy is ${policy}: set it to noeviction or queued polls can be lost`;
    return { ok: true, detail, maxmemoryPolicy: policy };
  } catch (error) {
    return { ok: false, detail: `not reachable: ${(error as Error).message}`, maxmemoryPolicy: null };
  } finally {
    redis.disconnect();
  }
}
