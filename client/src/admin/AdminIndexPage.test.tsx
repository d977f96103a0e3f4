import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { makeGrant, makeIdentity, sessionValue } from '../auth/session.builders';
import { SessionContext } from '../auth/SessionContext';
import { AdminIndexPage } from './AdminIndexPage';

describe('AdminIndexPage', () => {
  it("should list only the admin pages the caller's roles open, each with what it is for", () => {
    render(
      <SessionContext.Provider value={sessionValue(makeIdentity({ grants: [makeGrant('safety-officer')] }))}>
        <MemoryRouter>
          <AdminIndexPage />
        </MemoryRouter>
      </SessionContext.Provider>,
    );
    expect(screen.getAllByRole('link').map((a) => a.getAttribute('href'))).toEqual(['/admin/audit']);
    expect(screen.getByRole('listitem').textContent).toContain('check the log has not been altered');
  });
});
