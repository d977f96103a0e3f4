import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { RequireAccess } from './RequireAccess';
import { makeDeviceIdentity, makeGrant, makeIdentity, sessionValue } from './session.builders';
import { SessionContext, type SessionValue } from './SessionContext';

function renderGate(value: SessionValue, gate: Partial<Parameters<typeof RequireAccess>[0]> = {}) {
  return render(
    <SessionContext.Provider value={value}>
      <MemoryRouter initialEntries={['/heatmap?site=north']}>
        <RequireAccess anyOf={['heatmap.view']} {...gate}>
          <p>The heat map itself</p>
        </RequireAccess>
      </MemoryRouter>
    </SessionContext.Provider>,
  );
}

describe('RequireAccess', () => {
  it('should ask a signed-out visitor to sign in, with a link that comes back to this page, and show nothing of the page', () => {
    renderGate(sessionValue(null));
    expect(screen.getByRole('heading', { name: 'Sign in to see this' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Sign in' }).getAttribute('href')).toBe(
      '/auth/login?returnTo=%2Fheatmap%3Fsite%3Dnorth',
    );
    expect(screen.queryByText('The heat map itself')).toBeNull();
  });

  it('should say why a session ended, in words, with a link to sign in again', () => {
    renderGate(sessionValue(null, { ended: 'session-idle', idleTimeoutMs: 30 * 60_000 }));
    expect(screen.getByRole('alert').textContent).toContain(
      'You were signed out after 30 minutes without use. Sign in again.',
    );
    expect(screen.getByRole('link', { name: 'Sign in again' }).getAttribute('href')).toBe(
      '/auth/login?returnTo=%2Fheatmap%3Fsite%3Dnorth',
    );
  });

  it('should tell a person whose role does not include the view, naming who they are', () => {
    renderGate(sessionValue(makeIdentity({ name: 'Amy Okafor', grants: [makeGrant('ward-staff', ['ward-ash'])] })));
    expect(screen.getByRole('heading', { name: 'Your role does not include this view' })).toBeTruthy();
    expect(screen.getByText(/You are signed in as Amy Okafor \(Ward staff\)/)).toBeTruthy();
    expect(screen.queryByText('The heat map itself')).toBeNull();
  });

  it('should show the page to a role that includes it', () => {
    renderGate(sessionValue(makeIdentity({ grants: [makeGrant('inpatient-lead', [], ['site-north'])] })));
    expect(screen.getByText('The heat map itself')).toBeTruthy();
  });

  it('should keep people-only pages from a wall screen, even one whose role would otherwise do', () => {
    renderGate(sessionValue(makeDeviceIdentity()), { anyOf: ['ward.board'], peopleOnly: true });
    expect(screen.getByRole('heading', { name: 'Your role does not include this view' })).toBeTruthy();
    expect(screen.getByText(/Only a signed-in member of staff may see this/)).toBeTruthy();
  });

  it('should say the ward is out of scope when the role is right but the ward is not theirs', () => {
    const identity = makeIdentity({ grants: [makeGrant('ward-staff', ['ward-ash'])] });
    renderGate(sessionValue(identity), {
      anyOf: ['ward.patient'],
      target: { ward: { id: 'ward-birch', siteId: 'site-north' } },
    });
    expect(screen.getByRole('heading', { name: 'Your role does not cover this ward or site' })).toBeTruthy();
  });

  it('should wait visibly while the session is being checked, and say so when the server cannot be reached', () => {
    const { rerender } = renderGate(sessionValue(null, { status: 'loading', session: null }));
    expect(screen.getByRole('status').textContent).toBe('Checking who is signed in…');
    rerender(
      <SessionContext.Provider
        value={sessionValue(null, { status: 'unreachable', session: null, error: 'Wardflow could not be reached.' })}
      >
        <MemoryRouter>
          <RequireAccess anyOf={['heatmap.view']}>
            <p>The heat map itself</p>
          </RequireAccess>
        </MemoryRouter>
      </SessionContext.Provider>,
    );
    expect(screen.getByRole('heading', { name: 'Wardflow cannot be reached' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Try now' })).toBeTruthy();
  });

  it('should offer a pairing code on a page a wall screen may show', () => {
    renderGate(sessionValue(null), { screenPairing: true });
    expect(screen.getByRole('link', { name: 'Is this a wall screen? Show a pairing code' }).getAttribute('href')).toBe(
      '/pair',
    );
  });

  it('should show a removed screen that it has been removed, not a sign-in prompt', () => {
    renderGate(sessionValue(null, { ended: 'device-revoked' }));
    expect(screen.getByRole('heading', { name: 'This screen has been removed' })).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Sign in' })).toBeNull();
  });
});
