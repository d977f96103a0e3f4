/**
 * The page-level gate: a page whose requests would only be refused is not rendered at all. Instead
 * the person reads why (not signed in, signed out and how, or a role that does not include the view)
 * and what to do. The server still decides every request; this only spares a screen of failures.
 */
import { capabilitiesOf, grantsAllow, type AccessTarget, type Capability, type Identity } from '@wardflow/shared';
import type { ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { ScreenRemoved } from '../display/ScreenRemoved';
import { AccessNotice } from './AccessNotice';
import { endedWords, rolesText } from './access-words';
import { useSession } from './SessionContext';
import { SignInLink } from './SignInLink';

interface RequireAccessProps {
  /** Any one of these opens the page. */
  anyOf: readonly Capability[];
  /** Where (a ward, a site); by default anywhere in the caller's scope, the server narrowing further. */
  target?: AccessTarget;
  /** Patient detail: signed-in people only, never a screen or a token. */
  peopleOnly?: boolean;
  /** Big type for pages read from a distance (the huddle view). */
  wall?: boolean;
  /** A page an enrolled screen may show (the heat map): signed out, offer a pairing code too. */
  screenPairing?: boolean;
  children: ReactNode;
}

/** Whether an identity may open a page needing one of `anyOf` at `target`. */
export function mayOpen(
  identity: Identity,
  anyOf: readonly Capability[],
  target: AccessTarget = 'anywhere',
  peopleOnly = false,
): boolean {
  if (peopleOnly && identity.kind !== 'user') return false;
  return anyOf.some((c) => grantsAllow(identity.grants, c, target));
}

export function RequireAccess({
  anyOf,
  target,
  peopleOnly = false,
  wall = false,
  screenPairing = false,
  children,
}: RequireAccessProps) {
  const { status, identity, ended, idleTimeoutMs, error, reload, clearEnded } = useSession();
  const navigate = useNavigate();
  if (identity === null) {
    if (status === 'loading') return <AccessNotice wall={wall} title="Checking who is signed in…" />;
    if (status === 'unreachable') {
      return (
        <AccessNotice
          wall={wall}
          role="alert"
          title="Wardflow cannot be reached"
          detail={`${error ?? 'No answer from the server.'} Trying again by itself.`}
        >
          <button type="button" className="access-notice__button" onClick={() => void reload()}>
            Try now
          </button>
        </AccessNotice>
      );
    }
    if (ended === 'device-revoked') {
      return (
        <ScreenRemoved
          enrolAt={`${window.location.origin}/admin/devices`}
          onPairAgain={() => {
            clearEnded();
            void navigate('/pair');
          }}
        />
      );
    }
    const words =
      ended === null || ended === 'no-credential'
        ? { title: 'Sign in to see this', detail: 'You are not signed in.' }
        : endedWords(ended, idleTimeoutMs);
    return (
      <AccessNotice wall={wall} role={ended === null ? 'status' : 'alert'} title={words.title} detail={words.detail}>
        <SignInLink>{ended === null || ended === 'no-credential' ? 'Sign in' : 'Sign in again'}</SignInLink>
        {screenPairing && <Link to="/pair">Is this a wall screen? Show a pairing code</Link>}
      </AccessNotice>
    );
  }
  if (!mayOpen(identity, anyOf, target, peopleOnly)) {
    const who =
      identity.kind === 'device'
        ? `This screen is enrolled as “${identity.name}”.`
        : `You are signed in as ${identity.name} (${rolesText(identity)}).`;
    const wider = peopleOnly && identity.kind !== 'user' ? ' Only a signed-in member of staff may see this.' : '';
    const somewhere =
      target !== undefined && target !== 'anywhere' && anyOf.some((c) => capabilitiesOf(identity.grants).includes(c));
    return (
      <AccessNotice
        wall={wall}
        title={somewhere ? 'Your role does not cover this ward or site' : 'Your role does not include this view'}
        detail={`${who}${wider} If you need it, ask your manager or IT.`}
      />
    );
  }
  return children;
}
