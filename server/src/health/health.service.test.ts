import 'reflect-metadata';
import type { DiscoveryService } from '@nestjs/core';
import type { ReadinessCheck } from '@wardflow/shared';
import type { Redis } from 'ioredis';
import { ReportsReadiness, type ReadinessSource } from '../core/readiness.js';
import type { BoardRepository } from '../store/board.repository.js';
import type { DatabaseHandle } from '../store/database.adapter.js';
import { HealthService, READINESS_CHECK_TIMEOUT_MS } from './health.service.js';

/** A feature whose checks wait on Redis: while Redis is away its commands queue and never answer. */
@ReportsReadiness()
class IngestReadiness implements ReadinessSource {
  readiness(): Promise<ReadinessCheck[]> {
    return new Promise(() => undefined);
  }
}

@ReportsReadiness()
class DigestReadiness implements ReadinessSource {
  readiness(): Promise<ReadinessCheck[]> {
    return new Promise(() => undefined);
  }
}

describe('HealthService while Redis is away', () => {
  it('should answer not ready in bounded time, naming Redis and each feature that could not answer', async () => {
    const redis = { status: 'reconnecting', ping: () => new Promise(() => undefined) } as unknown as Redis;
    const database = { kind: 'postgresql', ping: async () => undefined } as unknown as DatabaseHandle;
    const boards = { liveWards: async () => [], listBoardSummaries: async () => [] } as unknown as BoardRepository;
    const discovery = {
      getProviders: () => [
        { metatype: IngestReadiness, instance: new IngestReadiness() },
        { metatype: DigestReadiness, instance: new DigestReadiness() },
      ],
    } as unknown as DiscoveryService;
    const health = new HealthService(redis, database, boards, discovery);
    health.onModuleInit();

    const started = Date.now();
    const readiness = await health.readiness();
    // One timeout for all the features together, not one each.
    expect(Date.now() - started).toBeLessThan(READINESS_CHECK_TIMEOUT_MS + 1_000);
    expect(readiness.status).toBe('not-ready');
    expect(readiness.checks).toEqual([
      { name: 'redis', ok: false, detail: 'unreachable: connection reconnecting' },
      { name: 'database', ok: true, detail: 'postgresql reachable' },
      { name: 'ingest', ok: false, detail: `ingest readiness did not answer within ${READINESS_CHECK_TIMEOUT_MS} ms` },
      { name: 'digest', ok: false, detail: `digest readiness did not answer within ${READINESS_CHECK_TIMEOUT_MS} ms` },
    ]);
  });
});
