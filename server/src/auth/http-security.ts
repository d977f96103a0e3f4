/**
 * Express-level protections, applied once in bootstrap before any route (SEC-4, SEC-8):
 * - security headers (helmet): a strict CSP (`default-src 'self'`, no inline script, `frame-ancestors
 *   'none'`), nosniff, `Referrer-Policy: no-referrer`, HSTS when PUBLIC_URL is https;
 * - `Cache-Control: no-store` on everything under /api and /auth (no patient data in any cache);
 * - the Origin allow-list on every request that is not GET/HEAD/OPTIONS, whatever credential it
 *   carries: a foreign page can change nothing. A request without Origin is accepted only when it
 *   carries no cookie (a script with an API token): browsers send Origin on every such request.
 *   Under `Referrer-Policy: no-referrer` a browser sends `Origin: null` on its own pages' POSTs; that is
 *   accepted only with `Sec-Fetch-Site: same-origin`, a header pages cannot set (an opaque or sandboxed
 *   page elsewhere sends `null` too, but never with same-origin);
 * - nothing under /api answers a request another site's page started, GET included (fetch metadata
 *   `Sec-Fetch-Site` cross-site or same-site): a link elsewhere cannot make a nurse's browser open
 *   patient detail, and so cannot put a view in the audit log under her name;
 * - the caller (session, screen or token) resolved once per /api and /auth request.
 */
import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { CredentialsService, DEVICE_COOKIE_MS } from './credentials.service.js';
import type { RequestWithCaller } from '../core/identity.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** GET /api/health (health.controller.ts): public, and answered whatever else is down. */
const LIVENESS_PATH = '/api/health';

export function applyHttpSecurity(
  app: INestApplication,
  options: { publicOrigin: string; https: boolean; credentials: CredentialsService },
): void {
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          frameSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          ...(options.https ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      strictTransportSecurity: options.https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
      referrerPolicy: { policy: 'no-referrer' },
      xFrameOptions: { action: 'deny' },
    }),
  );
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (isServedByApplication(req.path)) res.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    const site = req.headers['sec-fetch-site'];
    if ((req.path.startsWith('/api') || req.path === '/metrics') && (site === 'cross-site' || site === 'same-site')) {
      res.status(403).json({ statusCode: 403, message: 'Refused: this request was started by another site.' });
      return;
    }
    next();
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) return next();
    if (
      !sameOriginRequest(
        req.headers.origin,
        req.headers['sec-fetch-site'],
        req.headers.cookie !== undefined,
        options.publicOrigin,
      )
    ) {
      res.status(403).json({
        statusCode: 403,
        message: 'Refused: this request did not come from a Wardflow page (Origin not allowed).',
      });
      return;
    }
    next();
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (!isServedByApplication(req.path)) return next();
    // Liveness reads no caller, and must answer 200 while the database (where credentials are looked
    // up) is away: it answered 500 to a monitor presenting a token (found by the chaos suite).
    if (req.path === LIVENESS_PATH) return next();
    // bull-board's page polls every few seconds by itself: that is not an admin using Wardflow, and must
    // not keep their session from ending when idle.
    const background = req.headers['x-wardflow-background'] === '1' || req.path.startsWith('/api/admin/queues/api/');
    options.credentials
      .resolve({
        cookie: req.headers.cookie,
        authorization: req.headers.authorization,
        address: req.ip ?? null,
        activity: background ? 'background' : 'interactive',
      })
      .then(({ caller, rotatedDeviceCredential }) => {
        (req as RequestWithCaller).caller = caller;
        if (rotatedDeviceCredential !== undefined)
          options.credentials.cookies.set(res, 'device', rotatedDeviceCredential, DEVICE_COOKIE_MS);
        next();
      }, next);
  });
}

/** The API, sign-in and metrics: what carries credentials, as opposed to the client's static files. */
function isServedByApplication(path: string): boolean {
  return path.startsWith('/api') || path.startsWith('/auth') || path === '/metrics';
}

/**
 * Whether a state-changing request may have come from one of Wardflow's own pages (or from a program
 * that is not a browser and carries no cookie). See the header comment for the rules.
 */
export function sameOriginRequest(
  origin: string | undefined,
  fetchSite: string | string[] | undefined,
  hasCookie: boolean,
  publicOrigin: string,
): boolean {
  if (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none') return false;
  if (origin === undefined) return !hasCookie;
  if (origin === 'null') return fetchSite === 'same-origin';
  return origin === publicOrigin;
}
