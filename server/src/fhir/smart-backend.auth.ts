/**
 * SMART Backend Services (HL7 SMART App Launch v2, "backend services"): a client_credentials grant
 * authenticated by a JWT client assertion signed with our private key (RS384 or ES384). The access
 * token is cached until shortly before it expires, concurrent callers share one token request, and a
 * 401 from the FHIR server may drop it once so the next call fetches a fresh one (docs/design.md section 8).
 *
 * SEC-7: no error message ever carries the access token, the client assertion or the private key.
 */
import { createPrivateKey, randomUUID, sign, type KeyObject } from 'node:crypto';
import type { SmartBackendConfig } from '../config/app-config.js';

export interface SmartBackendOptions {
  /** Clock in epoch milliseconds; tests pin it. */
  now?: () => number;
  fetchImpl?: typeof fetch;
  /** Timeout for one token request. */
  timeoutMs?: number;
}

/** Longest lifetime of a client assertion the SMART specification allows. */
export const ASSERTION_LIFETIME_S = 300;
/** A token is renewed this long before the server says it expires (less for very short tokens). */
const SAFETY_MARGIN_MS = 60_000;
/** Used when a token response has no expires_in: short, so a long-lived token is not assumed. */
const DEFAULT_EXPIRES_IN_S = 300;
const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** A failure to obtain a FHIR access token. Its message never carries a secret (SEC-7). */
export class FhirAuthError extends Error {
  constructor(
    message: string,
    readonly details: { status?: number; oauthError?: string; timeout?: boolean; network?: boolean } = {},
  ) {
    super(message);
    this.name = 'FhirAuthError';
  }

  /** Network errors, timeouts, 429 and 5xx may pass; a rejected client (4xx) will not. */
  get retryable(): boolean {
    const { status, timeout, network } = this.details;
    if (timeout === true || network === true) return true;
    return status === 429 || (status !== undefined && status >= 500);
  }
}

/** Replaces every occurrence of each non-empty secret in `text` with "[redacted]". */
export function redact(text: string, secrets: readonly string[]): string {
  const ordered = secrets.filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
  let out = text;
  for (const secret of ordered) out = out.split(secret).join('[redacted]');
  return out;
}

const base64url = (data: string | Buffer): string => Buffer.from(data).toString('base64url');

/** Reads the PEM and checks it fits the algorithm; errors never quote the key. */
function readPrivateKey(pem: string, algorithm: SmartBackendConfig['algorithm']): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new Error('SMART backend private key could not be read (expected an unencrypted PEM private key)');
  }
  if (algorithm === 'RS384') {
    if (key.asymmetricKeyType !== 'rsa') throw new Error('SMART backend algorithm RS384 needs an RSA private key');
    if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) {
      throw new Error('SMART backend RSA key must be at least 2048 bits');
    }
  } else if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'secp384r1') {
    throw new Error('SMART backend algorithm ES384 needs an EC P-384 private key');
  }
  return key;
}

/** Builds and signs the client assertion JWT (header alg/kid/typ; claims iss, sub, aud, exp, jti). */
export function signClientAssertion(
  config: Pick<SmartBackendConfig, 'tokenUrl' | 'clientId' | 'keyId' | 'algorithm'>,
  key: KeyObject,
  nowMs: number,
): string {
  const header = { alg: config.algorithm, kid: config.keyId, typ: 'JWT' };
  const claims = {
    iss: config.clientId,
    sub: config.clientId,
    aud: config.tokenUrl,
    exp: Math.floor(nowMs / 1000) + ASSERTION_LIFETIME_S,
    jti: randomUUID(),
  };
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  const signature =
    config.algorithm === 'ES384'
      ? sign('sha384', Buffer.from(signingInput), { key, dsaEncoding: 'ieee-p1363' })
      : sign('sha384', Buffer.from(signingInput), key);
  return `${signingInput}.${base64url(signature)}`;
}

interface CachedToken {
  value: string;
  /** Epoch ms after which the token is no longer used. */
  renewAt: number;
}

export class SmartBackendAuth {
  readonly #config: SmartBackendConfig;
  readonly #key: KeyObject;
  readonly #now: () => number;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;
  #token: CachedToken | undefined;
  #inFlight: Promise<CachedToken> | undefined;
  /** True while the current token has not yet been given up after a 401. */
  #retryAllowed = false;

