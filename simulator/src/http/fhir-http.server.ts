/**
 * FHIR R4 REST over `node:http` in front of Medplum's FhirRouter. The router does reads, writes and
 * matching; this layer adds what a client of a real server sees and the router leaves out: the base
 * path, capped `_count`, absolute `self`/`next`/`previous` links, `fullUrl`, a CapabilityStatement,
 * 400s for searches it cannot answer, validation of written resources, and HTTP status codes and
 * headers from the OperationOutcome.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_SEARCH_COUNT, OperationOutcomeError, getStatus, isOk, validateResource } from '@medplum/core';
import type { FhirRequest, FhirRouter, FhirRepository, HttpMethod } from '@medplum/fhir-router';
import type { Bundle, OperationOutcome, Resource } from '@medplum/fhirtypes';
import { buildCapabilityStatement, type ServerMode } from './capability-statement.builder.js';
import { validateSearch, type SearchParams } from './search-request.validator.js';

export interface FhirHttpServerOptions {
  repo: FhirRepository;
  router: FhirRouter;
  /** Resource types served; anything else is 404. */
  resourceTypes: ReadonlySet<string>;
  /** 0 picks a free port. */
  port: number;
  /** Path of the FHIR base on this server, e.g. `/fhir/R4`. */
  basePath: string;
  /** Largest page whatever `_count` asks for. */
  pageSizeCap: number;
  clock: () => number;
  /**
   * `minimal` serves what many trusts' EPR facades do: GET searches only, no `_revinclude`, no
   * `_lastUpdated`, refused as real servers refuse them (405; 400 with an OperationOutcome
   * "not-supported"), and left out of the CapabilityStatement. Default `full`.
   */
  mode?: ServerMode;
}

export interface FhirHttpServer {
  /** Absolute base URL without a trailing slash. */
  baseUrl: string;
  requestCount(): number;
  close(): Promise<void>;
}

const FHIR_JSON = 'application/fhir+json; charset=utf-8';
const MAX_BODY_BYTES = 8 * 1024 * 1024;
const METHODS = new Set<HttpMethod>(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly outcome: OperationOutcome,
  ) {
    super(outcome.issue?.[0]?.details?.text ?? outcome.issue?.[0]?.diagnostics ?? 'HTTP problem');
  }
}

export async function startFhirHttpServer(options: FhirHttpServerOptions): Promise<FhirHttpServer> {
  let requests = 0;
  let baseUrl = '';
  let capability: string | null = null;
  const mode = options.mode ?? 'full';
  const server: Server = createServer({ maxHeaderSize: 64 * 1024 }, (req, res) => {
    requests++;
    handle(req, res).catch((error: unknown) => sendError(res, error));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator.invalid');
    const method = (req.method ?? 'GET').toUpperCase() as HttpMethod;
    if (!METHODS.has(method)) throw problem(405, 'not-supported', `Method ${method} is not supported`);
    if (url.pathname !== options.basePath && !url.pathname.startsWith(`${options.basePath}/`)) {
      throw problem(404, 'not-found', `Not a FHIR endpoint; the base is ${baseUrl}`);
    }
    const path = url.pathname.slice(options.basePath.length).replace(/^\/+|\/+$/g, '');
    const segments = path === '' ? [] : path.split('/').map((s) => decodeURIComponent(s));
    if (method === 'GET' && segments.length === 1 && segments[0] === 'metadata') {
      capability ??= JSON.stringify(
        buildCapabilityStatement(options.resourceTypes, baseUrl, new Date(options.clock()).toISOString(), mode),
      );
      return sendRaw(res, 200, capability);
    }
    const resourceType = segments[0];
    if (resourceType !== undefined && !options.resourceTypes.has(resourceType)) {
      throw problem(404, 'not-supported', `Resource type not supported: ${resourceType}`);
    }
    const body = method === 'GET' || method === 'DELETE' ? undefined : await readBody(req);
    if (resourceType !== undefined && method === 'GET' && segments.length === 1) {
      return search(res, resourceType, queryParams(url.searchParams), 'GET');
    }
    if (resourceType !== undefined && method === 'POST' && segments.length === 2 && segments[1] === '_search') {
      if (mode === 'minimal') throw problem(405, 'not-supported', 'POST _search is not supported; search with GET');
      if (body !== undefined && !(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
        throw problem(415, 'not-supported', 'POST _search takes an application/x-www-form-urlencoded body');
      }
      const form = new URLSearchParams(body ?? '');
      return search(res, resourceType, { ...queryParams(url.searchParams), ...queryParams(form) }, 'POST');
    }
    let resourceBody: unknown = typeof body === 'string' ? parseJson(body) : undefined;
    if (resourceType !== undefined && (method === 'POST' || method === 'PUT') && segments.length <= 2) {
      resourceBody = checkedResource(resourceBody, method === 'POST' && segments.length === 1);
    }
    const request: FhirRequest = {
      method,
      url: `${path}${url.search}`,
      pathname: '',
      body: resourceBody,
      params: {},
      query: {},
      headers: req.headers,
    };
    const [outcome, resource] = await options.router.handleRequest(request, options.repo);
    const status = getStatus(outcome);
    if (!isOk(outcome) || resource === undefined) return sendResource(res, status, resource ?? outcome);
    const headers: Record<string, string> = {};
    if (resource.meta?.versionId !== undefined) headers.ETag = `W/"${resource.meta.versionId}"`;
    if (resource.meta?.lastUpdated !== undefined)
      headers['Last-Modified'] = new Date(resource.meta.lastUpdated).toUTCString();
    if (status === 201 && resource.id !== undefined) {
      headers.Location = `${baseUrl}/${resource.resourceType}/${resource.id}/_history/${resource.meta?.versionId ?? ''}`;
    }
    if (resource.resourceType === 'Bundle') withFullUrls(resource);
    return sendResource(res, status, resource, headers);
  }

  async function search(
    res: ServerResponse,
    resourceType: string,
    params: SearchParams,
    method: 'GET' | 'POST',
  ): Promise<void> {
    if (mode === 'minimal') {
      for (const refused of ['_revinclude', '_lastUpdated'])
        if (Object.keys(params).some((key) => key === refused || key.startsWith(`${refused}:`)))
          throw problem(400, 'not-supported', `${refused} is not supported by this server`);
    }
    const validated = validateSearch(resourceType, params);
    if (!validated.ok) throw new HttpProblem(400, validated.outcome);
    const count = Math.min(validated.request.count ?? DEFAULT_SEARCH_COUNT, options.pageSizeCap);
    const offset = validated.request.offset ?? 0;
    const paged: SearchParams = { ...params, _count: String(count), _offset: String(offset) };
    const request: FhirRequest =
      method === 'GET'
        ? { method, url: `${resourceType}?${toQuery(paged)}`, pathname: '', body: undefined, params: {}, query: {} }
        : { method, url: `${resourceType}/_search`, pathname: '', body: paged, params: {}, query: {} };
    const [outcome, result] = await options.router.handleRequest(request, options.repo);
    if (!isOk(outcome) || result?.resourceType !== 'Bundle') {
      throw new HttpProblem(isOk(outcome) ? 500 : getStatus(outcome), outcome);
    }
    const bundle = withFullUrls(result);
    const total = bundle.total ?? 0;
    const link = (at: number): string => {
      const { _offset: _dropped, ...rest } = paged;
      return `${baseUrl}/${resourceType}?${toQuery(at > 0 ? { ...rest, _offset: String(at) } : rest)}`;
    };
    bundle.link = [{ relation: 'self', url: link(offset) }];
    if (count > 0 && offset + count < total) bundle.link.push({ relation: 'next', url: link(offset + count) });
    if (offset > 0) bundle.link.push({ relation: 'previous', url: link(Math.max(0, offset - Math.max(count, 1))) });
    sendResource(res, 200, bundle);
  }

  function withFullUrls(bundle: Bundle): Bundle {
    for (const entry of bundle.entry ?? []) {
      if (entry.resource?.id !== undefined)
        entry.fullUrl = `${baseUrl}/${entry.resource.resourceType}/${entry.resource.id}`;
    }
    return bundle;
  }

  // Keep idle connections longer than clients do (undici drops its own after about 4 s): with Node's
  // 5 s default a client on a loaded machine can reuse a socket the server is just closing (ECONNRESET).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}${options.basePath}`;
  return {
    baseUrl,
    requestCount: () => requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      }),
  };
}

