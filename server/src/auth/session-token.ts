/**
 * The session cookie's value: `v1.<payload>.<signature>`, payload base64url JSON `{ u, exp }`,
 * signature HMAC-SHA256 over `v1.<payload>` with the session secret. Any change to the payload or
 * the signature, a token from another secret, or an expired one is rejected (constant-time compare).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'wardflow_session';
/** A shift and a half: a manager signs in once per shift. */
export const SESSION_LIFETIME_MS = 12 * 3_600_000;

const sign = (secret: Buffer, body: string) => createHmac('sha256', secret).update(body).digest('base64url');

export function createSessionToken(secret: Buffer, username: string, now: number): string {
  const body = `v1.${Buffer.from(JSON.stringify({ u: username, exp: now + SESSION_LIFETIME_MS })).toString('base64url')}`;
  return `${body}.${sign(secret, body)}`;
}

/** The username in a valid, unexpired token; null for anything else. */
export function verifySessionToken(secret: Buffer, token: string, now: number): string | null {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== 'v1') return null;
  const body = `${parts[0]}.${parts[1]}`;
  const given = Buffer.from(parts[2] ?? '', 'base64url');
  const expected = Buffer.from(sign(secret, body), 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const payload = JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8')) as { u?: unknown; exp?: unknown };
    if (typeof payload.u !== 'string' || typeof payload.exp !== 'number' || payload.exp <= now) return null;
    return payload.u;
  } catch {
    return null;
  }
}

/** One cookie's value from a Cookie header, or null. */
export function cookieValue(header: string | undefined, name: string): string | null {
  if (header === undefined) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}
