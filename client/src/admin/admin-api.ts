/** The admin pages' changes through the API: each one, then the list it changed is loaded again to show it. */
import { useCallback } from 'react';
import { apiFetch } from '../auth/api';

/** DELETE /api/<collection>/:id (remove a screen, revoke a token, end a session); the answer is not needed. */
export function deleteOne(collection: 'devices' | 'tokens' | 'sessions', id: string): Promise<unknown> {
  return apiFetch<unknown>(`/api/${collection}/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

/** `action`, then `reload` once it has succeeded; `action` should be stable (module level). */
export function useThenReload<A, R>(action: (arg: A) => Promise<R>, reload: () => void): (arg: A) => Promise<R> {
  return useCallback(
    async (arg: A) => {
      const result = await action(arg);
      reload();
      return result;
    },
    [action, reload],
  );
}
