/**
 * FHIR reading adapter around fhir-kit-client, which has no timeouts, retries or safe paging of its
 * own (docs/design.md section 8). Every call has a timeout; retryable failures are retried with backoff and
 * jitter, honouring Retry-After; `next` links are followed only on the configured origin, with loop
 * and page caps; an OperationOutcome error inside a 200 searchset fails the search. Everything else
 * in the server sees plain resources or a FhirRequestError.
 */
import type { Bundle, OperationOutcome, Resource } from '@medplum/fhirtypes';
import { Client } from 'fhir-kit-client';
import { createFhirAuth, FhirAuthError, fhirRequestSigner, type FhirAuth } from './fhir-auth.js';
import { FhirRequestError, parseRetryAfter, type OutcomeIssue } from './fhir-error.js';

export interface FhirReaderOptions {
  baseUrl: string;
  timeoutMs: number;
  /** Further tries after the first, for retryable failures only. */
  retries?: number;
  /** Hard cap on pages per search: a server that pages forever must not hold a poll forever. */
  maxPages?: number;
  /** Base delay for exponential backoff; tests shrink it. */
  backoffBaseMs?: number;
  /** Longest Retry-After we will wait inside one poll; longer waits fail the poll instead. */
  maxRetryAfterMs?: number;
  /** How requests authenticate; none by default. Credentials go only to the base URL's origin. */
  auth?: FhirAuth;
  /** Told of every HTTP request sent: its status ("200", "503", or "timeout", "network"...) and duration (metrics). */
  onRequest?: (status: string, seconds: number) => void;
}

export interface SearchResult {
  /** Entries with search.mode "match" (or no mode), in server order. */
  matches: Resource[];
  /** Entries with search.mode "include", deduplicated by type and id. */
  included: Resource[];
  /** HTTP requests this search made, retries and pages included. */
  requests: number;
}

export class FhirReader {
  private readonly client: Client;
  private readonly origin: string;
  private readonly retries: number;
  private readonly maxPages: number;
  private readonly backoffBaseMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly auth: FhirAuth;

  constructor(private readonly options: FhirReaderOptions) {
    this.auth = options.auth ?? createFhirAuth({ kind: 'none' }, options.baseUrl);
    // The signer runs for every request fhir-kit-client sends, paging included.
    this.client = new Client({
      baseUrl: options.baseUrl,
      customHeaders: { Accept: 'application/fhir+json' },
      // fhir-kit-client awaits the signer (dist/http-client.js) though its ClientConfig types it as returning void.
      // eslint-disable-next-line @typescript-eslint/no-misused-promises
      requestSigner: fhirRequestSigner(this.auth),
    });
    this.origin = new URL(options.baseUrl).origin;
    this.retries = options.retries ?? 2;
    this.maxPages = options.maxPages ?? 50;
    this.backoffBaseMs = options.backoffBaseMs ?? 500;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 30_000;
  }

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  /** Runs a search and follows its pages to the end. `post` sends the parameters as a form body (long id lists). */
  async searchAll(
    resourceType: string,
    params: Record<string, string | string[]>,
    post = false,
  ): Promise<SearchResult> {
    const result: SearchResult = { matches: [], included: [], requests: 0 };
    const seenIncluded = new Set<string>();
    const seenPages = new Set<string>();
    let bundle = await this.withRetries(result, () =>
      this.client.search({
        resourceType,
        searchParams: params,
        options: { signal: AbortSignal.timeout(this.options.timeoutMs), postSearch: post },
      }),
    );
    for (let page = 1; ; page++) {
      this.collect(bundle, result, seenIncluded);
      const next = bundle.link?.find((l) => l.relation === 'next')?.url;
      if (next === undefined) return result;
      if (page >= this.maxPages) {
        throw new FhirRequestError('paging', `More than ${this.maxPages} pages for ${resourceType}`);
      }
      const nextUrl = this.checkedNextUrl(next);
      if (seenPages.has(nextUrl)) throw new FhirRequestError('paging', `Paging loop for ${resourceType}`);
      seenPages.add(nextUrl);
      bundle = await this.withRetries(result, () =>
        this.client.request(nextUrl, { options: { signal: AbortSignal.timeout(this.options.timeoutMs) } }),
      );
    }
  }

