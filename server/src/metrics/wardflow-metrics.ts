/**
 * Prometheus metrics (prom-client), one registry per process, every name prefixed `wardflow_`. A trust
 * scrapes each process (API and worker alike) at GET /metrics with an API token: counters and
 * histograms are per process; the gauges read at scrape time (queues, boards) describe the whole
 * deployment, so dashboards take their max rather than their sum (docker/grafana/wardflow.json).
 *
 * Labels are ward ids, queue names, outcomes and status codes: never anything about a patient.
 */
import { withinTime } from '../core/within-time.js';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Longest wait for Redis or the database in one scrape. */
const SCRAPE_SOURCE_TIMEOUT_MS = 2_000;

export type PollOutcomeLabel = 'new-version' | 'unchanged' | 'held' | 'failed' | 'refused';
export type SocketKind = 'user' | 'device' | 'token';

export interface QueueCounts {
  queue: string;
  counts: Record<string, number>;
}

export interface BoardAge {
  wardId: string;
  /** Seconds since the data the board shows was read; null when the ward has never been read. */
  ageSeconds: number | null;
  stale: boolean;
}

/** What is read at scrape time, registered by the parts of the process that know it. */
interface ScrapeSources {
  queues?: () => Promise<QueueCounts[]>;
  boards?: () => Promise<BoardAge[]>;
  sockets?: () => Record<SocketKind, number>;
}

export class WardflowMetrics {
  readonly registry = new Registry();
  private readonly sources: ScrapeSources = {};
  private lastScrape: { queues: QueueCounts[]; boards: BoardAge[]; up: Record<string, boolean> } = {
    queues: [],
    boards: [],
    up: {},
  };

  readonly pollDuration = new Histogram({
    name: 'wardflow_poll_duration_seconds',
    help: 'Time to poll one ward (read FHIR, build and store its board), by ward and outcome.',
    labelNames: ['ward', 'outcome'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers: [this.registry],
  });

  readonly fhirRequests = new Counter({
    name: 'wardflow_fhir_requests_total',
    help: "Requests to the trust's FHIR server, by HTTP status (or timeout, network, invalid-body).",
    labelNames: ['status'] as const,
    registers: [this.registry],
  });

  readonly fhirRequestDuration = new Histogram({
    name: 'wardflow_fhir_request_duration_seconds',
    help: "Time the trust's FHIR server took to answer one request (each page and retry counts).",
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly digestEmails = new Counter({
    name: 'wardflow_digest_emails_total',
    help: 'Weekly digest emails, by outcome: sent, skipped (already sent this week), failed, unrecorded (sent, ledger not updated).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly digestRuns = new Counter({
    name: 'wardflow_digest_runs_total',
    help: 'Weekly digest runs, by result: complete, or incomplete (some emails failed; the run is retried).',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  readonly escalations = new Counter({
    name: 'wardflow_escalations_total',
    help: 'Escalation events, by event: raised, resolved, emailed, email-failed.',
    labelNames: ['event'] as const,
    registers: [this.registry],
  });

  constructor() {
    // Process CPU, memory, event-loop lag and garbage collection, under the same prefix.
    collectDefaultMetrics({ register: this.registry, prefix: 'wardflow_' });
    const sources = this.sources;
    // Gauges read what exposition() fetched for this scrape (each source once, in time or not at all).
    const scraped = () => this.lastScrape;
    new Gauge({
      name: 'wardflow_scrape_source_up',
      help: 'Whether a source of this scrape answered in time (1) or not (0): queues (Redis), boards (database).',
      labelNames: ['source'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [source, ok] of Object.entries(scraped().up)) this.set({ source }, ok ? 1 : 0);
      },
    });
    new Gauge({
      name: 'wardflow_queue_jobs',
      help: 'Jobs in each BullMQ queue, by state (waiting, active, delayed, failed).',
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const { queue, counts } of scraped().queues)
          for (const [state, n] of Object.entries(counts)) this.set({ queue, state }, n);
      },
    });
    new Gauge({
      name: 'wardflow_board_age_seconds',
      help: 'Age of the data each live ward board shows (since its last complete read of FHIR).',
      labelNames: ['ward'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const board of scraped().boards)
          if (board.ageSeconds !== null) this.set({ ward: board.wardId }, board.ageSeconds);
      },
    });
    new Gauge({
      name: 'wardflow_board_stale',
      help: 'Whether each live ward board is shown as stale (1) or current (0).',
      labelNames: ['ward'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const board of scraped().boards) this.set({ ward: board.wardId }, board.stale ? 1 : 0);
      },
    });
    new Gauge({
      name: 'wardflow_socket_connections',
      help: 'Socket.IO connections to this process, by kind: user (signed in), device (wall screen), token.',
      labelNames: ['kind'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        const counts = sources.sockets?.();
        if (counts !== undefined) for (const [kind, n] of Object.entries(counts)) this.set({ kind }, n);
      },
    });
  }

  /** Registers what is read at scrape time (queues and boards: metrics.module.ts; sockets: the gateway). */
  readFrom(sources: ScrapeSources): void {
    Object.assign(this.sources, sources);
  }

  /** The FHIR reader's hook: one call per HTTP request sent. */
  fhirRequestDone(status: string, seconds: number): void {
    this.fhirRequests.inc({ status });
    this.fhirRequestDuration.observe(seconds);
  }

  /**
   * Queues and boards are read from Redis and the database first, each within a time limit: in an
   * outage of either the scrape still answers at once (process metrics, counters, and
   * wardflow_scrape_source_up at 0), rather than hanging or failing whole when it is needed most.
   */
  async exposition(): Promise<{ contentType: string; body: string }> {
    const [queues, boards] = await Promise.all([inTimeOrNull(this.sources.queues), inTimeOrNull(this.sources.boards)]);
    this.lastScrape = {
      queues: queues ?? [],
      boards: boards ?? [],
      up: {
        ...(this.sources.queues === undefined ? {} : { queues: queues !== null }),
        ...(this.sources.boards === undefined ? {} : { boards: boards !== null }),
      },
    };
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

async function inTimeOrNull<T>(read: (() => Promise<T>) | undefined): Promise<T | null> {
  if (read === undefined) return null;
  return withinTime(read(), SCRAPE_SOURCE_TIMEOUT_MS, 'a metrics source').catch(() => null);
}
