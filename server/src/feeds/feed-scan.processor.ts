/**
 * Worker for the feed-scan queue: thin, one drop-folder scan per job (FeedDropService). One at a time
 * per worker; two workers scanning at once is safe (an import is unique by file hash, and a file moved
 * by one is skipped by the other). A failed scan (the folder unreadable, the database away) is logged
 * for IT and thrown, so BullMQ retries it; its files stay in place for the retry or the next scan.
 */
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { QUEUES } from '@wardflow/shared';
import type { Job } from 'bullmq';
import { FeedDropService, type ScanOutcome } from './feed-drop.service.js';
import { WithoutQueryParameters } from '../core/query-errors.js';

@Processor(QUEUES.feedScan, { concurrency: 1 })
export class FeedScanProcessor extends WorkerHost {
  private readonly logger = new Logger(FeedScanProcessor.name);

  constructor(private readonly drop: FeedDropService) {
    super();
  }

  // A failed query's parameters (patients) never reach the job's failed reason in Redis.
  @WithoutQueryParameters()
  async process(_job: Job<Record<string, never>>): Promise<ScanOutcome> {
    try {
      return await this.drop.scan();
    } catch (error) {
      this.logger.error(
        `Drop folder scan failed: ${(error as Error).message}; files stay where they are and the scan is tried again`,
      );
      throw error;
    }
  }
}
