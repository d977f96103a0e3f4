import { installFakeApi, type FakeApi } from '../testing/fake-api';
import type { AccessEndReason } from './access-words';
import { ApiError, apiFetch, BACKGROUND_HEADER, onUnauthorised } from './api';

describe('apiFetch', () => {
  let api: FakeApi;
  afterEach(() => api.restore());

  it("should send JSON with the page's own cookie and return the answer", async () => {
    api = installFakeApi({ 'POST /api/tokens': { status: 201, body: { secret: 'x' } } });
    await expect(apiFetch('/api/tokens', { method: 'POST', body: { name: 'warehouse' } })).resolves.toEqual({
      secret: 'x',
    });
    expect(api.requests[0]).toMatchObject({
      method: 'POST',
      body: { name: 'warehouse' },
      headers: { accept: 'application/json', 'content-type': 'application/json' },
    });
  });

  it('should mark only background reloads with the background header', async () => {
    api = installFakeApi({ 'GET /api/wards': { body: [] } });
    await apiFetch('/api/wards');
    await apiFetch('/api/wards', { background: true });
    expect(api.requests.map((r) => r.headers[BACKGROUND_HEADER])).toEqual([undefined, '1']);
  });

  it("should turn a 401 into an unauthorised error with the server's reason, and tell every listener", async () => {
    api = installFakeApi({
      'GET /api/sites': {
        status: 401,
        body: {
          statusCode: 401,
          message: 'You were signed out after a time without use. Sign in again.',
          reason: 'session-idle',
        },
      },
    });
    const heard: AccessEndReason[] = [];
    const stop = onUnauthorised((reason) => heard.push(reason));
    const error = await apiFetch('/api/sites').catch((e: unknown) => e);
    stop();
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      kind: 'unauthorised',
      reason: 'session-idle',
      message: 'You were signed out after a time without use. Sign in again.',
    });
    expect(heard).toEqual(['session-idle']);
  });

  it('should call a 401 with no readable reason a missing credential', async () => {
    api = installFakeApi({ 'GET /api/sites': { status: 401, body: null } });
    await expect(apiFetch('/api/sites')).rejects.toMatchObject({
      kind: 'unauthorised',
      reason: 'no-credential',
      message: 'Sign in to see this.',
    });
  });

  it('should turn a 403 into words, never a bare status', async () => {
    api = installFakeApi({
      'GET /api/heatmap': { status: 403, body: {} },
      'GET /api/sites': { status: 403, body: { message: 'Your role does not cover this ward or site.' } },
    });
    await expect(apiFetch('/api/heatmap')).rejects.toMatchObject({
      kind: 'forbidden',
      message: 'Your role does not include this.',
    });
    await expect(apiFetch('/api/sites')).rejects.toMatchObject({
      kind: 'forbidden',
      message: 'Your role does not cover this ward or site.',
    });
  });

  it("should pass on the server's message for other failures, such as FHIR being unreadable", async () => {
    api = installFakeApi({
      'GET /api/wards/a/beds/b/patient': {
        status: 503,
        body: { statusCode: 503, message: 'FHIR could not be read: timed out after 10 s' },
      },
    });
    await expect(apiFetch('/api/wards/a/beds/b/patient')).rejects.toMatchObject({
      kind: 'failed',
      status: 503,
      message: 'FHIR could not be read: timed out after 10 s',
    });
  });

  it('should keep the body of a refusal that names what is in the way, such as a 409', async () => {
    api = installFakeApi({ 'POST /api/history/backfill': { status: 409, body: { id: 3, status: 'running' } } });
    await expect(apiFetch('/api/history/backfill', { method: 'POST', body: {} })).rejects.toMatchObject({
      kind: 'failed',
      status: 409,
      body: { id: 3, status: 'running' },
    });
  });

  it('should say the server could not be reached when no answer comes at all', async () => {
    api = installFakeApi();
    globalThis.fetch = (() => Promise.reject(new TypeError('Failed to fetch'))) as unknown as typeof fetch;
    await expect(apiFetch('/api/session')).rejects.toMatchObject({ kind: 'unreachable', status: null });
  });
});
