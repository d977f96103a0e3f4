import { useSearchParams } from 'react-router';
import { signedOutWords } from './access-words';
import { AccessNotice } from './AccessNotice';
import { SignInLink } from './SignInLink';

/** /signed-out?reason=expired|failed|no-role|provider-unreachable: where the server sends a sign-in that did not end in a session. */
export function SignedOutPage() {
  const [params] = useSearchParams();
  const words = signedOutWords(params.get('reason'));
  return (
    <AccessNotice title={words.title} detail={words.detail} role={params.has('reason') ? 'alert' : 'status'}>
      <SignInLink returnTo="/">Sign in again</SignInLink>
    </AccessNotice>
  );
}
