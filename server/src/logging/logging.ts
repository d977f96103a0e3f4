/**
 * Logs are JSON lines on standard output (pino through nestjs-pino), one object per event, for a
 * trust's log collector. Each HTTP request gets an id (a new UUID), sent back as X-Request-Id and
 * carried by every line logged while it is served; a caller's own X-Request-Id (a plain token) is
 * logged beside it as clientRequestId.
 *
 * No patient data, no secrets: a request is logged as its method, route pattern and status, never its
 * URL (patient routes carry ids; query strings can carry tokens), headers, cookies or body. Code that
 * logs does so in ward-level terms (ward ids, counts, durations); the logging end-to-end test greps
 * every line for the simulated patients' names, NHS numbers and dates of birth.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Logger as NestPinoLogger, PinoLogger, type Params } from 'nestjs-pino';
import { stdSerializers, stdTimeFunctions } from 'pino';
import type { AppConfig } from '../config/app-config.js';
import { scrubSerializedError, withoutQueryParameters } from '../core/query-errors.js';
import { ROUTE_PATTERN } from './route-pattern.js';

/** A caller's request id is kept only when it cannot smuggle anything into a log line. */
const CALLER_REQUEST_ID = /^[A-Za-z0-9._:-]{8,100}$/;

type ServedRequest = IncomingMessage & { id?: unknown; [ROUTE_PATTERN]?: string };

/** The logging set-up for a process: what nestjs-pino's module and the Nest logger both use. */
export function loggingParams(config: Pick<AppConfig, 'logLevel' | 'role'>): Params {
  const seenRequests = new WeakSet<IncomingMessage>();
  return {
    renameContext: 'component',
    pinoHttp: {
      level: config.logLevel,
      base: { service: 'wardflow', role: config.role, pid: process.pid },
      timestamp: stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      customAttributeKeys: { reqId: 'requestId' },
      // Messages built from an error's text ("Poll of ward x failed: <message>") are scrubbed too.
      hooks: {
        logMethod(args, method) {
          method.apply(
            this,
            args.map((arg) => (typeof arg === 'string' ? withoutQueryParameters(arg) : arg)) as typeof args,
          );
        },
      },
      // Lines logged while serving a request carry its id, not the whole request again.
      quietReqLogger: true,
      // Our own id for every request, so nobody can make two requests share one in the logs; a caller's
      // (a proxy's) id is logged beside it as clientRequestId, for following a request across both.
      genReqId: (_req: IncomingMessage, res: ServerResponse) => {
        const id = randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      customProps: (req: IncomingMessage) => {
        const given = req.headers['x-request-id'];
        return typeof given === 'string' && CALLER_REQUEST_ID.test(given) ? { clientRequestId: given } : {};
      },
      wrapSerializers: false,
      serializers: {
        req: (req: ServedRequest) => ({ id: req.id, method: req.method }),
        res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
        // A failed query's parameters are patient data (core/query-errors.ts).
        err: (error: Error) => scrubSerializedError(stdSerializers.err(error)),
      },
      // The route is known only once the request has been routed: the completion line carries it.
      customSuccessObject: (req, _res, value: object) => ({ ...value, route: routePattern(req) }),
      customErrorObject: (req, _res, _error, value: object) => ({ ...value, route: routePattern(req) }),
      customLogLevel: (_req, res, error) =>
        error !== undefined || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
      // The API and sign-in are logged; static files and liveness probes (every few seconds) are not.
      // Once each: the middleware runs twice for paths outside the global prefix (/metrics, sign-in).
      autoLogging: {
        ignore: (req) => {
          if (seenRequests.has(req)) return true;
          seenRequests.add(req);
          return !isLoggedPath(req.url ?? '');
        },
      },
    },
  };
}

/** The Nest logger writing through the same pino root, for Nest's own lines and every `new Logger(...)`. */
export function createNestLogger(params: Params): NestPinoLogger {
  return new NestPinoLogger(new PinoLogger(params), params);
}

function isLoggedPath(url: string): boolean {
  // Parsed as Express parses it: an absolute-form target (GET http://host/api/wards) is routed too.
  const path = URL.canParse(url, 'http://wardflow') ? new URL(url, 'http://wardflow').pathname : url;
  if (path === '/api/health') return false;
  return path.startsWith('/api/') || path.startsWith('/auth/') || path === '/metrics';
}

/**
 * `/api/wards/:wardId/beds/:bedId/patient`, never the ids themselves. A path no route matched is not
 * written at all: it is whatever the caller typed, and could carry anything.
 */
export function routePattern(req: ServedRequest): string {
  return req[ROUTE_PATTERN] ?? '(no route)';
}
