import { makeDeviceIdentity, makeGrant, makeIdentity, sessionValue } from '../auth/session.builders';
import { bindingPath, wallAccess } from './wall-access';

describe('wallAccess', () => {
  it('should show the board to the screen enrolled for this ward', () => {
    expect(wallAccess(sessionValue(makeDeviceIdentity()), 'ward-ash')).toEqual({ kind: 'board' });
  });

  it('should not show another ward to a screen enrolled for a different one, and say where it belongs', () => {
    const access = wallAccess(sessionValue(makeDeviceIdentity()), 'ward-birch');
    expect(access).toMatchObject({ kind: 'other-binding', binding: { kind: 'ward', wardId: 'ward-ash' } });
  });

  it("should not show a ward board to a site's heat-map screen", () => {
    expect(
      wallAccess(sessionValue(makeDeviceIdentity({ kind: 'site-heatmap', siteId: 'site-north' })), 'ward-ash').kind,
    ).toBe('other-binding');
  });

  it('should pair a screen with no credential, showing nothing of the ward', () => {
    expect(wallAccess(sessionValue(null), 'ward-ash')).toEqual({ kind: 'pairing' });
    expect(wallAccess(sessionValue(null, { ended: 'no-credential' }), 'ward-ash')).toEqual({ kind: 'pairing' });
  });

  it('should say a removed screen was removed, whatever else is known', () => {
    expect(wallAccess(sessionValue(null, { ended: 'device-revoked' }), 'ward-ash')).toEqual({ kind: 'removed' });
    expect(wallAccess(sessionValue(null, { ended: 'device-revoked', status: 'unreachable' }), 'ward-ash')).toEqual({
      kind: 'removed',
    });
  });

  it('should tell a person whose session ended why, instead of pairing', () => {
    expect(wallAccess(sessionValue(null, { ended: 'session-idle' }), 'ward-ash')).toEqual({
      kind: 'ended',
      reason: 'session-idle',
    });
  });

  it('should show the board to staff whose role includes boards (the server checks the ward is theirs)', () => {
    expect(wallAccess(sessionValue(makeIdentity()), 'ward-ash')).toEqual({ kind: 'board' });
    expect(wallAccess(sessionValue(makeIdentity({ grants: [makeGrant('inpatient-lead')] })), 'ward-ash').kind).toBe(
      'no-role',
    );
  });

  it('should wait while the session is checked, and say when the server cannot be reached', () => {
    expect(wallAccess(sessionValue(null, { status: 'loading', session: null }), 'ward-ash')).toEqual({
      kind: 'checking',
    });
    expect(
      wallAccess(sessionValue(null, { status: 'unreachable', session: null, error: 'no answer' }), 'ward-ash'),
    ).toEqual({ kind: 'unreachable', message: 'no answer' });
  });
});

describe('bindingPath', () => {
  it('should send a screen to the page it was enrolled for', () => {
    expect(bindingPath({ kind: 'ward', wardId: 'ward ash', siteId: 's' })).toBe('/wards/ward%20ash/display');
    expect(bindingPath({ kind: 'site-heatmap', siteId: 's' })).toBe('/heatmap');
  });
});
