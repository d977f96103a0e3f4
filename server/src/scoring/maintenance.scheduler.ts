/**
 * History housekeeping's schedule: the weekly model refit (Monday 03:00 Europe/London) and the daily
 * compaction of old history (02:30), as recurring jobs (redis/recurring-jobs.ts).
 */
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { QUEUES, type MaintenanceJobName } from '@wardflow/shared';
import type { Queue } from 'bullmq';
import { RecurringJobs, type RecurringJob } from '../redis/recurring-jobs.js';

export const MAINTENANCE_SCHEDULES: Record<MaintenanceJobName, string> = {
  refit: '0 3 * * 1',
  compact: '30 2 * * *',
};

@Injectable()
export class MaintenanceScheduler {
  private readonly jobs: RecurringJobs<Record<string, never>>;

  constructor(@InjectQueue(QUEUES.maintenance) private readonly queue: Queue<Record<string, never>>) {
    this.jobs = new RecurringJobs(queue);
  }

  private wanted(): RecurringJob<Record<string, never>>[] {
    return (Object.entries(MAINTENANCE_SCHEDULES) as Array<[MaintenanceJobName, string]>).map(([name, pattern]) => ({
      id: `maintenance:${name}`,
      repeat: { pattern, tz: 'Europe/London' },
      name,
      data: {},
    }));
  }

  async schedule(): Promise<void> {
    await this.jobs.upsert(this.wanted());
  }

  async schedulerCount(): Promise<number> {
    return this.jobs.count(this.wanted().map((j) => j.id));
  }

  async runNow(name: MaintenanceJobName): Promise<void> {
    await this.queue.add(name, {});
  }
}
