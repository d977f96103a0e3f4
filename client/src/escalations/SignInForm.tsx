import { useState, type FormEvent } from 'react';

export interface SignInFormProps {
  onSignIn(username: string, password: string): Promise<void>;
}

/** The interim sign-in (until OIDC): username and password, the error in words. */
export function SignInForm({ onSignIn }: SignInFormProps) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSignIn(username, password);
      setPassword('');
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="esc-signin" aria-label="Sign in to acknowledge" onSubmit={(e) => void submit(e)}>
      <span className="esc-signin__title">Sign in to acknowledge</span>
      <label className="esc-signin__field">
        Username
        <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
      </label>
      <label className="esc-signin__field">
        Password
        <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
      </label>
      <button type="submit" disabled={busy}>
        Sign in
      </button>
      {error !== null && (
        <span className="esc-signin__error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
