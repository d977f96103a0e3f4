/**
 * The strip above every desk page: where one can go (only the pages the caller's roles open), who is
 * signed in and as what, and Sign out; or Sign in when nobody is. Wall screens show no bar.
 */
import { useState } from 'react';
import { Link, NavLink, Outlet } from 'react-router';
import { rolesText } from './access-words';
import { errorText } from './api';
import { ADMIN_PAGES, DESK_PAGES, pagesFor } from './nav-links';
import { useSession } from './SessionContext';
import { SignInLink } from './SignInLink';

export function SessionBar() {
  const { identity, status, signOut } = useSession();
  const [error, setError] = useState<string | null>(null);
  if (identity?.kind === 'device') return null;
  const links =
    identity === null
      ? []
      : [...pagesFor(identity.grants, DESK_PAGES), ...pagesFor(identity.grants, ADMIN_PAGES)].filter(
          (link) => link.servedByServer !== true,
        );
  const leave = () => {
    setError(null);
    signOut().catch((e: unknown) => setError(`Could not sign out: ${errorText(e)}`));
  };
  return (
    <header className="session-bar">
      <Link to="/" className="session-bar__home">
        Wardflow
      </Link>
      {links.length > 0 && (
        <nav aria-label="Wardflow pages" className="session-bar__nav">
          <ul>
            {links.map((link) => (
              <li key={link.to}>
                <NavLink to={link.to} end>
                  {link.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <div className="session-bar__who" data-testid="session-who">
        {identity === null ? (
          status === 'loading' ? null : (
            <SignInLink className="session-bar__sign-in">Sign in</SignInLink>
          )
        ) : (
          <>
            <span>
              Signed in as <strong>{identity.name}</strong>
              <span className="session-bar__roles"> · {rolesText(identity)}</span>
            </span>
            {identity.kind === 'user' && (
              <button type="button" className="session-bar__sign-out" onClick={leave}>
                Sign out
              </button>
            )}
          </>
        )}
        {error !== null && (
          <span className="session-bar__error" role="alert">
            {error}
          </span>
        )}
      </div>
    </header>
  );
}

/** Route layout for desk pages: the bar, then the page. */
export function DeskLayout() {
  return (
    <>
      <SessionBar />
      <Outlet />
    </>
  );
}
