import { useState } from 'react';

/** What a person's action on an admin page could not do, in words, announced at once; nothing while null. */
export function AdminError({ message }: { message: string | null }) {
  if (message === null) return null;
  return (
    <p className="admin-error" role="alert">
      {message}
    </p>
  );
}

/**
 * A list row's action (remove, revoke, end): runs it, and keeps why it failed in a sentence naming the
 * row (`failed`), cleared when the next one starts.
 */
export function useRowAction<T>(
  action: (row: T) => Promise<unknown>,
  failed: (row: T, reason: string) => string,
): { run: (row: T) => void; error: string | null } {
  const [error, setError] = useState<string | null>(null);
  const run = (row: T) => {
    setError(null);
    action(row).catch((e: unknown) => setError(failed(row, (e as Error).message)));
  };
  return { run, error };
}
