import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'fhir-kit-client';
import type { FhirAuthConfig } from '../config/app-config.js';
import { createFhirAuth, fhirRequestSigner, type FhirAuth } from './fhir-auth.js';

const FHIR_BASE = 'https://fhir.trust.example/R4';

interface Seen {
  url: string;
  authorization: string | undefined;
}

/** A real HTTP server answering every request with `handler`, remembering what it was sent. */
async function startServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ base: string; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', authorization: req.headers.authorization });
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
};

describe('createFhirAuth', () => {
  const servers: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  it('should send basic credentials on the FHIR origin', async () => {
    const auth = createFhirAuth({ kind: 'basic', username: 'ward', password: 'pä55:word' }, FHIR_BASE);
    const expected = `Basic ${Buffer.from('ward:pä55:word', 'utf8').toString('base64')}`;
    expect(await auth.headersFor(`${FHIR_BASE}/Patient?_id=1`)).toEqual({ Authorization: expected });
    expect(auth.invalidate()).toBe(false);
  });

  it('should send a bearer token on the FHIR origin', async () => {
    const auth = createFhirAuth({ kind: 'bearer', token: 'static-token' }, FHIR_BASE);
    expect(await auth.headersFor(`${FHIR_BASE}/Encounter`)).toEqual({ Authorization: 'Bearer static-token' });
    expect(await auth.headersFor('Encounter?location=Location/w1')).toEqual({}); // relative: no origin to vouch for
    expect(auth.invalidate()).toBe(false);
  });

  it('should send nothing for kind none', async () => {
    const auth = createFhirAuth({ kind: 'none' }, FHIR_BASE);
    expect(await auth.headersFor(`${FHIR_BASE}/Patient`)).toEqual({});
    expect(auth.invalidate()).toBe(false);
  });

  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
  const kinds: FhirAuthConfig[] = [
    { kind: 'none' },
    { kind: 'basic', username: 'ward', password: 'secret' },
    { kind: 'bearer', token: 'static-token' },
    {
      kind: 'smart-backend',
      tokenUrl: 'https://auth.trust.example/token',
      clientId: 'wardflow',
      privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      keyId: 'k1',
      algorithm: 'ES384',
      scope: 'system/*.rs',
    },
  ];

  it.each(kinds.map((k) => [k.kind, k] as const))(
    'should return no headers for another origin (%s)',
    async (_kind, config) => {
      let fetches = 0;
      const fetchImpl: typeof fetch = () => {
        fetches++;
        return Promise.reject(new Error('no token request expected'));
      };
      const auth = createFhirAuth(config, FHIR_BASE, { fetchImpl });
      for (const url of [
        'https://evil.example/R4/Patient',
        'http://fhir.trust.example/R4/Patient',
        'https://fhir.trust.example:444/R4/Patient',
        'https://fhir.trust.example.evil.example/R4',
        '//evil.example/R4/Patient',
        'not a url at all http://',
      ]) {
        expect(await auth.headersFor(url)).toEqual({});
      }
      expect(fetches).toBe(0);
    },
  );

  it('should refuse malformed basic and bearer credentials', () => {
    expect(() => createFhirAuth({ kind: 'basic', username: 'a:b', password: 'x' }, FHIR_BASE)).toThrow(
      'must not contain ":"',
    );
    expect(() => createFhirAuth({ kind: 'bearer', token: '' }, FHIR_BASE)).toThrow('non-empty');
    expect(() => createFhirAuth({ kind: 'bearer', token: 'a\r\nX-Evil: 1' }, FHIR_BASE)).toThrow('one line');
  });

  it('should sign fhir-kit-client requests on the FHIR origin only, and retry a 401 once with a new token', async () => {
    const other = await startServer((_req, res) => json(res, 200, { resourceType: 'Bundle', type: 'searchset' }));
    servers.push(other);
    let tokens = 0;
    const tokenServer = await startServer((_req, res) => {
      tokens++;
      json(res, 200, { access_token: `t${tokens}`, token_type: 'bearer', expires_in: 300 });
    });
    servers.push(tokenServer);
    let refuseAll = false;
    const fhir = await startServer((req, res) => {
      // The first token is "revoked": the FHIR server refuses it.
      if (refuseAll || req.headers.authorization !== 'Bearer t2')
        json(res, 401, { resourceType: 'OperationOutcome', issue: [] });
      else json(res, 200, { resourceType: 'Bundle', type: 'searchset', link: [] });
    });
    servers.push(fhir);
    const { privateKey: rsaKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const auth: FhirAuth = createFhirAuth(
      {
        kind: 'smart-backend',
        tokenUrl: `${tokenServer.base}/token`,
        clientId: 'wardflow',
        privateKeyPem: rsaKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        keyId: 'k1',
        algorithm: 'RS384',
        scope: 'system/*.rs',
      },
      `${fhir.base}/fhir`,
    );
    const client = new Client({
      baseUrl: `${fhir.base}/fhir`,
      customHeaders: { Accept: 'application/fhir+json' },
      // eslint-disable-next-line @typescript-eslint/no-misused-promises -- fhir-kit-client awaits the signer; its ClientConfig types it as void
      requestSigner: fhirRequestSigner(auth),
    });

    // The flow the FhirReader follows: on a 401, invalidate; retry only when that returns true.
    const withOneRetry = async <T>(call: () => Promise<T>): Promise<T> => {
      try {
        return await call();
      } catch (error) {
        const status = (error as { response?: { status?: number } }).response?.status;
        if (status === 401 && auth.invalidate()) return call();
        throw error;
      }
    };
    const bundle = await withOneRetry(() =>
      client.search({ resourceType: 'Encounter', searchParams: { status: 'in-progress' } }),
    );
    expect((bundle as { resourceType?: string }).resourceType).toBe('Bundle');
    expect(fhir.seen.map((s) => s.authorization)).toEqual(['Bearer t1', 'Bearer t2']);

    // A server that refuses every token: one retry with a new token, then the 401 stands.
    refuseAll = true;
    await expect(
      withOneRetry(() => client.search({ resourceType: 'Encounter', searchParams: {} })),
    ).rejects.toMatchObject({
      response: { status: 401 },
    });
    expect(fhir.seen.map((s) => s.authorization)).toEqual(['Bearer t1', 'Bearer t2', 'Bearer t2', 'Bearer t3']);
    expect(auth.invalidate()).toBe(true); // t3 was never given up yet
    expect(auth.invalidate()).toBe(false);

    // An absolute URL on another origin (a hostile next link) gets no Authorization at all.
    await client.request(`${other.base}/fhir/Encounter?page=2`);
    expect(other.seen).toEqual([{ url: '/fhir/Encounter?page=2', authorization: undefined }]);
    expect(tokens).toBe(3);
  });
});
