import type { SessionView } from '@wardflow/shared';
import { useCallback } from 'react';
import { useApi } from '../api/useApi';
import { useSession } from '../auth/SessionContext';
import { deleteOne } from './admin-api';
import { SessionsScreen } from './SessionsScreen';

/** Route element for /admin/sessions (behind the sessions.manage gate, App.tsx). */
export function SessionsPage() {
  const sessions = useApi<SessionView[]>('/api/sessions', { reloadMs: 30_000 });
  const { reportEnded } = useSession();
  const reload = sessions.reload;
  const end = useCallback(
    async (session: SessionView) => {
      await deleteOne('sessions', session.id);
      // Ending one's own session signs one out here and now, not at the next request.
      if (session.current) reportEnded('signed-out');
      else reload();
    },
    [reload, reportEnded],
  );
  return <SessionsScreen sessions={sessions.data} error={sessions.error} onEnd={end} />;
}
