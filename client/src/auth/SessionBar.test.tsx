import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { SessionBar } from './SessionBar';
import { makeDeviceIdentity, makeGrant, makeIdentity, sessionValue } from './session.builders';
import { SessionContext, type SessionValue } from './SessionContext';

function renderBar(value: SessionValue, url = '/sites') {
  return render(
    <SessionContext.Provider value={value}>
      <MemoryRouter initialEntries={[url]}>
        <SessionBar />
      </MemoryRouter>
    </SessionContext.Provider>,
  );
}

describe('SessionBar', () => {
  it('should say who is signed in and as what, and link only to the pages their roles open', () => {
    renderBar(
      sessionValue(
        makeIdentity({
          name: 'Bea Mensah',
          grants: [makeGrant('bed-manager', [], ['site-north']), makeGrant('ward-staff', ['ward-ash'])],
        }),
      ),
    );
    expect(screen.getByTestId('session-who').textContent).toContain(
      'Signed in as Bea Mensah · Bed manager, Ward staff',
    );
    const nav = within(screen.getByRole('navigation', { name: 'Wardflow pages' }));
    expect(nav.getAllByRole('link').map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
      ['Wards', '/'],
      ['Bed management by site', '/sites'],
      ['Wall screens', '/admin/devices'],
    ]);
    expect(nav.getByRole('link', { name: 'Bed management by site' }).getAttribute('aria-current')).toBe('page');
  });

  it('should sign out on request', async () => {
    let signedOut = 0;
    renderBar(sessionValue(makeIdentity(), { signOut: () => Promise.resolve(void (signedOut += 1)) }));
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Sign out' })));
    expect(signedOut).toBe(1);
  });

  it('should say so in words when signing out fails', async () => {
    renderBar(
      sessionValue(makeIdentity(), { signOut: () => Promise.reject(new Error('Wardflow could not be reached.')) }),
    );
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Sign out' })));
    expect(screen.getByRole('alert').textContent).toBe('Could not sign out: Wardflow could not be reached.');
  });

  it('should offer Sign in, back to this page, when nobody is signed in', () => {
    renderBar(sessionValue(null));
    expect(screen.getByRole('link', { name: 'Sign in' }).getAttribute('href')).toBe('/auth/login?returnTo=%2Fsites');
    expect(screen.queryByRole('navigation', { name: 'Wardflow pages' })).toBeNull();
  });

  it('should not bring a person back to the signed-out page after signing in', () => {
    renderBar(sessionValue(null), '/signed-out?reason=expired');
    expect(screen.getByRole('link', { name: 'Sign in' }).getAttribute('href')).toBe('/auth/login?returnTo=%2F');
  });

  it('should show nothing on an enrolled wall screen', () => {
    const { container } = renderBar(sessionValue(makeDeviceIdentity({ kind: 'site-heatmap', siteId: 'site-north' })));
    expect(container.textContent).toBe('');
  });
});
