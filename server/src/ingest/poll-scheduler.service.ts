/**
 * Keeps one recurring poll per ward (redis/recurring-jobs.ts: a scheduler id per ward, so restarts
 * replace rather than duplicate), and queues manual polls. Runs in the worker role.
 */
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  QUEUES,
  WARD_DISCOVERY_SCHEDULER_ID,
  wardPollSchedulerId,
  type WardDiscoveryJob,
  type WardPollJob,
} from '@wardflow/shared';
import type { Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { RecurringJobs } from '../redis/recurring-jobs.js';

/** Ward discovery runs at most this often, whatever FHIR_RECONCILE_INTERVAL says. */
export const MIN_DISCOVERY_INTERVAL_MS = 5 * 60_000;

@Injectable()
export class PollSchedulerService {
  private readonly logger = new Logger(PollSchedulerService.name);
  private readonly jobs: RecurringJobs<WardPollJob>;
  private readonly discovery: RecurringJobs<WardDiscoveryJob>;

  constructor(
    @InjectQueue(QUEUES.wardPoll) private readonly queue: Queue<WardPollJob>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.jobs = new RecurringJobs(queue);
    this.discovery = new RecurringJobs(queue as unknown as Queue<WardDiscoveryJob>);
  }

  /** The trust's wards discovered again every reconcile interval (ward-lifecycle.service.ts). */
  async scheduleDiscovery(): Promise<void> {
    await this.discovery.upsert([
      {
        id: WARD_DISCOVERY_SCHEDULER_ID,
        // At least every 5 minutes' worth apart: FHIR_RECONCILE_INTERVAL may be 0 (every poll a full read).
        repeat: { every: Math.max(this.config.fhirReconcileIntervalMs, MIN_DISCOVERY_INTERVAL_MS) },
        name: 'discover',
        data: { trigger: 'discover' },
      },
    ]);
  }

  /**
   * One recurring poll per ward, and every ward polled once straight after start. A new `every`
   * scheduler runs at once by itself; one that survived a restart waits for its next slot, so those
   * wards get one immediate poll here (measured: without it a restarted server showed stale boards
   * for up to a whole interval).
   */
  async scheduleWards(wardIds: readonly string[], opts: { pollRestarted?: boolean } = {}): Promise<void> {
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
    if (restarted.length > 0 && opts.pollRestarted !== false) await this.pollNow(restarted);
    // Schedules of wards no longer served (retired, excluded, or of the FHIR server used before) go:
    // left in Redis they would poll the server in use for wards it does not have, failing forever.
    const removed = await this.jobs.removeOthers(
      wardPollSchedulerId(''),
      wardIds.map((id) => wardPollSchedulerId(id)),
    );
    if (removed.length > 0) this.logger.log(`Removed ${removed.length} poll schedules of wards no longer served`);
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

  /** Poll schedules on the queue (readiness compares it with the live wards); the discovery schedule is not one. */
  async schedulerCount(): Promise<number> {
    const all = await this.jobs.count();
    return all - (await this.discovery.count([WARD_DISCOVERY_SCHEDULER_ID]));
  }
}
