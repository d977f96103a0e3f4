import { generateKeyPairSync, verify, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FhirAuthConfig } from '../config/app-config.js';
import { createFhirAuth } from './fhir-auth.js';
import { FhirAuthError, redact } from './smart-backend.auth.js';

const T0 = 1_700_000_000_000;
const CLIENT_ID = 'wardflow-test';
const SCOPE = 'system/Patient.rs system/Encounter.rs system/Observation.rs';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-384' });
const pem = (key: KeyObject) => key.export({ type: 'pkcs8', format: 'pem' }).toString();

type Reply = (res: ServerResponse, form: URLSearchParams) => void;

interface TokenServer {
  tokenUrl: string;
  /** Token requests received. */
  hits(): number;
  /** Reasons the last assertions were rejected, empty when all were valid. */
  problems: string[];
  assertions: string[];
  close(): Promise<void>;
}

const decode = (part: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;

/** A token endpoint that checks the client assertion as a real authorisation server would. */
async function startTokenServer(
  publicKey: KeyObject,
  alg: 'RS384' | 'ES384',
  clock: () => number,
  reply?: Reply,
): Promise<TokenServer> {
  let hits = 0;
  let tokenUrl = '';
  const problems: string[] = [];
  const assertions: string[] = [];
  const seenJti = new Set<string>();
  const check = (form: URLSearchParams): string[] => {
    const found: string[] = [];
    if (form.get('grant_type') !== 'client_credentials') found.push('grant_type');
    if (form.get('scope') !== SCOPE) found.push('scope');
    if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') {
      found.push('client_assertion_type');
    }
    const [h = '', p = '', s = ''] = (form.get('client_assertion') ?? '').split('.');
    const header = decode(h);
    const claims = decode(p);
    if (header.alg !== alg || header.kid !== `kid-${alg}` || header.typ !== 'JWT') found.push('header');
    const signed = Buffer.from(`${h}.${p}`);
    const signature = Buffer.from(s, 'base64url');
    const valid =
      alg === 'ES384'
        ? verify('sha384', signed, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature)
        : verify('sha384', signed, publicKey, signature);
    if (!valid) found.push('signature');
    if (claims.iss !== CLIENT_ID || claims.sub !== CLIENT_ID) found.push('iss/sub');
    if (claims.aud !== tokenUrl) found.push('aud');
    const nowS = clock() / 1000;
    if (typeof claims.exp !== 'number' || claims.exp <= nowS || claims.exp > nowS + 300) found.push('exp');
    if (typeof claims.jti !== 'string' || claims.jti === '' || seenJti.has(claims.jti)) found.push('jti');
    if (typeof claims.jti === 'string') seenJti.add(claims.jti);
    return found;
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    hits++;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      assertions.push(form.get('client_assertion') ?? '');
      if (reply !== undefined) {
        reply(res, form);
        return;
      }
      const found = check(form);
      problems.push(...found);
      res.writeHead(found.length === 0 ? 200 : 400, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify(
          found.length === 0
            ? { access_token: `token-${hits}`, token_type: 'bearer', expires_in: 300, scope: SCOPE }
            : { error: 'invalid_client', error_description: found.join(',') },
        ),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  tokenUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/auth/token`;
  return {
    tokenUrl,
    hits: () => hits,
    problems,
    assertions,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const FHIR_BASE = 'https://fhir.trust.example/R4';
type SmartConfig = Extract<FhirAuthConfig, { kind: 'smart-backend' }>;

describe('SMART backend services auth', () => {
  let server: TokenServer | undefined;
  let now = T0;
  beforeEach(() => {
    now = T0;
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const smartConfig = (tokenUrl: string, alg: 'RS384' | 'ES384'): SmartConfig => ({
    kind: 'smart-backend',
    tokenUrl,
    clientId: CLIENT_ID,
    privateKeyPem: pem(alg === 'RS384' ? rsa.privateKey : ec.privateKey),
    keyId: `kid-${alg}`,
    algorithm: alg,
    scope: SCOPE,
  });

  it.each(['RS384', 'ES384'] as const)('should obtain a token with a valid %s client assertion', async (alg) => {
    server = await startTokenServer(alg === 'RS384' ? rsa.publicKey : ec.publicKey, alg, () => now);
    const auth = createFhirAuth(smartConfig(server.tokenUrl, alg), FHIR_BASE, { now: () => now });
    expect(await auth.headersFor(`${FHIR_BASE}/Patient?_id=1`)).toEqual({ Authorization: 'Bearer token-1' });
    expect(server.problems).toEqual([]);
    expect(server.hits()).toBe(1);
  });

  it('should cache the token until shortly before expiry, then fetch a new one', async () => {
    server = await startTokenServer(rsa.publicKey, 'RS384', () => now);
    const auth = createFhirAuth(smartConfig(server.tokenUrl, 'RS384'), FHIR_BASE, { now: () => now });
    for (let i = 0; i < 5; i++) {
      expect(await auth.headersFor(`${FHIR_BASE}/Encounter`)).toEqual({ Authorization: 'Bearer token-1' });
    }
    now = T0 + 239_000; // expires_in 300 s less a 60 s margin
    expect(await auth.headersFor(`${FHIR_BASE}/Encounter`)).toEqual({ Authorization: 'Bearer token-1' });
    expect(server.hits()).toBe(1);
    now = T0 + 241_000;
    expect(await auth.headersFor(`${FHIR_BASE}/Encounter`)).toEqual({ Authorization: 'Bearer token-2' });
    expect(server.hits()).toBe(2);
    expect(server.problems).toEqual([]);
  });

  it('should make one token request for concurrent callers', async () => {
    server = await startTokenServer(ec.publicKey, 'ES384', () => now);
    const auth = createFhirAuth(smartConfig(server.tokenUrl, 'ES384'), FHIR_BASE, { now: () => now });
    const all = await Promise.all(Array.from({ length: 10 }, () => auth.headersFor(`${FHIR_BASE}/Observation`)));
    expect(new Set(all.map((h) => h.Authorization))).toEqual(new Set(['Bearer token-1']));
    expect(server.hits()).toBe(1);
  });

  it('should fetch a new token after invalidate, allowing one retry per token', async () => {
    server = await startTokenServer(rsa.publicKey, 'RS384', () => now);
    const auth = createFhirAuth(smartConfig(server.tokenUrl, 'RS384'), FHIR_BASE, { now: () => now });
    expect(auth.invalidate()).toBe(false); // no token yet: nothing to retry with
    expect(await auth.headersFor(FHIR_BASE)).toEqual({ Authorization: 'Bearer token-1' });
    expect(auth.invalidate()).toBe(true);
    expect(auth.invalidate()).toBe(false);
    expect(await auth.headersFor(FHIR_BASE)).toEqual({ Authorization: 'Bearer token-2' });
    expect(auth.invalidate()).toBe(true);
    expect(auth.invalidate()).toBe(false);
    expect(server.hits()).toBe(2);
    expect(server.problems).toEqual([]);
  });

  it('should return no headers, and fetch no token, for a URL on another origin', async () => {
    server = await startTokenServer(rsa.publicKey, 'RS384', () => now);
    const auth = createFhirAuth(smartConfig(server.tokenUrl, 'RS384'), FHIR_BASE, { now: () => now });
    expect(await auth.headersFor('https://evil.example/R4/Patient')).toEqual({});
    expect(await auth.headersFor('http://fhir.trust.example/R4/Patient')).toEqual({});
    expect(await auth.headersFor('https://fhir.trust.example:8443/R4/Patient')).toEqual({});
    expect(await auth.headersFor('//evil.example/R4')).toEqual({});
    expect(server.hits()).toBe(0);
  });

  it('should name the status and OAuth error but never the assertion or key when the token endpoint refuses', async () => {
    server = await startTokenServer(
      rsa.publicKey,
      'RS384',
      () => now,
      (res, form) => {
        res.writeHead(400, { 'Content-Type': 'application/json' });
        // A careless server echoing what it was sent must not get the assertion into our logs.
        res.end(
          JSON.stringify({ error: 'invalid_client', error_description: `bad ${form.get('client_assertion') ?? ''}` }),
        );
      },
    );
    const config = smartConfig(server.tokenUrl, 'RS384');
    const auth = createFhirAuth(config, FHIR_BASE, { now: () => now });
    const error = await auth.headersFor(FHIR_BASE).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FhirAuthError);
    const failure = error as FhirAuthError;
    expect(failure.message).toContain('400');
    expect(failure.message).toContain('invalid_client');
    expect(failure.details).toMatchObject({ status: 400, oauthError: 'invalid_client' });
    expect(failure.retryable).toBe(false);
    const assertion = server.assertions[0] ?? '';
    expect(assertion.split('.')).toHaveLength(3);
    const everything = `${failure.message} ${failure.stack ?? ''} ${JSON.stringify(failure.details)}`;
    expect(everything).not.toContain(assertion);
    expect(everything).not.toContain(assertion.split('.')[2]);
    const keyPem = config.privateKeyPem;
    for (const line of keyPem.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'))) {
      expect(everything).not.toContain(line);
    }
  });

  it('should not cache a failure: the next call asks again', async () => {
    let calls = 0;
    server = await startTokenServer(
      rsa.publicKey,
      'RS384',
      () => now,
      (res) => {
        calls++;
        res.writeHead(calls === 1 ? 503 : 200, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify(
            calls === 1
              ? { error: 'temporarily_unavailable' }
              : { access_token: 'fresh', token_type: 'Bearer', expires_in: 600 },
          ),
        );
      },
    );
    const auth = createFhirAuth(smartConfig(server.tokenUrl, 'RS384'), FHIR_BASE, { now: () => now });
    await expect(auth.headersFor(FHIR_BASE)).rejects.toMatchObject({ retryable: true, details: { status: 503 } });
    expect(await auth.headersFor(FHIR_BASE)).toEqual({ Authorization: 'Bearer fresh' });
  });

  it('should time out a token endpoint that never answers', async () => {
    server = await startTokenServer(
      rsa.publicKey,
      'RS384',
      () => now,
      () => undefined,
    );
    const auth = createFhirAuth(smartConfig(server.tokenUrl, 'RS384'), FHIR_BASE, { now: () => now, timeoutMs: 150 });
    await expect(auth.headersFor(FHIR_BASE)).rejects.toThrow('SMART token request timed out');
  });

  it('should refuse a response without a bearer access token', async () => {
    server = await startTokenServer(
      rsa.publicKey,
      'RS384',
      () => now,
      (res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ token_type: 'bearer', expires_in: 300 }));
      },
    );
    const auth = createFhirAuth(smartConfig(server.tokenUrl, 'RS384'), FHIR_BASE, { now: () => now });
    await expect(auth.headersFor(FHIR_BASE)).rejects.toThrow('no usable access_token');
  });

  it('should reject a key that does not fit the algorithm without quoting it', () => {
    const wrong: FhirAuthConfig = {
      ...smartConfig('https://auth.example/token', 'ES384'),
      privateKeyPem: pem(rsa.privateKey),
    };
    expect(() => createFhirAuth(wrong, FHIR_BASE)).toThrow('ES384 needs an EC P-384 private key');
    const garbage: FhirAuthConfig = {
      ...smartConfig('https://auth.example/token', 'RS384'),
      privateKeyPem: 'not-a-key-secret',
    };
    expect(() => createFhirAuth(garbage, FHIR_BASE)).toThrow(/could not be read/);
    expect(() => createFhirAuth(garbage, FHIR_BASE)).not.toThrow(/not-a-key-secret/);
  });

  it('should redact every secret from a text', () => {
    expect(redact('a SECRET and a SEC', ['SEC', 'SECRET', ''])).toBe('a [redacted] and a [redacted]');
  });
});
