import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import type { TokenCreated, TokenCreateRequest, TokenView } from '@wardflow/shared';
import { makeToken, WARDS } from './admin.builders';
import { TokensScreen } from './TokensScreen';

const SECRET = 'wft_Zq1-this-is-the-only-time-you-see-it';
const created: TokenCreated = {
  token: makeToken({ id: 'token-2', name: 'Bed board feed', prefix: 'wft_Zq1' }),
  secret: SECRET,
};

function renderScreen(
  overrides: {
    onCreate?: (r: TokenCreateRequest) => Promise<TokenCreated>;
    onRevoke?: (t: TokenView) => Promise<unknown>;
  } = {},
) {
  const calls = { created: [] as TokenCreateRequest[], revoked: [] as string[] };
  render(
    <MemoryRouter>
      <TokensScreen
        tokens={[makeToken(), makeToken({ id: 'token-0', name: 'Old script', revokedAt: '2026-01-12T10:00:00Z' })]}
        error={null}
        wards={WARDS}
        onCreate={overrides.onCreate ?? ((r) => Promise.resolve(void calls.created.push(r)).then(() => created))}
        onRevoke={overrides.onRevoke ?? ((t) => Promise.resolve(calls.revoked.push(t.id)))}
      />
    </MemoryRouter>,
  );
  return calls;
}

async function createWholeTrustToken() {
  fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Bed board feed' } });
  fireEvent.click(screen.getByRole('checkbox', { name: 'Bed manager' }));
  fireEvent.click(screen.getByRole('radio', { name: 'The whole trust' }));
  fireEvent.change(screen.getByLabelText('Expires after (days, 1 to 366)'), { target: { value: '30' } });
  await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Create token' })));
}

describe('TokensScreen', () => {
  it('should show the new secret once, with a plain warning, and never again once hidden', async () => {
    const calls = renderScreen();
    await createWholeTrustToken();
    expect(calls.created).toEqual([
      { name: 'Bed board feed', roles: ['bed-manager'], wards: '*', sites: '*', expiresInDays: 30 },
    ]);
    expect((screen.getByLabelText('Token') as HTMLInputElement).value).toBe(SECRET);
    expect(screen.getByRole('alert').textContent).toContain('It is shown only now.');
    expect(screen.getByRole('alert').textContent).toContain('cannot show it again');

    fireEvent.click(screen.getByRole('button', { name: 'I have stored it: hide it' }));
    expect(screen.queryByLabelText('Token')).toBeNull();
    expect(document.body.innerHTML).not.toContain(SECRET);
    // The form is back for the next token.
    expect(screen.getByRole('button', { name: 'Create token' })).toBeTruthy();
  });

  it('should list tokens by name and first characters only, with roles, reach and status', () => {
    renderScreen();
    const rows = within(screen.getByRole('table', { name: 'Tokens' }))
      .getAllByRole('row')
      .slice(1);
    expect(rows[0]?.textContent).toContain('Data warehouse');
    expect(rows[0]?.textContent).toContain('wft_3kQ…');
    expect(rows[0]?.textContent).toContain('Inpatient lead');
    expect(rows[0]?.textContent).toContain('site North General');
    expect(rows[1]?.textContent).toContain('Revoked Mon 12 Jan 10:00 GMT');
  });

  it('should say what is missing instead of sending an incomplete form', async () => {
    const calls = renderScreen();
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Feed' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Create token' })));
    expect(screen.getByRole('alert').textContent).toBe('Choose at least one role.');
    expect(calls.created).toEqual([]);
  });

  it('should say in words when the server refuses the token', async () => {
    renderScreen({ onCreate: () => Promise.reject(new Error('Your role does not include this.')) });
    await createWholeTrustToken();
    expect(screen.getByRole('alert').textContent).toBe('The token was not created: Your role does not include this.');
    expect(screen.queryByLabelText('Token')).toBeNull();
  });

  it('should revoke a token only after asking', () => {
    const calls = renderScreen();
    fireEvent.click(screen.getByRole('button', { name: 'Revoke Data warehouse' }));
    expect(calls.revoked).toEqual([]);
    const question = screen.getByRole('group', {
      name: 'Revoke “Data warehouse”? Programs using it stop working at once.',
    });
    fireEvent.click(within(question).getByRole('button', { name: 'Yes, revoke' }));
    expect(calls.revoked).toEqual(['token-1']);
  });
});
