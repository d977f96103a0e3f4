/**
 * What an unenrolled wall screen shows: its pairing code, large enough to read from across the
 * station, where to approve it, and until when. Nothing about the ward beyond the id in the address,
 * and no patient data: the screen has not been trusted with any yet. Pure.
 */
import type { ReactNode } from 'react';
import { londonTimeOf } from './format';
import type { PairingState } from './usePairing';

interface PairingScreenProps {
  /** The ward id from the address, or null on /pair. */
  wardId: string | null;
  state: PairingState;
  /** This site's address, e.g. "https://wardflow.trust.nhs.uk". */
  origin: string;
  /** A quiet way out for a member of staff who meant to sign in. */
  footer?: ReactNode;
}

export function PairingScreen({ wardId, state, origin, footer }: PairingScreenProps) {
  const approveAt = `${origin}/admin/devices`;
  return (
    <main className="pairing">
      <p className="pairing__for">Wardflow wall screen{wardId === null ? '' : ` · ward ${wardId}`}</p>
      <h1 className="pairing__title">This screen is not enrolled yet</h1>
      {state.phase === 'waiting' && (
        <>
          <p className="pairing__label" id="pairing-code-label">
            Pairing code
          </p>
          <p className="pairing__code" aria-labelledby="pairing-code-label" data-testid="pairing-code">
            {state.code}
          </p>
          <p className="pairing__ask">
            Ask the nurse in charge or IT to approve this screen at{' '}
            <strong className="pairing__address">{approveAt}</strong>
          </p>
          <p className="pairing__expires" data-testid="pairing-expires">
            This code works until {londonTimeOf(state.expiresAt)}. After that a new code appears here by itself.
          </p>
          {state.trouble !== null && (
            <p className="pairing__trouble" role="status">
              The server cannot be reached just now ({state.trouble}); still trying.
            </p>
          )}
        </>
      )}
      {state.phase === 'starting' && (
        <p className="pairing__ask" role="status">
          {state.previous === 'expired' ? 'The last code expired. Getting a new one…' : 'Getting a pairing code…'}
        </p>
      )}
      {state.phase === 'failed' && (
        <p className="pairing__trouble" role="alert">
          No pairing code could be got: {state.message} Trying again in a minute.
        </p>
      )}
      {state.phase === 'approved' && (
        <p className="pairing__ask" role="status">
          Approved. Starting the ward board…
        </p>
      )}
      {footer !== undefined && <div className="pairing__footer">{footer}</div>}
    </main>
  );
}