  constructor(config: SmartBackendConfig, options: SmartBackendOptions = {}) {
    for (const field of ['tokenUrl', 'clientId', 'keyId', 'scope'] as const) {
      if (config[field].trim() === '') throw new Error(`SMART backend ${field} must not be empty`);
    }
    try {
      new URL(config.tokenUrl);
    } catch {
      throw new Error('SMART backend tokenUrl is not an absolute URL');
    }
    this.#config = config;
    this.#key = readPrivateKey(config.privateKeyPem, config.algorithm);
    this.#now = options.now ?? Date.now;
    this.#fetch = options.fetchImpl ?? fetch;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** A valid access token, from the cache or from one shared token request. */
  async accessToken(): Promise<string> {
    const cached = this.#token;
    if (cached !== undefined && this.#now() < cached.renewAt) return cached.value;
    this.#token = undefined;
    if (this.#inFlight === undefined) {
      const request = this.#requestToken();
      this.#inFlight = request;
      void request
        .then((token) => {
          this.#token = token;
          this.#retryAllowed = true;
        })
        .catch(() => undefined)
        .finally(() => {
          if (this.#inFlight === request) this.#inFlight = undefined;
        });
    }
    return (await this.#inFlight).value;
  }

  /** Drops the cached token after a 401. True once per token: the FHIR request is retried exactly once. */
  invalidate(): boolean {
    const allowed = this.#retryAllowed;
    this.#retryAllowed = false;
    this.#token = undefined;
    return allowed;
  }

  async #requestToken(): Promise<CachedToken> {
    const requestedAt = this.#now();
    const assertion = signClientAssertion(this.#config, this.#key, requestedAt);
    const secrets = [assertion, assertion.split('.')[2] ?? '', this.#config.privateKeyPem];
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      scope: this.#config.scope,
      client_assertion_type: CLIENT_ASSERTION_TYPE,
      client_assertion: assertion,
    });
    let response: Response;
    let text: string;
    try {
      response = await this.#fetch(this.#config.tokenUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: body.toString(),
        // A redirect would carry the assertion somewhere we did not configure: treat it as an error.
        redirect: 'manual',
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw new FhirAuthError('SMART token request timed out', { timeout: true });
      }
      const message = redact(String((error as { message?: string }).message ?? error), secrets);
      throw new FhirAuthError(`SMART token request failed: ${printable(message, 120)}`, { network: true });
    }
    let parsed: unknown;
    try {
      parsed = text === '' ? {} : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const data = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
    if (!response.ok) {
      const oauthError = typeof data.error === 'string' ? printable(redact(data.error, secrets), 64) : undefined;
      const description =
        typeof data.error_description === 'string' ? printable(redact(data.error_description, secrets), 200) : '';
      const reason = [oauthError, description].filter((s) => s !== undefined && s !== '').join(': ');
      throw new FhirAuthError(
        `SMART token endpoint answered HTTP ${response.status}${reason === '' ? '' : ` (${reason})`}`,
        { status: response.status, ...(oauthError === undefined ? {} : { oauthError }) },
      );
    }
    const accessToken = data.access_token;
    if (typeof accessToken !== 'string' || accessToken === '' || /[\r\n]/.test(accessToken)) {
      throw new FhirAuthError('SMART token endpoint sent no usable access_token', { status: response.status });
    }
    if (typeof data.token_type !== 'string' || data.token_type.toLowerCase() !== 'bearer') {
      throw new FhirAuthError('SMART token endpoint sent a token_type other than bearer', { status: response.status });
    }
    const expiresIn =
      typeof data.expires_in === 'number' && Number.isFinite(data.expires_in) && data.expires_in > 0
        ? data.expires_in
        : DEFAULT_EXPIRES_IN_S;
    const lifetimeMs = expiresIn * 1000;
    return { value: accessToken, renewAt: requestedAt + lifetimeMs - Math.min(SAFETY_MARGIN_MS, lifetimeMs / 2) };
  }
}

/** Keeps a server-supplied string short and on one line, fit for an error message. */
function printable(text: string, max: number): string {
  const clean = text.replace(/[^\x20-\x7e]/g, ' ');
  return clean.length > max ? `${clean.slice(0, max)}...` : clean;
}
