import type { SessionView } from '@wardflow/shared';
import { useCallback } from 'react';
import { apiFetch } from '../auth/api';
import { useSession } from '../auth/SessionContext';
import { useApiGet } from '../auth/useApiGet';
import { SessionsScreen } from './SessionsScreen';

/** Route element for /admin/sessions (behind the sessions.manage gate, App.tsx). */
export function SessionsPage() {
  const sessions = useApiGet<SessionView[]>('/api/sessions', 30_000);
  const { reportEnded } = useSession();
  const reload = sessions.reload;
  const end = useCallback(
    async (session: SessionView) => {
      await apiFetch<{ revoked: boolean }>(`/api/sessions/${encodeURIComponent(session.id)}`, { method: 'DELETE' });
      // Ending one's own session signs one out here and now, not at the next request.
      if (session.current) reportEnded('signed-out');
      else reload();
    },
    [reload, reportEnded],
  );
  return <SessionsScreen sessions={sessions.data} error={sessions.error} onEnd={end} />;
}
