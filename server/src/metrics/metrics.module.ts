/**
 * GET /metrics (Prometheus text format) in every process, for a caller holding `service.status` (an
 * admin's API token, as Prometheus would carry it). Queue depths and board ages are read when scraped,
 * so a scrape costs one Redis round trip per queue and two small database queries, whatever the trust's size.
 */
import { getQueueToken } from '@nestjs/bullmq';
import { Controller, Get, Header, Inject, Injectable, Module, Res, type OnApplicationBootstrap } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { freshnessOf, QUEUES } from '@wardflow/shared';
import type { Queue } from 'bullmq';
import type { Response } from 'express';
import { Allow } from '../core/access.decorators.js';
import { CLOCK, METRICS, type Clock } from '../core/tokens.js';
import { BoardRepository } from '../store/board.repository.js';
import type { BoardAge, QueueCounts, WardflowMetrics } from './wardflow-metrics.js';

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed', 'prioritized'] as const;

@Injectable()
export class MetricsSources implements OnApplicationBootstrap {
  constructor(
    @Inject(METRICS) private readonly metrics: WardflowMetrics,
    private readonly boards: BoardRepository,
    private readonly modules: ModuleRef,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    const queues = Object.values(QUEUES).map((name) => this.modules.get<Queue>(getQueueToken(name), { strict: false }));
    this.metrics.readFrom({
      queues: () =>
        Promise.all(
          queues.map(async (queue): Promise<QueueCounts> => ({
            queue: queue.name,
            counts: await queue.getJobCounts(...QUEUE_STATES),
          })),
        ),
      boards: () => this.boardAges(),
    });
  }

  private async boardAges(): Promise<BoardAge[]> {
    const [live, summaries] = await Promise.all([this.boards.liveWards(), this.boards.listBoardSummaries()]);
    const byWard = new Map(summaries.map((s) => [s.wardId, s]));
    const now = this.clock();
    return live.map((ward) => {
      const state = byWard.get(ward.id);
      const asOf = state?.asOf == null ? null : state.asOf.toISOString();
      const failed = state?.lastPollOk === false || (state?.staleReason ?? null) !== null;
      return {
        wardId: ward.id,
        ageSeconds: asOf === null ? null : Math.max(0, (now - Date.parse(asOf)) / 1000),
        stale: freshnessOf(asOf, now, failed) !== 'fresh',
      };
    });
  }
}

@Controller()
export class MetricsController {
  constructor(@Inject(METRICS) private readonly metrics: WardflowMetrics) {}

  @Allow('service.status')
  @Get('metrics')
  @Header('Cache-Control', 'no-store')
  async metricsText(@Res() res: Response): Promise<void> {
    const { contentType, body } = await this.metrics.exposition();
    res.type(contentType).send(body);
  }
}

@Module({ providers: [MetricsSources], controllers: [MetricsController] })
export class MetricsModule {}
