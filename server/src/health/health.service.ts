/**
 * Readiness for the trust's IT team: the infrastructure this process stands on (Redis and its eviction
 * policy, the database), then whatever each loaded feature reports about itself (providers marked
 * @ReportsReadiness(): poll schedulers, the history jobs and the model in use, the weekly emails), and
 * each ward's last poll. Health knows no feature: it asks the ones this process has loaded.
 */
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { ReadinessCheck, ReadinessResponse } from '@wardflow/shared';
import type { Redis } from 'ioredis';
import { describeRedisSettings, redisSettings } from '../redis/redis.adapter.js';
import { READINESS_SOURCE, type ReadinessSource } from '../core/readiness.js';
import { DATABASE, REDIS } from '../core/tokens.js';
import { withinTime } from '../core/within-time.js';
import { BoardRepository } from '../store/board.repository.js';
import type { DatabaseHandle } from '../store/database.adapter.js';

/**
 * Longest wait for any one part of readiness. Redis commands queue while Redis is away (BullMQ needs
 * `maxRetriesPerRequest: null`), so an unbounded check waited for Redis's return and readiness never
 * answered during the very outage it should name (found by the chaos suite, test/chaos).
 */
export const READINESS_CHECK_TIMEOUT_MS = 2_000;

@Injectable()
export class HealthService implements OnModuleInit {
  private sources: ReadinessSource[] = [];
  private closing = false;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    private readonly boards: BoardRepository,
    private readonly discovery: DiscoveryService,
  ) {}

  onModuleInit(): void {
    this.sources = this.discovery
      .getProviders()
      .filter(
        (wrapper) =>
          wrapper.metatype !== null &&
          wrapper.metatype !== undefined &&
          Reflect.getMetadata(READINESS_SOURCE, wrapper.metatype) === true,
      )
      .map((wrapper) => wrapper.instance as ReadinessSource);
  }

  /** The process has been told to stop: a load balancer should send it nothing more. */
  markClosing(): void {
    this.closing = true;
  }

  async readiness(): Promise<ReadinessResponse> {
    const bounded = <T>(work: Promise<T>, what: string) => withinTime(work, READINESS_CHECK_TIMEOUT_MS, what);
    const checks: ReadinessCheck[] = [await this.redisCheck(), await this.databaseCheck()];
    if (this.closing)
      checks.unshift({ name: 'closing', ok: false, detail: 'stopping (SIGTERM): finishing jobs in progress' });
    const wards = await bounded(this.boards.liveWards(), 'the database').catch(() => []);
    // Side by side, so the answer takes one timeout at most, not one per feature. A feature whose
    // checks wait on Redis or the database is reported as not answering, by name.
    const reports = await Promise.all(
      this.sources.map((source) => {
        const name = source.constructor.name.replace(/Readiness$/, '').toLowerCase() || 'feature';
        return bounded(source.readiness(wards.length), `${name} readiness`).catch((error: unknown) => [
          { name, ok: false, detail: (error as Error).message },
        ]);
      }),
    );
    for (const report of reports) checks.push(...report);
    const states = await bounded(this.boards.listBoardSummaries(), 'the database').catch(() => []);
    const ready = checks.every((c) => c.ok);
    return {
      status: ready ? 'ready' : 'not-ready',
      checks,
      wards: states.map((s) => ({
        wardId: s.wardId,
        lastPollAt: s.lastPollAt?.toISOString() ?? null,
        lastPollOk: s.lastPollOk,
        ...(s.staleReason === null ? {} : { reason: s.staleReason }),
      })),
    };
  }

  private async redisCheck(): Promise<ReadinessCheck> {
    // ioredis knows at once when its connection is down ('reconnecting', 'connecting', 'end'): say so
    // without queueing a PING behind it.
    if (this.redis.status !== 'ready')
      return { name: 'redis', ok: false, detail: `unreachable: connection ${this.redis.status}` };
    try {
      await withinTime(this.redis.ping(), READINESS_CHECK_TIMEOUT_MS, 'Redis');
      const settings = await withinTime(redisSettings(this.redis), READINESS_CHECK_TIMEOUT_MS, 'Redis');
      const evicting = settings.maxmemoryPolicy !== null && settings.maxmemoryPolicy !== 'noeviction';
      return { name: 'redis', ok: !evicting, detail: `reachable; ${describeRedisSettings(settings)}` };
    } catch (error) {
      return { name: 'redis', ok: false, detail: `unreachable: ${(error as Error).message}` };
    }
  }

  private async databaseCheck(): Promise<ReadinessCheck> {
    try {
      await withinTime(this.database.ping(), READINESS_CHECK_TIMEOUT_MS, 'The database');
      return { name: 'database', ok: true, detail: `${this.database.kind} reachable` };
    } catch (error) {
      return { name: 'database', ok: false, detail: `unreachable: ${(error as Error).message}` };
    }
  }
}
