import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FhirReader } from './fhir-reader.adapter.js';
import { FhirRequestError } from './fhir-error.js';

type Handler = (req: IncomingMessage, res: ServerResponse, base: string) => void;

/** A real HTTP server whose behaviour each test scripts, request by request. */
async function startScriptedServer(
  handlers: Handler[],
): Promise<{ base: string; hits: () => number; close(): Promise<void> }> {
  let hits = 0;
  let base = '';
  const server: Server = createServer((req, res) => {
    const handler = handlers[Math.min(hits, handlers.length - 1)] as Handler;
    hits++;
    handler(req, res, base);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/fhir`;
  return {
    base,
    hits: () => hits,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'Content-Type': 'application/fhir+json', ...headers });
  res.end(JSON.stringify(body));
};

const page = (ids: string[], next?: string) => ({
  resourceType: 'Bundle',
  type: 'searchset',
  entry: ids.map((id) => ({ resource: { resourceType: 'Location', id }, search: { mode: 'match' } })),
  link: next === undefined ? [] : [{ relation: 'next', url: next }],
});

async function failureOf(promise: Promise<unknown>): Promise<FhirRequestError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FhirRequestError) return error;
    throw error;
  }
  throw new Error('expected the search to fail');
}

describe('FhirReader', () => {
  let server: Awaited<ReturnType<typeof startScriptedServer>> | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const reader = (base: string, timeoutMs = 2_000) => new FhirReader({ baseUrl: base, timeoutMs, backoffBaseMs: 10 });

  it('should follow next links on the same origin and count every request', async () => {
    server = await startScriptedServer([
      (_q, res, base) => json(res, 200, page(['a', 'b'], `${base}/Location?page=2`)),
      (_q, res) => json(res, 200, page(['c'])),
    ]);
    const result = await reader(server.base).searchAll('Location', { partof: 'Location/w' });
    expect(result.matches.map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect(result.requests).toBe(2);
  });

  it('should retry a 503, honouring Retry-After, then succeed', async () => {
    server = await startScriptedServer([
      (_q, res) => json(res, 503, { resourceType: 'OperationOutcome', issue: [] }, { 'Retry-After': '0' }),
      (_q, res) => json(res, 200, page(['a'])),
    ]);
    const result = await reader(server.base).searchAll('Location', {});
    expect(result.matches).toHaveLength(1);
    expect(result.requests).toBe(2);
  });

  it('should not retry a 404 and should carry the status and issues', async () => {
    server = await startScriptedServer([
      (_q, res) =>
        json(res, 404, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found' }] }),
    ]);
    const error = await failureOf(reader(server.base).searchAll('Location', {}));
    expect(error.details.status).toBe(404);
    expect(error.details.issues).toEqual([{ severity: 'error', code: 'not-found' }]);
    expect(server.hits()).toBe(1);
  });

  it('should refuse a next link to another origin', async () => {
    server = await startScriptedServer([
      (_q, res) => json(res, 200, page(['a'], 'http://evil.example/fhir/Location?page=2')),
    ]);
    const error = await failureOf(reader(server.base).searchAll('Location', {}));
    expect(error.kind).toBe('paging');
    expect(error.message).toContain('another origin');
    expect(server.hits()).toBe(1);
  });

  it('should stop on a paging loop', async () => {
    server = await startScriptedServer([(_q, res, base) => json(res, 200, page(['a'], `${base}/Location?page=2`))]);
    const error = await failureOf(reader(server.base).searchAll('Location', {}));
    expect(error.message).toContain('Paging loop');
  });

  it('should fail on an OperationOutcome error inside a 200 searchset', async () => {
    server = await startScriptedServer([
      (_q, res) =>
        json(res, 200, {
          resourceType: 'Bundle',
          type: 'searchset',
          entry: [
            {
              resource: { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'too-costly' }] },
              search: { mode: 'outcome' },
            },
          ],
        }),
    ]);
    const error = await failureOf(reader(server.base).searchAll('Location', {}));
    expect(error.kind).toBe('outcome-in-searchset');
  });

  it('should time out a hanging server, retry, and then fail as a timeout', async () => {
    server = await startScriptedServer([() => undefined]);
    const error = await failureOf(reader(server.base, 200).searchAll('Location', {}));
    expect(error.kind).toBe('timeout');
    expect(error.screenReason).toBe('FHIR server did not answer in time');
    expect(server.hits()).toBe(3);
  });

  it('should reject an HTML page served with status 200', async () => {
    server = await startScriptedServer([
      (_q, res) => {
        res.writeHead(200, { 'Content-Type': 'text/html' });
        res.end('<html><body>Login</body></html>');
      },
    ]);
    const error = await failureOf(reader(server.base).searchAll('Location', {}));
    expect(error.kind).toBe('invalid-body');
  });
});
