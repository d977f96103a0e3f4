/**
 * What a wall display URL shows, from who is asking (SEC-3). Pure, so every case is tested alone:
 * - a screen enrolled for this ward, or a person (or token) whose roles include ward boards: the board
 *   (the server still checks the ward is in their scope, and says so if not);
 * - nobody: an unenrolled screen, which shows only a pairing code, never ward data;
 * - a screen enrolled for something else: says so, and where it belongs;
 * - a screen the server removed: says so, whatever else is known.
 */
import { capabilitiesOf, type DeviceBinding, type Identity } from '@wardflow/shared';
import type { AccessEndReason } from '../auth/access-words';
import type { SessionValue } from '../auth/SessionContext';

export type WallAccess =
  | { kind: 'checking' }
  | { kind: 'unreachable'; message: string }
  | { kind: 'board' }
  | { kind: 'pairing' }
  | { kind: 'removed' }
  | { kind: 'other-binding'; binding: DeviceBinding | null; screenName: string }
  | { kind: 'no-role'; identity: Identity }
  | { kind: 'ended'; reason: AccessEndReason };

export function wallAccess(
  session: Pick<SessionValue, 'status' | 'identity' | 'ended' | 'error'>,
  wardId: string,
): WallAccess {
  const { status, identity, ended } = session;
  if (ended === 'device-revoked') return { kind: 'removed' };
  if (identity === null) {
    if (status === 'loading') return { kind: 'checking' };
    if (status === 'unreachable')
      return { kind: 'unreachable', message: session.error ?? 'No answer from the server.' };
    // A person whose session ended here is told so; a screen with no credential at all pairs.
    if (ended !== null && ended !== 'no-credential') return { kind: 'ended', reason: ended };
    return { kind: 'pairing' };
  }
  if (identity.kind === 'device') {
    const binding = identity.device ?? null;
    if (binding?.kind === 'ward' && binding.wardId === wardId) return { kind: 'board' };
    return { kind: 'other-binding', binding, screenName: identity.name };
  }
  return capabilitiesOf(identity.grants).includes('ward.board') ? { kind: 'board' } : { kind: 'no-role', identity };
}

/** Where a screen enrolled for `binding` belongs. */
export function bindingPath(binding: DeviceBinding): string {
  return binding.kind === 'ward' ? `/wards/${encodeURIComponent(binding.wardId)}/display` : '/heatmap';
}
