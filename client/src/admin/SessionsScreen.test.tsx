import { fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import type { SessionView } from '@wardflow/shared';
import { makeSessionView } from './admin.builders';
import { SessionsScreen } from './SessionsScreen';

describe('SessionsScreen', () => {
  it("should list who is signed in, mark the caller's own session, and end one only after asking", () => {
    const ended: string[] = [];
    render(
      <MemoryRouter>
        <SessionsScreen
          sessions={[
            makeSessionView(),
            makeSessionView({ id: 'session-2', userName: 'Sam Admin', roles: ['admin'], current: true }),
          ]}
          error={null}
          onEnd={(s: SessionView) => Promise.resolve(ended.push(s.id))}
        />
      </MemoryRouter>,
    );
    const own = screen.getByRole('row', { name: /Sam Admin/ });
    expect(own.textContent).toContain('(you, this session)');
    expect(own.textContent).toContain('Admin');
    fireEvent.click(within(own).getByRole('button', { name: 'End session of Sam Admin (yours)' }));
    expect(within(own).getByRole('group').getAttribute('aria-label')).toBe(
      'End your own session? You will be signed out.',
    );
    const amy = screen.getByRole('row', { name: /Amy Okafor/ });
    expect(amy.textContent).toContain('Ward staff');
    expect(amy.textContent).toContain('Wed 14 Jan 13:58 GMT');
    fireEvent.click(within(amy).getByRole('button', { name: 'End session of Amy Okafor' }));
    fireEvent.click(within(amy).getByRole('button', { name: 'Yes, end session' }));
    expect(ended).toEqual(['session-1']);
  });
});
