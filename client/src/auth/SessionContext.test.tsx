import { act, render, screen, waitFor } from '@testing-library/react';
import { installFakeApi, type FakeApi } from '../testing/fake-api';
import { apiFetch } from './api';
import { makeIdentity } from './session.builders';
import { SessionProvider, useSession } from './SessionContext';

function Probe() {
  const { status, identity, ended, signOut } = useSession();
  return (
    <div>
      <p data-testid="state">{`${status} ${identity?.name ?? 'nobody'} ${ended ?? 'none'}`}</p>
      <button type="button" onClick={() => void signOut()}>
        Sign out
      </button>
    </div>
  );
}

describe('SessionProvider', () => {
  let api: FakeApi;
  afterEach(() => api.restore());

  it('should load who is signed in once, at start', async () => {
    api = installFakeApi({ 'GET /api/session': { body: { signedIn: true, identity: makeIdentity() } } });
    render(
      <SessionProvider>
        <Probe />
      </SessionProvider>,
    );
    await waitFor(() => expect(screen.getByTestId('state').textContent).toBe('ready Amy Okafor none'));
    expect(api.requests.filter((r) => r.url === '/api/session')).toHaveLength(1);
  });

  it('should sign the whole page out, with the reason, when any request is answered 401', async () => {
    api = installFakeApi({
      'GET /api/session': { body: { signedIn: true, identity: makeIdentity() } },
      'GET /api/sites': {
        status: 401,
        body: {
          statusCode: 401,
          message: 'You were signed out after a time without use. Sign in again.',
          reason: 'session-idle',
        },
      },
    });
    render(
      <SessionProvider>
        <Probe />
      </SessionProvider>,
    );
    await waitFor(() => expect(screen.getByTestId('state').textContent).toBe('ready Amy Okafor none'));
    await act(async () => {
      await apiFetch('/api/sites').catch(() => undefined);
    });
    expect(screen.getByTestId('state').textContent).toBe('ready nobody session-idle');
  });

  it('should sign out on the server and remember that the person signed out', async () => {
    api = installFakeApi({
      'GET /api/session': { body: { signedIn: true, identity: makeIdentity() } },
      'DELETE /api/session': { body: { signedIn: false, signInUrl: '/auth/login' } },
    });
    render(
      <SessionProvider>
        <Probe />
      </SessionProvider>,
    );
    await waitFor(() => expect(screen.getByTestId('state').textContent).toBe('ready Amy Okafor none'));
    await act(async () => screen.getByRole('button', { name: 'Sign out' }).click());
    expect(api.requests.at(-1)).toMatchObject({ method: 'DELETE', url: '/api/session' });
    expect(screen.getByTestId('state').textContent).toBe('ready nobody signed-out');
  });

  it('should say the server cannot be reached, and try again by itself', async () => {
    api = installFakeApi();
    let calls = 0;
    const fake = globalThis.fetch;
    globalThis.fetch = ((url: string, init?: RequestInit) =>
      ++calls === 1 ? Promise.reject(new TypeError('Failed to fetch')) : fake(url, init)) as typeof fetch;
    api.on('GET /api/session', { body: { signedIn: false, signInUrl: '/auth/login' } });
    render(
      <SessionProvider retryMs={20}>
        <Probe />
      </SessionProvider>,
    );
    await waitFor(() => expect(screen.getByTestId('state').textContent).toBe('unreachable nobody none'));
    await waitFor(() => expect(screen.getByTestId('state').textContent).toBe('ready nobody none'));
  });
});
