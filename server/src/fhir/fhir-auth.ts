/**
 * Authentication for FHIR requests (docs/design.md section 8): none, basic, bearer or SMART Backend Services.
 * Credentials are only ever attached to URLs on the FHIR base origin, so a hostile `next` link or a
 * redirect target never receives them, and nothing here logs a secret (SEC-7).
 */
import type { FhirAuthConfig } from '../config/app-config.js';
import { SmartBackendAuth } from './smart-backend.auth.js';

export { FhirAuthError, redact } from './smart-backend.auth.js';

export interface FhirAuth {
  /** Headers for a request to the absolute `url`; {} for a relative URL or one on another origin than the FHIR base. */
  headersFor(url: string): Promise<Record<string, string>>;
  /**
   * Called once after a 401 from the FHIR server: drops the cached token so the next headersFor
   * fetches a new one. True only for smart-backend, once per token: retry the request once.
   */
  invalidate(): boolean;
}

export interface FhirAuthOptions {
  /** Clock in epoch milliseconds; tests pin it. */
  now?: () => number;
  fetchImpl?: typeof fetch;
  /** Timeout for one token request (smart-backend). */
  timeoutMs?: number;
}

export function createFhirAuth(config: FhirAuthConfig, fhirBaseUrl: string, options: FhirAuthOptions = {}): FhirAuth {
  const origin = new URL(fhirBaseUrl).origin;
  // Only absolute URLs qualify: fhir-kit-client always signs absolute ones, and a relative or
  // scheme-relative string has no origin we could vouch for.
  const onOrigin = (url: string): boolean => {
    try {
      return new URL(url).origin === origin;
    } catch {
      return false;
    }
  };
  const fixed = (headers: Record<string, string>): FhirAuth => ({
    headersFor: (url) => Promise.resolve(onOrigin(url) ? { ...headers } : {}),
    invalidate: () => false,
  });

  switch (config.kind) {
    case 'none':
      return fixed({});
    case 'basic': {
      if (config.username === '' || config.username.includes(':')) {
        throw new Error('FHIR basic auth username must be non-empty and must not contain ":"');
      }
      if (/[\r\n]/.test(config.username + config.password)) {
        throw new Error('FHIR basic auth credentials must not contain line breaks');
      }
      const encoded = Buffer.from(`${config.username}:${config.password}`, 'utf8').toString('base64');
      return fixed({ Authorization: `Basic ${encoded}` });
    }
    case 'bearer': {
      if (config.token.trim() === '' || /[\r\n]/.test(config.token)) {
        throw new Error('FHIR bearer token must be non-empty and on one line');
      }
      return fixed({ Authorization: `Bearer ${config.token}` });
    }
    case 'smart-backend': {
      const { kind: _kind, ...smartConfig } = config;
      const smart = new SmartBackendAuth(smartConfig, options);
      return {
        async headersFor(url): Promise<Record<string, string>> {
          if (!onOrigin(url)) return {};
          return { Authorization: `Bearer ${await smart.accessToken()}` };
        },
        invalidate: () => smart.invalidate(),
      };
    }
  }
}

/**
 * A fhir-kit-client `requestSigner`: adds the auth headers to every request it is about to send.
 * fhir-kit-client awaits it and hands over the absolute URL and a RequestInit whose headers are a
 * `Headers` object.
 */
export function fhirRequestSigner(auth: FhirAuth): (url: string, requestInit: RequestInit) => Promise<void> {
  return async (url, requestInit) => {
    const headers = await auth.headersFor(url);
    const target = requestInit.headers instanceof Headers ? requestInit.headers : new Headers(requestInit.headers);
    // Never let a credential configured elsewhere leak to another origin.
    if (Object.keys(headers).length === 0) target.delete('authorization');
    for (const [name, value] of Object.entries(headers)) target.set(name, value);
    requestInit.headers = target;
  };
}
