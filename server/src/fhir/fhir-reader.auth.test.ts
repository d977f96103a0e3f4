/**
 * The reader with SMART Backend Services over real HTTP: tokens are fetched and attached, a 401 is
 * answered with exactly one new token and one retry, and a refused client fails the search as
 * "FHIR sign-in failed" without retries.
 */
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFhirAuth } from './fhir-auth.js';
import { FhirRequestError } from './fhir-error.js';
import { FhirReader } from './fhir-reader.adapter.js';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('FhirReader with SMART Backend Services', () => {
  let tokenServer: Server;
  let fhirServer: Server;
  let tokenUrl: string;
  let fhirBase: string;
  let issued = 0;
  let tokenStatus = 200;
  let acceptedToken = 'token-1';
  const seenAuthorization: Array<string | undefined> = [];

  beforeAll(async () => {
    tokenServer = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (tokenStatus !== 200) {
          res.writeHead(tokenStatus, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ error: 'invalid_client' }));
          return;
        }
        issued++;
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ access_token: `token-${issued}`, token_type: 'bearer', expires_in: 300 }));
      });
    });
    fhirServer = createServer((req, res) => {
      seenAuthorization.push(req.headers.authorization);
      if (req.headers.authorization !== `Bearer ${acceptedToken}`) {
        res.writeHead(401, { 'Content-Type': 'application/fhir+json' });
        res.end(JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'login' }] }));
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/fhir+json' });
      res.end(
        JSON.stringify({
          resourceType: 'Bundle',
          type: 'searchset',
          entry: [{ resource: { resourceType: 'Location', id: 'a' } }],
        }),
      );
    });
    tokenUrl = `${await listen(tokenServer)}/token`;
    fhirBase = `${await listen(fhirServer)}/fhir`;
  });

  afterAll(async () => {
    await new Promise((r) => tokenServer.close(r));
    await new Promise((r) => fhirServer.close(r));
  });

  const makeReader = () =>
    new FhirReader({
      baseUrl: fhirBase,
      timeoutMs: 2_000,
      backoffBaseMs: 5,
      auth: createFhirAuth(
        {
          kind: 'smart-backend',
          tokenUrl,
          clientId: 'wardflow',
          privateKeyPem,
          keyId: 'k1',
          algorithm: 'RS384',
          scope: 'system/Location.rs',
        },
        fhirBase,
      ),
    });

  it('should attach the token, and on a 401 fetch one new token and retry once', async () => {
    const reader = makeReader();
    expect((await reader.searchAll('Location', {})).matches).toHaveLength(1);
    expect(seenAuthorization.at(-1)).toBe('Bearer token-1');

    acceptedToken = 'token-2';
    seenAuthorization.length = 0;
    const result = await reader.searchAll('Location', {});
    expect(result.matches).toHaveLength(1);
    expect(seenAuthorization).toEqual(['Bearer token-1', 'Bearer token-2']);
    expect(result.requests).toBe(2);
  });

  it('should fail as sign-in, without retrying, when the token endpoint refuses the client', async () => {
    tokenStatus = 400;
    const issuedBefore = issued;
    const reader = makeReader();
    let error: unknown;
    try {
      await reader.searchAll('Location', {});
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FhirRequestError);
    expect((error as FhirRequestError).screenReason).toBe('FHIR sign-in failed');
    expect((error as FhirRequestError).retryable).toBe(false);
    expect((error as FhirRequestError).message).not.toContain('PRIVATE KEY');
    expect(issued).toBe(issuedBefore);
    tokenStatus = 200;
  });
});
