/**
 * What the screens say about signing in and access, in plain words (never a status code). Pure.
 */
import { ACCESS_ENDED_REASONS, ROLE_LABELS, type AccessEndedReason, type Identity } from '@wardflow/shared';

/** Why a request or a socket has no working credential: one the server ended, or none at all. */
export type AccessEndReason = AccessEndedReason | 'no-credential';

const ACCESS_END_REASONS: readonly AccessEndReason[] = [...ACCESS_ENDED_REASONS, 'no-credential'];

export function isAccessEndReason(value: unknown): value is AccessEndReason {
  return typeof value === 'string' && (ACCESS_END_REASONS as readonly string[]).includes(value);
}

/** Where the server starts sign-in when the session answer did not say (it always does). */
export const DEFAULT_SIGN_IN_URL = '/auth/login';

/** The sign-in address that brings the person back to `returnTo` (a path on this site). */
export function signInHref(returnTo: string, signInUrl: string = DEFAULT_SIGN_IN_URL): string {
  const back = returnTo.startsWith('/') && !returnTo.startsWith('//') ? returnTo : '/';
  return `${signInUrl}?returnTo=${encodeURIComponent(back)}`;
}

/** "30 minutes", "1 hour", "12 hours", "45 seconds": a duration as a person says it. */
export function durationWords(ms: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (ms < 60_000) return plural(Math.round(ms / 1_000), 'second');
  const minutes = Math.round(ms / 60_000);
  if (minutes < 120 && minutes % 60 !== 0) return plural(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (hours < 48 || hours % 24 !== 0) return plural(hours, 'hour');
  return plural(hours / 24, 'day');
}

export interface EndedWords {
  title: string;
  detail: string;
}

/** Why access ended, as a heading and a sentence; `idleTimeoutMs` from the session that ended, when known. */
export function endedWords(reason: AccessEndReason, idleTimeoutMs: number | null = null): EndedWords {
  switch (reason) {
    case 'session-idle':
      return {
        title: 'Signed out',
        detail: `You were signed out after ${idleTimeoutMs === null ? 'a time' : durationWords(idleTimeoutMs)} without use. Sign in again.`,
      };
    case 'session-expired':
      return { title: 'Signed out', detail: 'Your session reached its time limit. Sign in again.' };
    case 'session-revoked':
      return { title: 'Signed out', detail: 'Your session was ended by an administrator. Sign in again.' };
    case 'signed-out':
      return { title: 'Signed out', detail: 'You signed out. Sign in again to carry on.' };
    case 'device-revoked':
      return {
        title: 'This screen has been removed',
        detail: 'It is no longer enrolled, so it shows no ward data. Ask IT or the nurse in charge to enrol it again.',
      };
    case 'token-revoked':
      return { title: 'Access ended', detail: 'The API token in use was revoked.' };
    case 'token-expired':
      return { title: 'Access ended', detail: 'The API token in use has expired.' };
    case 'no-credential':
      return { title: 'Sign in to see this', detail: 'You are not signed in.' };
  }
}

/** Reasons the server's sign-in sends to /signed-out. */
export type SignInFailure = 'expired' | 'failed' | 'no-role' | 'provider-unreachable';

/** What the /signed-out page says for `?reason=`; anything unknown reads as a plain sign-out. */
export function signedOutWords(reason: string | null): EndedWords {
  switch (reason ?? '') {
    case 'expired':
      return {
        title: 'Sign-in took too long',
        detail: 'The sign-in was not finished in time, or it was started in another window. You are not signed in.',
      };
    case 'failed':
      return {
        title: 'Sign-in did not work',
        detail:
          'The answer from the identity provider could not be checked, so you were not signed in. Try again; if it keeps happening, call IT.',
      };
    case 'no-role':
      return {
        title: 'Your account has no Wardflow role',
        detail:
          'You signed in, but your account is in none of the groups that give a Wardflow role, so there is nothing Wardflow may show you. Ask your manager or IT to add you to the right group.',
      };
    case 'provider-unreachable':
      return {
        title: 'Sign-in is not available just now',
        detail:
          'Wardflow could not reach the identity provider. Try again in a few minutes; if it keeps happening, call IT.',
      };
    default:
      return { title: 'You are signed out', detail: 'Sign in to use Wardflow.' };
  }
}

/** "Ward staff, Bed manager": the roles an identity holds, each once, in words. */
export function rolesText(identity: Pick<Identity, 'grants'>): string {
  const roles = [...new Set(identity.grants.map((g) => g.role))];
  return roles.length === 0 ? 'no role' : roles.map((r) => ROLE_LABELS[r]).join(', ');
}