  /** The server's CapabilityStatement (`GET [base]/metadata`), unchecked: the caller reads it as untrusted input. */
  async capabilities(): Promise<unknown> {
    const counter: SearchResult = { matches: [], included: [], requests: 0 };
    return this.withRetries(counter, () =>
      this.client.capabilityStatement({ signal: AbortSignal.timeout(this.options.timeoutMs) }),
    );
  }

  /** Reads one resource by id. */
  async read(resourceType: string, id: string): Promise<Resource> {
    const counter: SearchResult = { matches: [], included: [], requests: 0 };
    const resource = await this.withRetries(counter, () =>
      this.client.read({ resourceType, id, options: { signal: AbortSignal.timeout(this.options.timeoutMs) } }),
    );
    return resource as unknown as Resource;
  }

  /**
   * Creates a resource (`POST [base]/[type]`): the one write Wardflow makes, the huddle's actions as
   * Tasks when the trust turns it on. Tried once: a retried POST whose first try did arrive would
   * write the Task twice.
   */
  async create<T extends Resource>(resource: T): Promise<T> {
    const counter: SearchResult = { matches: [], included: [], requests: 0 };
    const created = await this.withRetries(
      counter,
      () =>
        this.client.create({
          resourceType: resource.resourceType,
          // fhir-kit-client types the body as its own FhirResource; medplum's Resource is the same JSON.
          body: resource as unknown as Parameters<Client['create']>[0]['body'],
          options: { signal: AbortSignal.timeout(this.options.timeoutMs) },
        }),
      0,
    );
    return created as unknown as T;
  }

  /** Replaces a resource (`PUT [base]/[type]/[id]`): idempotent, so retried like a read. */
  async update<T extends Resource & { id: string }>(resource: T): Promise<T> {
    const counter: SearchResult = { matches: [], included: [], requests: 0 };
    const updated = await this.withRetries(counter, () =>
      this.client.update({
        resourceType: resource.resourceType,
        id: resource.id,
        body: resource as unknown as Parameters<Client['update']>[0]['body'],
        options: { signal: AbortSignal.timeout(this.options.timeoutMs) },
      }),
    );
    return updated as unknown as T;
  }

  /** A next link to another origin could leak credentials and data: refuse it (docs/design.md section 8). */
  private checkedNextUrl(next: string): string {
    let url: URL;
    try {
      url = new URL(next, this.options.baseUrl + '/');
    } catch {
      throw new FhirRequestError('paging', 'Unreadable next link');
    }
    if (url.origin !== this.origin) {
      throw new FhirRequestError('paging', `Next link points to another origin (${url.origin})`);
    }
    return url.toString();
  }

  private collect(bundle: Bundle, result: SearchResult, seenIncluded: Set<string>): void {
    for (const entry of bundle.entry ?? []) {
      const resource = entry.resource;
      if (resource === undefined) continue;
      const mode = entry.search?.mode;
      if (mode === 'outcome' || resource.resourceType === 'OperationOutcome') {
        const issues = outcomeIssues(resource as OperationOutcome);
        if (issues.some((i) => i.severity === 'error' || i.severity === 'fatal')) {
          throw new FhirRequestError('outcome-in-searchset', 'OperationOutcome error in searchset', { issues });
        }
        continue;
      }
      if (mode === 'include') {
        const key = `${resource.resourceType}/${resource.id ?? ''}`;
        if (!seenIncluded.has(key)) {
          seenIncluded.add(key);
          result.included.push(resource);
        }
      } else {
        result.matches.push(resource);
      }
    }
  }

