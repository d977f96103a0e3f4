import { makeGrant, makeIdentity } from './session.builders';
import { durationWords, endedWords, isAccessEndReason, rolesText, signedOutWords, signInHref } from './access-words';

describe('signInHref', () => {
  it('should return to the page asked for, and only to a path on this site', () => {
    expect(signInHref('/wards/ward-ash/huddle?x=1')).toBe('/auth/login?returnTo=%2Fwards%2Fward-ash%2Fhuddle%3Fx%3D1');
    expect(signInHref('//evil.example/')).toBe('/auth/login?returnTo=%2F');
    expect(signInHref('https://evil.example/')).toBe('/auth/login?returnTo=%2F');
  });
});

describe('durationWords', () => {
  it.each([
    [30 * 60_000, '30 minutes'],
    [60_000, '1 minute'],
    [60 * 60_000, '1 hour'],
    [12 * 60 * 60_000, '12 hours'],
    [7 * 24 * 60 * 60_000, '7 days'],
    [10_000, '10 seconds'],
  ])('should say %d ms as "%s"', (ms, words) => {
    expect(durationWords(ms)).toBe(words);
  });
});

describe('endedWords', () => {
  it('should say how long without use signed the person out, when known', () => {
    expect(endedWords('session-idle', 30 * 60_000).detail).toBe(
      'You were signed out after 30 minutes without use. Sign in again.',
    );
    expect(endedWords('session-idle').detail).toBe('You were signed out after a time without use. Sign in again.');
  });

  it('should say a removed screen was removed and what to do', () => {
    expect(endedWords('device-revoked')).toEqual({
      title: 'This screen has been removed',
      detail: expect.stringContaining('enrol it again') as unknown as string,
    });
  });

  it('should say an administrator ended a revoked session', () => {
    expect(endedWords('session-revoked').detail).toBe('Your session was ended by an administrator. Sign in again.');
  });
});

describe('signedOutWords', () => {
  it('should explain each way a sign-in can fail, and a plain sign-out otherwise', () => {
    expect(signedOutWords('no-role').title).toBe('Your account has no Wardflow role');
    expect(signedOutWords('expired').title).toBe('Sign-in took too long');
    expect(signedOutWords('failed').title).toBe('Sign-in did not work');
    expect(signedOutWords('provider-unreachable').detail).toContain('could not reach the identity provider');
    expect(signedOutWords(null).title).toBe('You are signed out');
    expect(signedOutWords('<script>').title).toBe('You are signed out');
  });
});

describe('rolesText and isAccessEndReason', () => {
  it('should name each role once, in words', () => {
    expect(
      rolesText(
        makeIdentity({
          grants: [makeGrant('ward-staff', ['a']), makeGrant('ward-staff', ['b']), makeGrant('bed-manager')],
        }),
      ),
    ).toBe('Ward staff, Bed manager');
  });

  it('should know the reasons the server gives and nothing else', () => {
    expect(isAccessEndReason('token-expired')).toBe(true);
    expect(isAccessEndReason('made-up')).toBe(false);
    expect(isAccessEndReason(undefined)).toBe(false);
  });
});
