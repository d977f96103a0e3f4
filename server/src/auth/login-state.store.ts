/**
 * A sign-in in progress: the PKCE verifier, state, nonce and where to go afterwards, kept in Redis
 * for ten minutes under the hash of a random id the browser holds in a cookie. Read once (GETDEL), so
 * a callback cannot be replayed. Nothing here is patient data or a usable credential.
 */
import type { Redis } from 'ioredis';

export interface LoginState {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
}

export const LOGIN_STATE_TTL_MS = 10 * 60_000;

export class LoginStateStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async save(idHash: string, state: LoginState): Promise<void> {
    await this.redis.set(this.key(idHash), JSON.stringify(state), 'PX', LOGIN_STATE_TTL_MS);
  }

  async take(idHash: string): Promise<LoginState | null> {
    const text = await this.redis.getdel(this.key(idHash));
    if (text === null) return null;
    try {
      const parsed = JSON.parse(text) as Partial<LoginState>;
      if (
        typeof parsed.state === 'string' &&
        typeof parsed.nonce === 'string' &&
        typeof parsed.codeVerifier === 'string' &&
        typeof parsed.returnTo === 'string'
      ) {
        return {
          state: parsed.state,
          nonce: parsed.nonce,
          codeVerifier: parsed.codeVerifier,
          returnTo: parsed.returnTo,
        };
      }
    } catch {
      // Corrupted: treated as no sign-in in progress.
    }
    return null;
  }

  private key(idHash: string): string {
    return `${this.prefix}:login:${idHash}`;
  }
}

/** Only a path on this site: "/sites?x=1". Anything else ("//evil", "https://...", "/\\evil") goes home. */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || value.length > 512) return '/';
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\') || /[\u0000-\u001f\\]/.test(value))
    return '/';
  if (value.startsWith('/auth/') || value.startsWith('/api/')) return '/';
  return value;
}