  private async withRetries(
    counter: SearchResult,
    call: () => Promise<unknown>,
    retries: number = this.retries,
  ): Promise<Bundle> {
    let authRetried = false;
    for (let attempt = 0; ; attempt++) {
      counter.requests++;
      const started = performance.now();
      try {
        const body = await call();
        this.options.onRequest?.('200', (performance.now() - started) / 1000);
        return asBundle(body);
      } catch (raw) {
        this.options.onRequest?.(requestStatusLabel(raw), (performance.now() - started) / 1000);
        // A 401 may mean our cached token expired early: fetch a new one and try exactly once more.
        if (
          !authRetried &&
          (raw as { response?: { status?: number } }).response?.status === 401 &&
          this.auth.invalidate()
        ) {
          authRetried = true;
          attempt--;
          continue;
        }
        const error = toFhirError(raw);
        const retryAfter = error.details.retryAfterMs;
        if (!error.retryable || attempt >= retries || (retryAfter !== undefined && retryAfter > this.maxRetryAfterMs)) {
          throw error;
        }
        const backoff = this.backoffBaseMs * 2 ** attempt;
        const jittered = backoff / 2 + Math.random() * (backoff / 2);
        await sleep(Math.max(retryAfter ?? 0, jittered));
      }
    }
  }
}

function asBundle(body: unknown): Bundle {
  if (typeof body !== 'object' || body === null || !('resourceType' in body)) {
    throw new FhirRequestError('invalid-body', 'Response is not a FHIR resource');
  }
  return body as Bundle;
}

function outcomeIssues(outcome: OperationOutcome): OutcomeIssue[] {
  return (outcome.issue ?? []).map((i) => {
    // Servers put the words in either place; keep whichever there is.
    const diagnostics = i.diagnostics ?? i.details?.text;
    return {
      severity: i.severity ?? 'error',
      code: i.code ?? 'unknown',
      ...(diagnostics === undefined ? {} : { diagnostics }),
    };
  });
}

/** Maps whatever fhir-kit-client or fetch threw onto FhirRequestError. */
function toFhirError(raw: unknown): FhirRequestError {
  if (raw instanceof FhirRequestError) return raw;
  if (raw instanceof FhirAuthError) {
    return new FhirRequestError('auth', raw.message, {
      ...(raw.details.status === undefined ? {} : { status: raw.details.status }),
      authRetryable: raw.retryable,
    });
  }
  const error = raw as {
    name?: string;
    message?: string;
    response?: { status?: number; data?: unknown };
    config?: { headers?: Headers; url?: string };
  };
  if (error.name === 'TimeoutError' || error.name === 'AbortError') {
    return new FhirRequestError('timeout', 'FHIR request timed out');
  }
  const status = error.response?.status;
  if (status !== undefined) {
    const data = error.response?.data;
    const issues =
      typeof data === 'object' && data !== null && (data as Resource).resourceType === 'OperationOutcome'
        ? outcomeIssues(data as OperationOutcome)
        : [];
    if (status >= 200 && status < 300) {
      return new FhirRequestError('invalid-body', `HTTP ${status} with a body that is not FHIR JSON`, { status });
    }
    const retryAfterMs = parseRetryAfter(error.config?.headers?.get('retry-after') ?? null, Date.now());
    return new FhirRequestError('http', `FHIR server answered HTTP ${status}`, {
      status,
      issues,
      ...(retryAfterMs === null ? {} : { retryAfterMs }),
    });
  }
  return new FhirRequestError('network', `FHIR request failed: ${error.message ?? String(raw)}`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A failed request's metrics label: its HTTP status, or what went wrong before one arrived. */
function requestStatusLabel(raw: unknown): string {
  const status = (raw as { response?: { status?: number } } | null)?.response?.status;
  if (typeof status === 'number') return String(status);
  const error = toFhirError(raw);
  return error.details.status === undefined ? error.kind : String(error.details.status);
}
