/**
 * The drop folder's schedule: one scan every FEEDS_SCAN_INTERVAL, as a recurring job under a stable id
 * (redis/recurring-jobs.ts), so a restart replaces the schedule and several workers share one.
 */
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { FEED_SCAN_SCHEDULER_ID, QUEUES } from '@wardflow/shared';
import type { Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { RecurringJobs } from '../redis/recurring-jobs.js';

@Injectable()
export class FeedScanScheduler {
  private readonly jobs: RecurringJobs<Record<string, never>>;

  constructor(
    @InjectQueue(QUEUES.feedScan) queue: Queue<Record<string, never>>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.jobs = new RecurringJobs(queue);
  }

  async schedule(): Promise<void> {
    await this.jobs.upsert([
      { id: FEED_SCAN_SCHEDULER_ID, repeat: { every: this.config.feeds.scanIntervalMs }, name: 'scan', data: {} },
    ]);
  }

  async schedulerCount(): Promise<number> {
    return this.jobs.count([FEED_SCAN_SCHEDULER_ID]);
  }
}
