/**
 * What every chaos scenario does: read the server as an operator and a wall screen would (liveness,
 * readiness, boards), wait for an end state while timing it, look into BullMQ for stuck work, and
 * record what was checked and how long recovery took for the report printed at the end.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { QUEUES, type Board, type ReadinessResponse, type WardSummary } from '@wardflow/shared';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { REPO_ROOT, type WardflowProcess } from '../../support/wardflow-process.js';

export const CHAOS_ARTIFACTS = join(REPO_ROOT, 'test/artifacts/chaos');
export const RECORDS_FILE = join(CHAOS_ARTIFACTS, 'records.ndjson');

export interface ChaosRecord {
  scenario: string;
  /** The end state asserted, in words. */
  checked: string;
  /** From the fault's end (the service back) to that end state; null where nothing had to recover. */
  recoveryMs: number | null;
}

/** Kept for the table the suite prints at the end (report-teardown.js). */
export function record(entry: ChaosRecord): void {
  mkdirSync(CHAOS_ARTIFACTS, { recursive: true });
  appendFileSync(RECORDS_FILE, `${JSON.stringify({ ...entry, at: new Date().toISOString() })}\n`);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Reads until `done`, failing with `what` and the last value read when it never happens. Returns the
 * value and when it was first seen (epoch ms), so a scenario can time its recovery.
 */
export async function waitUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  what: string,
  { timeoutMs = 60_000, everyMs = 250 } = {},
): Promise<{ value: T; at: number }> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await read();
      if (done(last)) return { value: last, at: Date.now() };
    } catch (error) {
      lastError = error;
    }
    await sleep(everyMs);
  }
  const seen = last === undefined ? `last error: ${(lastError as Error | undefined)?.message}` : JSON.stringify(last);
  throw new Error(`${what} did not happen in ${timeoutMs} ms; last seen: ${seen.slice(0, 1_500)}`);
}

/** A GET with the API token that gives up after `timeoutMs`: a server that does not answer is an answer too. */
export async function timedGet(
  server: WardflowProcess,
  path: string,
  timeoutMs = 5_000,
  /** Another API token than the demo's (which holds every role). */
  token?: string,
): Promise<{ status: number; body: unknown; ms: number }> {
  const started = Date.now();
  const response = await server.api(path, {
    signal: AbortSignal.timeout(timeoutMs),
    ...(token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } }),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: kept as text.
  }
  return { status: response.status, body, ms: Date.now() - started };
}

export async function readiness(
  server: WardflowProcess,
  timeoutMs = 5_000,
  token?: string,
): Promise<{ status: number; body: ReadinessResponse; ms: number }> {
  const answer = await timedGet(server, '/api/ready', timeoutMs, token);
  return { ...answer, body: answer.body as ReadinessResponse };
}

export function failingChecks(body: ReadinessResponse): string[] {
  return body.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`);
}

export async function liveWards(server: WardflowProcess): Promise<WardSummary[]> {
  return (await server.json<WardSummary[]>('/api/wards')).filter((w) => w.retired === null);
}

export async function boards(server: WardflowProcess): Promise<Board[]> {
  const wards = await liveWards(server);
  return Promise.all(wards.map((w) => server.json<Board>(`/api/wards/${encodeURIComponent(w.id)}/board`)));
}

/** Every live ward's board fresh, from a poll read after `after` (epoch ms). */
export function everyWardFresh(server: WardflowProcess, after: number, what: string, timeoutMs = 60_000) {
  return waitUntil(
    () => boards(server),
    (all) =>
      all.length > 0 &&
      all.every((b) => b.freshness === 'fresh' && b.asOf !== null && Date.parse(b.asOf) > after && !b.staleReason),
    what,
    { timeoutMs },
  );
}

export interface QueueState {
  counts: Record<string, Record<string, number>>;
  /** Active jobs whose lock is gone: a worker died holding them and nobody has taken them back yet. */
  activeWithoutLock: string[];
  /** Jobs waiting to run for longer than `staleWaitMs`: queued work nobody picks up. */
  waitingTooLong: string[];
}

/** What BullMQ holds under the prefix, read as a second observer (never changing anything). */
export async function queueState(redisUrl: string, prefix: string, staleWaitMs = 30_000): Promise<QueueState> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  redis.on('error', () => undefined);
  const state: QueueState = { counts: {}, activeWithoutLock: [], waitingTooLong: [] };
  try {
    await redis.connect();
    for (const name of Object.values(QUEUES)) {
      const queue = new Queue(name, { connection: redis, prefix });
      try {
        state.counts[name] = await queue.getJobCounts('active', 'waiting', 'prioritized', 'delayed', 'failed');
        for (const job of await queue.getActive()) {
          if ((await redis.exists(`${prefix}:${name}:${job.id}:lock`)) === 0)
            state.activeWithoutLock.push(`${name}/${job.id} (${job.name})`);
        }
        for (const job of await queue.getJobs(['waiting', 'prioritized'])) {
          if (Date.now() - job.timestamp > staleWaitMs) state.waitingTooLong.push(`${name}/${job.id} (${job.name})`);
        }
      } finally {
        await queue.close();
      }
    }
  } finally {
    redis.disconnect();
  }
  return state;
}

/** No job held by a dead worker, none left waiting: the end state every scenario asks of the queues. */
export function noStuckJobs(redisUrl: string, prefix: string, what: string, timeoutMs = 10_000) {
  return waitUntil(
    () => queueState(redisUrl, prefix),
    (s) => s.activeWithoutLock.length === 0 && s.waitingTooLong.length === 0,
    what,
    { timeoutMs, everyMs: 500 },
  );
}
