/**
 * The cookies Wardflow sets, in one place. Under https (PUBLIC_URL) they are Secure and carry the
 * `__Host-` prefix (the browser then refuses them from any other host or path); over plain http (the
 * demo on this machine) browsers refuse both, so the prefix is dropped there.
 */
import type { CookieOptions, Response } from 'express';

export type CookieKind = 'session' | 'login' | 'device' | 'pairing';

const BASE_NAMES: Record<CookieKind, string> = {
  session: 'wardflow_session',
  login: 'wardflow_login',
  device: 'wardflow_device',
  pairing: 'wardflow_pairing',
};

export class Cookies {
  constructor(private readonly secure: boolean) {}

  name(kind: CookieKind): string {
    return this.secure ? `__Host-${BASE_NAMES[kind]}` : BASE_NAMES[kind];
  }

  /**
   * Only the login cookie is SameSite=Lax: the identity provider's redirect back is a top-level
   * navigation from another site and must carry it. Session and screen cookies are Strict: a link on
   * another site never arrives with them (the page's own requests, once it is loaded, do). Every
   * state-changing request is also held to the Origin allow-list.
   */
  options(kind: CookieKind, maxAgeMs: number): CookieOptions {
    return {
      httpOnly: true,
      secure: this.secure,
      sameSite: kind === 'login' ? 'lax' : 'strict',
      path: '/',
      maxAge: maxAgeMs,
    };
  }

  set(res: Response, kind: CookieKind, value: string, maxAgeMs: number): void {
    res.cookie(this.name(kind), value, this.options(kind, maxAgeMs));
  }

  clear(res: Response, kind: CookieKind): void {
    const { maxAge: _maxAge, ...options } = this.options(kind, 0);
    res.clearCookie(this.name(kind), options);
  }

  read(header: string | undefined, kind: CookieKind): string | null {
    return cookieValue(header, this.name(kind));
  }
}

/** One cookie's value from a Cookie header, or null. */
export function cookieValue(header: string | undefined, name: string): string | null {
  if (header === undefined) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}