/** Repeated parameters (`date=ge..&date=le..`) stay repeated; they are ANDed. */
function queryParams(searchParams: URLSearchParams): SearchParams {
  const params: SearchParams = {};
  for (const key of new Set(searchParams.keys())) {
    const values = searchParams.getAll(key);
    params[key] = values.length === 1 ? (values[0] as string) : values;
  }
  return params;
}

function toQuery(params: SearchParams): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const v of Array.isArray(value) ? value : [value]) query.append(key, v);
  }
  return query.toString();
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw problem(413, 'too-costly', 'Request body too large');
    chunks.push(buffer);
  }
  return size === 0 ? undefined : Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw problem(400, 'structure', 'Body is not valid JSON');
  }
}

/**
 * A resource written over HTTP must be valid R4 (the simulator's own data is, and the ingest code must
 * not meet anything else here). On create the server assigns the id, as FHIR requires.
 */
function checkedResource(body: unknown, isCreate: boolean): Resource {
  if (typeof body !== 'object' || body === null || typeof (body as Resource).resourceType !== 'string') {
    throw problem(400, 'structure', 'Body must be a FHIR resource');
  }
  const resource = body as Resource;
  if (isCreate) delete resource.id;
  let issues;
  try {
    issues = validateResource(resource);
  } catch (error) {
    if (error instanceof OperationOutcomeError) throw new HttpProblem(400, error.outcome);
    throw error;
  }
  const errors = issues.filter((i) => i.severity === 'error' || i.severity === 'fatal');
  if (errors.length > 0) throw new HttpProblem(400, { resourceType: 'OperationOutcome', issue: errors });
  return resource;
}

function problem(
  status: number,
  code: 'not-found' | 'not-supported' | 'structure' | 'too-costly',
  text: string,
): HttpProblem {
  return new HttpProblem(status, {
    resourceType: 'OperationOutcome',
    issue: [{ severity: 'error', code, details: { text } }],
  });
}

function sendError(res: ServerResponse, error: unknown): void {
  if (error instanceof HttpProblem) return sendResource(res, error.status, error.outcome);
  if (error instanceof OperationOutcomeError) return sendResource(res, getStatus(error.outcome), error.outcome);
  if (error instanceof URIError)
    return sendError(res, problem(400, 'structure', 'Malformed percent-encoding in the URL'));
  const text = error instanceof Error ? error.message : String(error);
  sendResource(res, 500, {
    resourceType: 'OperationOutcome',
    issue: [{ severity: 'error', code: 'exception', diagnostics: text }],
  });
}

function sendResource(
  res: ServerResponse,
  status: number,
  resource: Resource,
  headers: Record<string, string> = {},
): void {
  sendRaw(res, status, JSON.stringify(resource), headers);
}

function sendRaw(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'Content-Type': FHIR_JSON, 'Content-Length': Buffer.byteLength(body), ...headers });
  res.end(body);
}
