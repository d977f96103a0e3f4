/**
 * A fault-injecting FHIR server for tests: a real HTTP proxy in front of another FHIR server (the
 * simulator) that passes requests through until told to misbehave on the ones a rule matches. It can
 * also go away altogether (its port refuses connections) and come back on the same address, as a
 * FHIR server taken down for maintenance does (the chaos suite, test/chaos).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault =
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: unknown }
  | { kind: 'hang' }
  | { kind: 'truncated' }
  | { kind: 'not-json' }
  | { kind: 'html-200' }
  /** Answers correctly, but only after `ms`: a slow server. */
  | { kind: 'delay'; ms: number }
  /** Sends the status line, headers and part of the body, then destroys the socket: a dropped connection. */
  | { kind: 'drop' }
  | { kind: 'rewrite'; rewrite: (body: Record<string, unknown>, proxyBase: string) => Record<string, unknown> };

export interface FaultRule {
  /** Which requests misbehave, by method and path+query after the base (e.g. /Encounter?...). */
  matches: (method: string, pathAndQuery: string) => boolean;
  fault: Fault;
}

export interface FaultProxy {
  baseUrl: string;
  inject(rule: FaultRule | null): void;
  /** Requests received so far, and those not yet answered. */
  requests(): { received: number; inFlight: number };
  /** Stops listening and cuts every open connection: connections to its address are refused. */
  away(): Promise<void>;
  /** Listens again on the same address (nothing to do if it is listening). */
  back(): Promise<void>;
  close(): Promise<void>;
}

export async function startFaultProxy(upstreamBase: string): Promise<FaultProxy> {
  const upstream = new URL(upstreamBase);
  let rule: FaultRule | null = null;
  let baseUrl = '';
  let received = 0;
  let inFlight = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    received++;
    inFlight++;
    res.once('close', () => inFlight--);
    handle(req, res).catch(() => res.destroy());
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const pathAndQuery = (req.url ?? '').slice(new URL(baseUrl).pathname.length);
    const active = rule !== null && rule.matches(req.method ?? 'GET', pathAndQuery) ? rule.fault : null;
    if (active?.kind === 'hang') return;
    if (active?.kind === 'delay') await new Promise((resolve) => setTimeout(resolve, active.ms));
    if (res.destroyed) return;
    if (active?.kind === 'status') {
      res.writeHead(active.status, { 'Content-Type': 'application/fhir+json', ...active.headers });
      res.end(
        JSON.stringify(
          active.body ?? { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'exception' }] },
        ),
      );
      return;
    }
    if (active?.kind === 'html-200') {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<!doctype html><html><body><h1>Please sign in</h1></body></html>');
      return;
    }
    if (active?.kind === 'not-json') {
      res.writeHead(200, { 'Content-Type': 'application/fhir+json' });
      res.end('this is not JSON');
      return;
    }
    const upstreamUrl = `${upstream.origin}${upstream.pathname}${pathAndQuery}`;
    const response = await fetch(upstreamUrl, {
      method: req.method ?? 'GET',
      headers: {
        'Content-Type': req.headers['content-type'] ?? 'application/fhir+json',
        Accept: 'application/fhir+json',
      },
      ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
    });
    // Links in the upstream's bundles point at the upstream: rewrite them to come back through here.
    let text = (await response.text()).replaceAll(`${upstream.origin}${upstream.pathname}`, baseUrl);
    if (active?.kind === 'rewrite')
      text = JSON.stringify(active.rewrite(JSON.parse(text) as Record<string, unknown>, baseUrl));
    if (active?.kind === 'drop') {
      res.writeHead(response.status, { 'Content-Type': 'application/fhir+json' });
      res.write(text.slice(0, Math.floor(text.length / 2)));
      // Let the first half reach the client, then cut the connection without ending the response.
      setTimeout(() => res.socket?.destroy(), 50);
      return;
    }
    if (active?.kind === 'truncated') {
      res.writeHead(response.status, { 'Content-Type': 'application/fhir+json' });
      res.end(text.slice(0, Math.floor(text.length / 2)));
      return;
    }
    res.writeHead(response.status, { 'Content-Type': 'application/fhir+json' });
    res.end(text);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}${upstream.pathname}`;
  const stopListening = () =>
    new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return {
    baseUrl,
    inject: (next) => {
      rule = next;
    },
    requests: () => ({ received, inFlight }),
    away: stopListening,
    back: () =>
      new Promise<void>((resolve) => {
        if (server.listening) return resolve();
        server.listen(port, '127.0.0.1', resolve);
      }),
    close: stopListening,
  };
}
