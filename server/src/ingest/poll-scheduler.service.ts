/**
 * Keeps one recurring poll per ward (redis/recurring-jobs.ts: a scheduler id per ward, so restarts
 * replace rather than duplicate), and queues manual polls. Runs in the worker role.
 */
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { QUEUES, wardPollSchedulerId, type WardPollJob } from '@wardflow/shared';
import type { Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { RecurringJobs } from '../redis/recurring-jobs.js';

@Injectable()
export class PollSchedulerService {
  private readonly logger = new Logger(PollSchedulerService.name);
  private readonly jobs: RecurringJobs<WardPollJob>;

  constructor(
    @InjectQueue(QUEUES.wardPoll) private readonly queue: Queue<WardPollJob>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.jobs = new RecurringJobs(queue);
  }

  /**
   * One recurring poll per ward, and every ward polled once straight after start. A new `every`
   * scheduler runs at once by itself; one that survived a restart waits for its next slot, so those
   * wards get one immediate poll here (measured: without it a restarted server showed stale boards
   * for up to a whole interval).
   */
  async scheduleWards(wardIds: readonly string[]): Promise<void> {
    const existing = new Set(
      await this.jobs.upsert(
        wardIds.map((wardId) => ({
          id: wardPollSchedulerId(wardId),
          repeat: { every: this.config.pollIntervalMs },
          name: 'poll',
          data: { wardId, trigger: 'schedule' },
        })),
      ),
    );
    const restarted = wardIds.filter((wardId) => existing.has(wardPollSchedulerId(wardId)));
    if (restarted.length > 0) await this.pollNow(restarted);
    this.logger.log(`Polling ${wardIds.length} wards every ${Math.round(this.config.pollIntervalMs / 1000)} s`);
  }

  /**
   * Queues an immediate poll of each ward; returns the job ids. At most one manual poll per ward waits
   * at a time, whoever asks and however often (BullMQ deduplication): asking again while one is queued
   * returns that one rather than sending the trust's FHIR server another read.
   */
  async pollNow(wardIds: readonly string[]): Promise<string[]> {
    const jobs = await this.queue.addBulk(
      wardIds.map((wardId) => ({
        name: 'poll',
        data: { wardId, trigger: 'manual' as const },
        opts: { deduplication: { id: `poll-now:${wardId}` } },
      })),
    );
    return jobs.map((j) => j.id ?? '');
  }

  /** Queues one poll of a ward after a delay (the census-drop guard's confirming poll). */
  async pollSoon(wardId: string, delayMs: number): Promise<void> {
    await this.queue.add('poll', { wardId, trigger: 'confirm' }, { delay: delayMs });
  }

  /** Every poll schedule on the queue (readiness compares it with the wards known). */
  async schedulerCount(): Promise<number> {
    return this.jobs.count();
  }
}
