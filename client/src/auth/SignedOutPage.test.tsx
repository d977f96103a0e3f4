import { render, screen } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { SignedOutPage } from './SignedOutPage';

const renderAt = (url: string) =>
  render(
    <MemoryRouter initialEntries={[url]}>
      <Routes>
        <Route path="/signed-out" element={<SignedOutPage />} />
      </Routes>
    </MemoryRouter>,
  );

describe('SignedOutPage', () => {
  it('should say in plain words that the account has no role, with a Sign in again link', () => {
    renderAt('/signed-out?reason=no-role');
    expect(screen.getByRole('heading', { name: 'Your account has no Wardflow role' })).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain('Ask your manager or IT');
    expect(screen.getByRole('link', { name: 'Sign in again' }).getAttribute('href')).toBe('/auth/login?returnTo=%2F');
  });

  it('should say when the identity provider could not be reached', () => {
    renderAt('/signed-out?reason=provider-unreachable');
    expect(screen.getByRole('heading', { name: 'Sign-in is not available just now' })).toBeTruthy();
  });

  it('should read as a plain sign-out without a reason', () => {
    renderAt('/signed-out');
    expect(screen.getByRole('heading', { name: 'You are signed out' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Sign in again' })).toBeTruthy();
  });
});
