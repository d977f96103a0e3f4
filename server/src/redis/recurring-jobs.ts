/**
 * Every recurring job in one shape: BullMQ job schedulers, each under a stable id and upserted at every
 * start, so a restart replaces a schedule rather than adding a second one (JOB). A feature's scheduler
 * says which jobs it wants and when; this writes them and counts what is there for readiness.
 */
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
  private readonly queue: Queue;

  constructor(queue: Queue<Data>) {
    // BullMQ types a scheduler's id and template by the queue's job names; this writes plain ones.
    this.queue = queue as unknown as Queue;
  }

  /** Writes each schedule; returns the ids that were already there (a restart, not a first start). */
  async upsert(jobs: readonly RecurringJob<Data>[]): Promise<string[]> {
    const existing: string[] = [];
    for (const job of jobs) {
      if ((await this.queue.getJobScheduler(job.id)) !== undefined) existing.push(job.id);
      await this.queue.upsertJobScheduler(job.id, job.repeat, { name: job.name, data: job.data });
    }
    return existing;
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
