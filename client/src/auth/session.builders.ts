/** Typed builders for tests of anything that reads the session (docs/style.md rule 11). */
import type { DeviceBinding, Grant, GrantRole, Identity, ScopeList } from '@wardflow/shared';
import type { SessionValue } from './SessionContext';

export function makeGrant(role: GrantRole, wards: ScopeList = '*', sites: ScopeList = []): Grant {
  return { role, wards, sites };
}

/** A signed-in person: ward staff on Ash Ward unless the overrides say otherwise. */
export function makeIdentity(overrides: Partial<Identity> = {}): Identity {
  return {
    kind: 'user',
    id: 'session-1',
    name: 'Amy Okafor',
    grants: [makeGrant('ward-staff', ['ward-ash'])],
    expiresAt: '2026-01-14T22:00:00.000Z',
    idleTimeoutMs: 30 * 60_000,
    ...overrides,
  };
}

/** An enrolled wall screen for `binding` (Ash Ward by default). */
export function makeDeviceIdentity(
  binding: DeviceBinding = { kind: 'ward', wardId: 'ward-ash', siteId: 'site-north' },
): Identity {
  const grant =
    binding.kind === 'ward'
      ? makeGrant('ward-screen', [binding.wardId])
      : makeGrant('heatmap-screen', [], [binding.siteId]);
  return { kind: 'device', id: 'device-1', name: 'Ash Ward nurses’ station', grants: [grant], device: binding };
}

/** A session context value as the provider would give it, for rendering under `SessionContext.Provider`. */
export function sessionValue(identity: Identity | null, overrides: Partial<SessionValue> = {}): SessionValue {
  return {
    status: 'ready',
    session: identity === null ? { signedIn: false, signInUrl: '/auth/login' } : { signedIn: true, identity },
    identity,
    signInUrl: '/auth/login',
    ended: null,
    idleTimeoutMs: identity?.idleTimeoutMs ?? null,
    error: null,
    reload: () => Promise.resolve(),
    signOut: () => Promise.resolve(),
    reportEnded: () => undefined,
    clearEnded: () => undefined,
    ...overrides,
  };
}
