/**
 * The demo's and the tests' identity provider (SEC-2), used only when OIDC_ISSUER is unset in the
 * demo: `oidc-provider` (OpenID Certified) on its own loopback port, with one demo user per role and a
 * login form. Wardflow signs in against it exactly as against NHS CIS2, Entra ID or Keycloak: through
 * discovery, the authorization code flow with PKCE, and a client secret; nothing in the sign-in path
 * knows it is embedded.
 *
 * Each demo user carries a `groups` claim (released with the `profile` scope, from userinfo, as CIS2
 * releases its role claims); the demo's claim mapping (demo-access.ts) gives each group its role and
 * scope. The form's password check is rate-limited per account and address like any sign-in.
 */
import { generateKeyPairSync, randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { RateLimits } from '../redis/rate-limits.adapter.js';
import { DEMO_USERS, type DemoUser } from './demo-users.js';
import { escapeHtml, loginPage, STYLESHEET } from './login-page.js';

export interface EmbeddedProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  users: readonly DemoUser[];
  close(): Promise<void>;
}

export interface EmbeddedProviderOptions {
  port: number;
  /** Wardflow's public URL: its callback is the only redirect the client may use. */
  appUrl: string;
  /** Every demo user's password. */
  password: string;
  rateLimits: RateLimits;
}

const CLIENT_ID = 'wardflow';
const MAX_FORM_BYTES = 4_096;

export async function startEmbeddedProvider(options: EmbeddedProviderOptions): Promise<EmbeddedProvider> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const issuer = `http://127.0.0.1:${port}`;
  const clientSecret = randomBytes(32).toString('base64url');
  const appOrigin = new URL(options.appUrl).origin;
  const users = new Map(DEMO_USERS.map((u) => [u.username, u]));

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const configuration: Configuration = {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: clientSecret,
        redirect_uris: [`${options.appUrl}/auth/callback`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'embedded-1', use: 'sig', alg: 'RS256' }] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    claims: { openid: ['sub'], profile: ['name', 'preferred_username', 'groups'] },
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    interactions: { url: (_ctx: KoaContextWithOIDC, interaction) => `/interaction/${interaction.uid}` },
    // A first-party client: the person has already chosen to sign in to Wardflow; no consent screen.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const grantId =
        ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session?.grantIdFor(ctx.oidc.client?.clientId ?? '');
      if (grantId !== undefined) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client?.clientId ?? CLIENT_ID,
        accountId: ctx.oidc.session?.accountId ?? '',
      });
      grant.addOIDCScope('openid profile email');
      await grant.save();
      return grant;
    },
    findAccount: (_ctx, id) => {
      const user = users.get(id);
      if (user === undefined) return undefined;
      return {
        accountId: id,
        claims: () => ({ sub: id, name: user.name, preferred_username: user.username, groups: [user.group] }),
      };
    },
    ttl: {
      Session: 12 * 3_600,
      Interaction: 15 * 60,
      Grant: 12 * 3_600,
      AccessToken: 10 * 60,
      IdToken: 10 * 60,
      AuthorizationCode: 60,
    },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Sign-in error</title><link rel="stylesheet" href="/interaction/style.css"></head><body><main><h1>Sign-in error</h1><p>${escapeHtml(String(out.error))}: ${escapeHtml(String(out.error_description ?? ''))}</p></main></body></html>`;
    },
  };
  const provider = new Provider(issuer, configuration);
  const handleProtocol = provider.callback();

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    // Own pages: no scripts at all, styles from this origin, forms that post here (and the redirect back to Wardflow).
    res.setHeader(
      'Content-Security-Policy',
      `default-src 'none'; style-src 'self'; form-action 'self' ${appOrigin}; frame-ancestors 'none'; base-uri 'none'`,
    );
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    const url = new URL(req.url ?? '/', issuer);
    if (url.pathname === '/interaction/style.css') {
      res
        .writeHead(200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'max-age=3600' })
        .end(STYLESHEET);
      return;
    }
    const match = /^\/interaction\/([A-Za-z0-9_-]{1,64})(\/login)?$/.exec(url.pathname);
    if (match === null) {
      // oidc-provider answers its own errors; a rejection here could only be a broken socket.
      void Promise.resolve(handleProtocol(req, res)).catch(() => res.destroy());
      return;
    }
    const uid = match[1] ?? '';
    const handle =
      match[2] === '/login' && req.method === 'POST' ? login(req, res, uid) : showForm(req, res, uid, null);
    handle.catch((error: unknown) => {
      if (!res.headersSent)
        res
          .writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' })
          .end(`Sign-in could not continue: ${(error as Error).message}. Start again from Wardflow.`);
    });
  });

  async function showForm(
    req: IncomingMessage,
    res: ServerResponse,
    uid: string,
    problem: string | null,
    status = 200,
  ): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) throw new Error('this sign-in page belongs to another sign-in');
    res
      .writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' })
      .end(loginPage(uid, DEMO_USERS, problem));
  }

  async function login(req: IncomingMessage, res: ServerResponse, uid: string): Promise<void> {
    // Login CSRF: only this provider's own form may post here (its no-referrer pages post with Origin "null", and same-origin fetch metadata).
    const origin = req.headers.origin;
    const site = req.headers['sec-fetch-site'];
    const own =
      origin === issuer ||
      (origin === 'null' && site === 'same-origin') ||
      (origin === undefined && site === undefined);
    if (!own) throw new Error('the form was posted from another site');
    const form = new URLSearchParams(await readBody(req));
    const username = (form.get('username') ?? '').trim().toLowerCase().slice(0, 64);
    const password = form.get('password') ?? '';
    const address = req.socket.remoteAddress ?? 'unknown';
    const allowed = await options.rateLimits.signInAllowed(username, address);
    if (!allowed.ok) {
      const seconds = Math.ceil(allowed.retryAfterMs / 1_000);
      res.setHeader('Retry-After', String(seconds));
      await showForm(req, res, uid, `Too many wrong passwords: wait ${seconds} s, then try again.`, 429);
      return;
    }
    const user = users.get(username);
    if (user === undefined || !samePassword(password, options.password)) {
      await options.rateLimits.signInFailed(username, address);
      await showForm(req, res, uid, 'Wrong username or password.', 401);
      return;
    }
    await options.rateLimits.signInSucceeded(username, address);
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: user.username } },
      { mergeWithLastSubmission: false },
    );
  }

  return {
    issuer,
    clientId: CLIENT_ID,
    clientSecret,
    users: DEMO_USERS,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())).then(() => undefined),
  };

  function readBody(req: IncomingMessage): Promise<string> {
    return new Promise((resolve, reject) => {
      let size = 0;
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_FORM_BYTES) {
          reject(new Error('form too large'));
          req.destroy();
          return;
        }
        chunks.push(chunk);
      });
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });
  }
}

/** Constant-time comparison of two passwords of any length. */
function samePassword(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
