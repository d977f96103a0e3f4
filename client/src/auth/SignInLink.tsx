import { useContext, type ReactNode } from 'react';
import { useLocation } from 'react-router';
import { DEFAULT_SIGN_IN_URL, signInHref } from './access-words';
import { SessionContext } from './SessionContext';

/** Pages nobody should land on again after signing in: they go to the start page instead. */
const NOT_RETURNED_TO = ['/signed-out', '/pair'];

/**
 * A plain link, never a fetch: sign-in is a full-page trip to the identity provider and back to this
 * very page (`returnTo`, a path on this site).
 */
export function SignInLink({
  children = 'Sign in',
  returnTo,
  className = 'sign-in-link',
}: {
  children?: ReactNode;
  returnTo?: string;
  className?: string;
}) {
  const location = useLocation();
  const signInUrl = useContext(SessionContext)?.signInUrl ?? DEFAULT_SIGN_IN_URL;
  const here = NOT_RETURNED_TO.includes(location.pathname) ? '/' : `${location.pathname}${location.search}`;
  return (
    <a className={className} href={signInHref(returnTo ?? here, signInUrl)}>
      {children}
    </a>
  );
}
