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
import { BoardRepository } from '../store/board.repository.js';
import type { DatabaseHandle } from '../store/database.adapter.js';

@Injectable()
export class HealthService implements OnModuleInit {
  private sources: ReadinessSource[] = [];

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

  async readiness(): Promise<ReadinessResponse> {
    const checks: ReadinessCheck[] = [await this.redisCheck(), await this.databaseCheck()];
    const wards = await this.boards.liveWards().catch(() => []);
    for (const source of this.sources) checks.push(...(await source.readiness(wards.length)));
    const states = await this.boards.listBoardSummaries().catch(() => []);
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
    try {
      await this.redis.ping();
      const settings = await redisSettings(this.redis);
      const evicting = settings.maxmemoryPolicy !== null && settings.maxmemoryPolicy !== 'noeviction';
      return { name: 'redis', ok: !evicting, detail: `reachable; ${describeRedisSettings(settings)}` };
    } catch (error) {
      return { name: 'redis', ok: false, detail: `unreachable: ${(error as Error).message}` };
    }
  }

  private async databaseCheck(): Promise<ReadinessCheck> {
    try {
      await this.database.ping();
      return { name: 'database', ok: true, detail: `${this.database.kind} reachable` };
    } catch (error) {
      return { name: 'database', ok: false, detail: `unreachable: ${(error as Error).message}` };
    }
  }
}
