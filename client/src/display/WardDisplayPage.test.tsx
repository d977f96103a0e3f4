import { act, render, screen, waitFor } from '@testing-library/react';
import type { DeviceView, Identity } from '@wardflow/shared';
import { MemoryRouter, Route, Routes } from 'react-router';
import { makeDeviceIdentity, makeGrant, makeIdentity } from '../auth/session.builders';
import { SessionProvider } from '../auth/SessionContext';
import { FakeWardTransport } from '../live/live.builders';
import { WardFeedProvider } from '../live/WardFeedContext';
import { installFakeApi, type FakeApi } from '../testing/fake-api';
import { WardDisplayPage } from './WardDisplayPage';

const signedOut = { body: { signedIn: false, signInUrl: '/auth/login' } };
const signedInAs = (identity: Identity) => ({ body: { signedIn: true, identity } });
const device: DeviceView = {
  id: 'device-1',
  name: 'Ash Ward nurses’ station',
  binding: { kind: 'ward', wardId: 'ward-ash', siteId: 'site-north' },
  bindingLabel: 'Ash Ward',
  enrolledAt: '2026-01-14T13:59:00Z',
  enrolledBy: 'Amy Okafor',
  lastSeenAt: null,
  lastAddress: null,
  credentialRotatedAt: '2026-01-14T13:59:00Z',
  revokedAt: null,
  revokedBy: null,
};

function renderWall(transport: FakeWardTransport, url = '/wards/ward-ash/display') {
  return render(
    <SessionProvider>
      <WardFeedProvider connect={() => transport}>
        <MemoryRouter initialEntries={[url]}>
          <Routes>
            <Route path="/wards/:wardId/display" element={<WardDisplayPage pairingPollMs={5} />} />
          </Routes>
        </MemoryRouter>
      </WardFeedProvider>
    </SessionProvider>,
  );
}

/** The feed is up: let it connect and take the board from the subscription answer. */
async function connect(transport: FakeWardTransport) {
  await waitFor(() => expect(transport.started).toBe(true));
  await act(async () => transport.connect());
}

describe('WardDisplayPage', () => {
  let api: FakeApi;
  afterEach(() => api.restore());

  it('should show an unenrolled screen only its pairing code, then the board once approved', async () => {
    let approved = false;
    api = installFakeApi({
      'GET /api/session': () => (approved ? signedInAs(makeDeviceIdentity()) : signedOut),
      'POST /api/devices/pairings': { status: 201, body: { code: 'ABC-D23', expiresAt: '2026-01-14T14:15:00Z' } },
      'GET /api/devices/pairings/current': () =>
        approved
          ? { body: { state: 'approved', device } }
          : { body: { state: 'waiting', code: 'ABC-D23', expiresAt: '2026-01-14T14:15:00Z' } },
    });
    const transport = new FakeWardTransport();
    const { container } = renderWall(transport);
    expect((await screen.findByTestId('pairing-code')).textContent).toBe('ABC-D23');
    expect(api.requests.find((r) => r.method === 'POST')?.body).toEqual({ wardId: 'ward-ash' });
    // Nothing about the ward beyond its id, and no socket opened for it.
    expect(container.textContent).not.toContain('Ash Ward');
    expect(transport.started).toBe(false);

    approved = true;
    await connect(transport);
    expect(await screen.findByRole('heading', { name: 'Ash Ward' })).toBeTruthy();
    expect(screen.getAllByRole('article')).toHaveLength(3);
    expect(screen.queryByTestId('pairing-code')).toBeNull();
  });

  it('should ask for a new code by itself when the code expires', async () => {
    // A small fake of the server's pairing: asking gives a new code, which then waits; the test expires it.
    const codes = ['ABC-D23', 'XYZ-H45'];
    let current: unknown = { state: 'none' };
    api = installFakeApi({
      'GET /api/session': signedOut,
      'POST /api/devices/pairings': () => {
        current = { state: 'waiting', code: codes.shift(), expiresAt: '2026-01-14T14:15:00Z' };
        return { status: 201, body: current };
      },
      'GET /api/devices/pairings/current': () => ({ body: current }),
    });
    renderWall(new FakeWardTransport());
    expect((await screen.findByTestId('pairing-code')).textContent).toBe('ABC-D23');
    current = { state: 'expired' };
    await waitFor(() => expect(screen.getByTestId('pairing-code').textContent).toBe('XYZ-H45'));
    expect(api.requests.filter((r) => r.method === 'POST')).toHaveLength(2);
  });

  it('should replace the board with "This screen has been removed" the moment the server says so', async () => {
    api = installFakeApi({ 'GET /api/session': signedInAs(makeDeviceIdentity()) });
    const transport = new FakeWardTransport();
    renderWall(transport);
    await connect(transport);
    expect(await screen.findByRole('heading', { name: 'Ash Ward' })).toBeTruthy();
    await act(async () => transport.endAccess('device-revoked'));
    expect(screen.getByRole('heading', { name: 'This screen has been removed' })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Ash Ward' })).toBeNull();
    expect(screen.queryAllByRole('article')).toHaveLength(0);
  });

  it('should tell a person whose session ended why, with a sign-in link back to this board', async () => {
    api = installFakeApi({ 'GET /api/session': signedInAs(makeIdentity({ idleTimeoutMs: 30 * 60_000 })) });
    const transport = new FakeWardTransport();
    renderWall(transport);
    await connect(transport);
    await act(async () => transport.endAccess('session-idle'));
    expect(screen.getByRole('alert').textContent).toContain(
      'You were signed out after 30 minutes without use. Sign in again.',
    );
    expect(screen.getByRole('link', { name: 'Sign in again' }).getAttribute('href')).toBe(
      '/auth/login?returnTo=%2Fwards%2Fward-ash%2Fdisplay',
    );
    expect(screen.queryAllByRole('article')).toHaveLength(0);
  });

  it('should not show another ward on a screen enrolled for Ash Ward, and say where it belongs', async () => {
    api = installFakeApi({ 'GET /api/session': signedInAs(makeDeviceIdentity()) });
    const transport = new FakeWardTransport();
    renderWall(transport, '/wards/ward-birch/display');
    expect(await screen.findByRole('heading', { name: 'This screen is enrolled for somewhere else' })).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain('is enrolled for ward ward-ash, not for ward ward-birch');
    expect(screen.getByRole('link', { name: 'Show what this screen is enrolled for' }).getAttribute('href')).toBe(
      '/wards/ward-ash/display',
    );
    expect(transport.started).toBe(false);
  });

  it('should tell a person whose role does not include boards, without opening the feed', async () => {
    api = installFakeApi({
      'GET /api/session': signedInAs(makeIdentity({ name: 'Lee Lead', grants: [makeGrant('inpatient-lead')] })),
    });
    const transport = new FakeWardTransport();
    renderWall(transport);
    expect(await screen.findByRole('heading', { name: 'Your role does not include ward boards' })).toBeTruthy();
    expect(transport.started).toBe(false);
  });
});
