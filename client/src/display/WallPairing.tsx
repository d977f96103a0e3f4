import { SignInLink } from '../auth/SignInLink';
import { PairingScreen } from './PairingScreen';
import { usePairing, type PairingOptions } from './usePairing';

interface WallPairingProps extends PairingOptions {
  wardId: string | null;
  onApproved: () => void;
}

/** The pairing screen with its live code; a member of staff who meant to sign in has a quiet link. */
export function WallPairing({ wardId, onApproved, ...options }: WallPairingProps) {
  const state = usePairing(wardId, onApproved, options);
  return (
    <PairingScreen
      wardId={wardId}
      state={state}
      origin={window.location.origin}
      footer={<SignInLink className="pairing__sign-in">Member of staff? Sign in instead</SignInLink>}
    />
  );
}
