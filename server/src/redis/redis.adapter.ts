/**
 * Redis connections (ioredis). BullMQ needs `maxRetriesPerRequest: null` on its connections; the
 * start-up check uses a short-lived connection that gives up quickly so a missing Redis is reported
 * in seconds with a way forward, rather than retried forever.
 */
import { Redis, type RedisOptions } from 'ioredis';

export function createRedis(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, ...options });
}

/** What the jobs depend on in Redis's own settings; null where CONFIG is not allowed (managed Redis). */
export interface RedisSettings {
  /**
   * `noeviction` is required: an evicting Redis silently loses queued jobs (JOB). Read as noeviction
   * when Redis has no memory limit, which no policy can evict under.
   */
  maxmemoryPolicy: string | null;
  /** Whether Redis keeps its data across its own restart: the append-only file, snapshots, or neither. */
  persistence: 'aof' | 'rdb' | 'none' | null;
}

export async function redisSettings(redis: Redis): Promise<RedisSettings> {
  const read = async (key: string): Promise<string | null> => {
    try {
      return ((await redis.config('GET', key)) as string[])[1] ?? null;
    } catch {
      return null;
    }
  };
  const [policy, maxmemory, appendonly, save] = await Promise.all([
    read('maxmemory-policy'),
    read('maxmemory'),
    read('appendonly'),
    read('save'),
  ]);
  // With no memory limit (maxmemory 0) no policy ever evicts: read as noeviction.
  const maxmemoryPolicy = maxmemory === '0' && policy !== null ? 'noeviction' : policy;
  const persistence =
    appendonly === null && save === null
      ? null
      : appendonly === 'yes'
        ? 'aof'
        : save !== null && save.trim() !== ''
          ? 'rdb'
          : 'none';
  return { maxmemoryPolicy, persistence };
}

/** The settings in words, for the start-up log and readiness. */
export function describeRedisSettings({ maxmemoryPolicy, persistence }: RedisSettings): string {
  const policy =
    maxmemoryPolicy === null
      ? 'eviction policy unknown (CONFIG not allowed): make sure it is noeviction'
      : maxmemoryPolicy === 'noeviction'
        ? 'maxmemory-policy noeviction'
        : `maxmemory-policy is ${maxmemoryPolicy}: set it to noeviction or queued polls, digests and backfills can be lost`;
  const kept =
    persistence === null
      ? 'persistence unknown'
      : persistence === 'none'
        ? 'nothing kept on disk: a Redis restart drops queued jobs (schedules are written again when it returns; set appendonly yes)'
        : persistence === 'aof'
          ? 'append-only file on'
          : 'snapshots on';
  return `${policy}; ${kept}`;
}

export interface RedisCheck extends RedisSettings {
  ok: boolean;
  detail: string;
}

/** Connects once, pings, and reads the settings the jobs depend on (managed Redis may forbid CONFIG: then null). */
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
    const settings = await redisSettings(redis);
    return { ok: true, detail: `reachable; ${describeRedisSettings(settings)}`, ...settings };
  } catch (error) {
    return {
      ok: false,
      detail: `not reachable: ${(error as Error).message}`,
      maxmemoryPolicy: null,
      persistence: null,
    };
  } finally {
    redis.disconnect();
  }
}
