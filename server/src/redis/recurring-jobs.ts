/**
 * Every recurring job in one shape: BullMQ job schedulers, each under a stable id and upserted at every
 * start, so a restart replaces a schedule rather than adding a second one (JOB). A feature's scheduler
 * says which jobs it wants and when; this writes them and counts what is there for readiness.
 *
 * Redis can come back without them (a restart with nothing kept on disk, a fail-over to an empty
 * replica): every schedule this process wrote is then written again as soon as the queue's connection
 * is ready, so polling resumes without restarting Wardflow. Before, the schedules came back only with
 * the next start, and every board went stale until someone restarted it (found by the chaos suite).
 */
import { Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';

export interface RecurringJob<Data> {
  /** Stable across restarts: the same id replaces the previous schedule. */
  id: string;
  /** Every so many ms, or a cron pattern read in a time zone (Europe/London for anything people see). */
  repeat: { every: number } | { pattern: string; tz: string };
  name: string;
  data: Data;
}

export class RecurringJobs<Data> {
  private readonly logger = new Logger('RecurringJobs');
  private readonly queue: Queue;
  /** The schedules this process wrote and still wants, by id: what a Redis that lost them is given back. */
  private readonly wanted = new Map<string, RecurringJob<Data>>();
  private watching = false;

  constructor(queue: Queue<Data>) {
    // BullMQ types a scheduler's id and template by the queue's job names; this writes plain ones.
    this.queue = queue as unknown as Queue;
  }

  /** Writes each schedule; returns the ids that were already there (a restart, not a first start). */
  async upsert(jobs: readonly RecurringJob<Data>[]): Promise<string[]> {
    const existing: string[] = [];
    for (const job of jobs) {
      if ((await this.queue.getJobScheduler(job.id)) !== undefined) existing.push(job.id);
      await this.write(job);
      this.wanted.set(job.id, job);
    }
    await this.watchForRedisReturning();
    return existing;
  }

  /** Writes again every wanted schedule Redis does not hold; returns their ids. */
  async restore(): Promise<string[]> {
    const restored: string[] = [];
    for (const job of [...this.wanted.values()]) {
      if ((await this.queue.getJobScheduler(job.id)) !== undefined) continue;
      await this.write(job);
      restored.push(job.id);
    }
    return restored;
  }

  private write(job: RecurringJob<Data>): Promise<unknown> {
    return this.queue.upsertJobScheduler(job.id, job.repeat, { name: job.name, data: job.data });
  }

  /**
   * Every `ready` of the queue's connection after a loss restores what is missing (idempotent by id,
   * so several workers doing it at once write each schedule once). Only processes that schedule
   * listen: nothing is wanted elsewhere.
   */
  private async watchForRedisReturning(): Promise<void> {
    if (this.watching) return;
    this.watching = true;
    const client = await this.queue.getBackend().client;
    client.on('ready', () => {
      this.restore().then(
        (restored) => {
          if (restored.length > 0)
            this.logger.warn(
              `Redis came back without ${restored.length} schedules of queue ${this.queue.name}: written again`,
            );
        },
        (error: unknown) =>
          // Redis went away again: the next `ready` tries again.
          this.logger.warn(`Could not restore the schedules of queue ${this.queue.name}: ${(error as Error).message}`),
      );
    });
  }

  /** Removes every schedule whose id starts with `prefix` and is not in `keep`; returns the ids removed. */
  async removeOthers(prefix: string, keep: readonly string[]): Promise<string[]> {
    const wanted = new Set(keep);
    const removed: string[] = [];
    const total = await this.queue.getJobSchedulersCount();
    for (const scheduler of await this.queue.getJobSchedulers(0, Math.max(0, total - 1))) {
      const id = scheduler.key;
      if (!id.startsWith(prefix) || wanted.has(id)) continue;
      await this.queue.removeJobScheduler(id);
      this.wanted.delete(id);
      removed.push(id);
    }
    return removed;
  }

  /** How many of these ids have a schedule, or how many schedules the queue holds when no ids are given. */
  async count(ids?: readonly string[]): Promise<number> {
    if (ids === undefined) return this.queue.getJobSchedulersCount();
    let found = 0;
    for (const id of ids) if ((await this.queue.getJobScheduler(id)) !== undefined) found++;
    return found;
  }
}
