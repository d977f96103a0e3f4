/**
 * Worker for the ward-poll queue. Thin: looks the ward up and hands it to IngestService. A failed
 * poll has already been recorded and shown as stale; throwing afterwards lets BullMQ retry it with
 * backoff and keep the failure visible in the queue (JOB). The same queue carries the periodic ward
 * discovery (ward-lifecycle.service.ts), so the workers that poll are the ones that discover.
 */
import { Inject, Optional } from '@nestjs/common';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { QUEUES, type WardDiscoveryJob, type WardPollJob } from '@wardflow/shared';
import { UnrecoverableError, type Job } from 'bullmq';
import type { BoardEvents } from '../core/board-events.port.js';
import { BOARD_EVENTS, METRICS } from '../core/tokens.js';
import type { PollOutcomeLabel, WardflowMetrics } from '../metrics/wardflow-metrics.js';
import { BoardRepository } from '../store/board.repository.js';
import { IngestService } from './ingest.service.js';
import { PollSchedulerService } from './poll-scheduler.service.js';
import { WardLifecycleService, wardsChangedBy } from './ward-lifecycle.service.js';
import { WithoutQueryParameters } from '../core/query-errors.js';

@Processor(QUEUES.wardPoll, { concurrency: 4 })
export class WardPollProcessor extends WorkerHost {
  constructor(
    private readonly ingest: IngestService,
    private readonly boards: BoardRepository,
    private readonly lifecycle: WardLifecycleService,
    private readonly scheduler: PollSchedulerService,
    @Inject(BOARD_EVENTS) private readonly events: BoardEvents,
    @Optional() @Inject(METRICS) private readonly metrics: WardflowMetrics | null = null,
  ) {
    super();
  }

  // A failed query's parameters (patients) never reach the job's failed reason in Redis.
  @WithoutQueryParameters()
  async process(job: Job<WardPollJob | WardDiscoveryJob>): Promise<unknown> {
    if (job.data.trigger === 'discover') return this.discover();
    const ward = await this.boards.getWard(job.data.wardId);
    // A ward no longer known or retired has nothing to poll (its schedule is removed at the next discovery).
    if (ward === null || (ward.retired !== null && ward.retired !== undefined))
      return { version: null, requestCount: 0 };
    // A held census drop is only confirmed (or dismissed) by a complete read, never by changes alone.
    const started = performance.now();
    const outcome = await this.ingest.pollWard(ward, { fullRead: job.data.trigger === 'confirm' });
    const label: PollOutcomeLabel = !outcome.ok
      ? outcome.retryable
        ? 'failed'
        : 'refused'
      : outcome.held
        ? 'held'
        : outcome.version === null
          ? 'unchanged'
          : 'new-version';
    this.metrics?.pollDuration.observe({ ward: ward.id, outcome: label }, (performance.now() - started) / 1000);
    // Retrying a refusal (a 4xx other than 408/429) cannot help: fail at once, keep it visible.
    if (!outcome.ok) throw outcome.retryable ? new Error(outcome.reason) : new UnrecoverableError(outcome.reason);
    return { version: outcome.version, requestCount: outcome.requestCount };
  }

  /** Discovery again: polls for new wards, none for retired ones, and every changed ward's screens told. */
  private async discover(): Promise<{ live: number; retired: number; resumed: number }> {
    const { live, changes } = await this.lifecycle.refresh();
    await this.scheduler.scheduleWards(
      live.map((w) => w.id),
      { pollRestarted: false },
    );
    for (const wardId of wardsChangedBy(changes)) {
      const state = await this.boards.getBoardState(wardId);
      if (state !== null) await this.events.publish({ wardId, version: state.version });
    }
    return {
      live: live.length,
      retired: changes.retire.length + changes.moveAside.length,
      resumed: changes.resume.length,
    };
  }
}
