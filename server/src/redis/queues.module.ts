/**
 * The BullMQ queues on Redis, with their retry policies, available to every feature (producers inject
 * a queue; processors are found wherever they are registered). The key prefix lets deployments share
 * a Redis (WARDFLOW_QUEUE_PREFIX).
 */
import { BullModule } from '@nestjs/bullmq';
import { Global, Module, type DynamicModule } from '@nestjs/common';
import { QUEUES } from '@wardflow/shared';

const registered = BullModule.registerQueue(
  {
    name: QUEUES.wardScore,
    defaultJobOptions: {
      attempts: 5,
      backoff: { type: 'exponential', delay: 2_000 },
      removeOnComplete: { count: 500 },
      removeOnFail: { count: 1_000 },
    },
  },
  {
    name: QUEUES.maintenance,
    defaultJobOptions: {
      attempts: 3,
      backoff: { type: 'exponential', delay: 60_000 },
      removeOnComplete: { count: 50 },
      removeOnFail: { count: 200 },
    },
  },
  {
    name: QUEUES.weeklyDigest,
    // A failed send is retried a few times over about an hour (1, 2, 4, 8, 16 min); each retry sends only the failed rows.
    defaultJobOptions: {
      attempts: 6,
      backoff: { type: 'exponential', delay: 60_000 },
      removeOnComplete: { count: 100 },
      removeOnFail: { count: 200 },
    },
  },
  {
    name: QUEUES.feedScan,
    // A failed scan (the database away) is tried again soon; its files stay in place meanwhile.
    defaultJobOptions: {
      attempts: 3,
      backoff: { type: 'exponential', delay: 10_000 },
      removeOnComplete: { count: 50 },
      removeOnFail: { count: 200 },
    },
  },
  {
    name: QUEUES.historyBackfill,
    // A run stopped by the database or Redis going away is tried again from where it stopped.
    defaultJobOptions: {
      attempts: 5,
      backoff: { type: 'exponential', delay: 30_000 },
      removeOnComplete: { count: 20 },
      removeOnFail: { count: 50 },
    },
  },
  {
    name: QUEUES.wardPoll,
    defaultJobOptions: {
      attempts: 3,
      backoff: { type: 'exponential', delay: 5_000 },
      removeOnComplete: { count: 200 },
      removeOnFail: { count: 1_000 },
    },
  },
);

@Global()
@Module({})
export class QueuesModule {
  static forRoot(redisUrl: string, prefix: string): DynamicModule {
    return {
      module: QueuesModule,
      imports: [BullModule.forRoot({ connection: { url: redisUrl, maxRetriesPerRequest: null }, prefix }), registered],
      exports: [registered],
    };
  }
}
