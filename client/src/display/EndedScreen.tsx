import type { AccessEndReason } from '../auth/access-words';
import { endedWords } from '../auth/access-words';
import { AccessNotice } from '../auth/AccessNotice';
import { SignInLink } from '../auth/SignInLink';
import { ScreenRemoved } from './ScreenRemoved';

interface EndedScreenProps {
  reason: AccessEndReason;
  idleTimeoutMs: number | null;
  /** Forget the ended credential and show a pairing code (the screen is to be used as a wall screen). */
  onPair: () => void;
}

/** A wall page whose access ended: a removed screen says so; a person is told why and how to sign in again. */
export function EndedScreen({ reason, idleTimeoutMs, onPair }: EndedScreenProps) {
  if (reason === 'device-revoked')
    return <ScreenRemoved enrolAt={`${window.location.origin}/admin/devices`} onPairAgain={onPair} />;
  const words = endedWords(reason, idleTimeoutMs);
  return (
    <AccessNotice wall role="alert" title={words.title} detail={words.detail}>
      <SignInLink>Sign in again</SignInLink>
      <button type="button" className="access-notice__button" onClick={onPair}>
        Use this as a wall screen instead
      </button>
    </AccessNotice>
  );
}
