/** Redis for integration tests: the local server, isolated by a unique key prefix per test (never flushdb). */
import { randomUUID } from 'node:crypto';

export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export function uniquePrefix(): string {
  return `wf-test-${randomUUID().slice(0, 8)}`;
}
