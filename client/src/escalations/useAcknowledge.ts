import type { EscalationView } from '@wardflow/shared';
import { useCallback } from 'react';
import { apiFetch } from '../auth/api';

/**
 * Acknowledges an escalation as the signed-in bed manager. The answer needs no handling here: the
 * change comes back to every watcher on the `escalation` event; a 401 is told to the session by the
 * fetch helper, and a 403 is thrown to the panel in words.
 */
export function useAcknowledge(): (id: number) => Promise<EscalationView> {
  return useCallback(
    (id: number) => apiFetch<EscalationView>(`/api/escalations/${id}/acknowledge`, { method: 'POST', body: {} }),
    [],
  );
}
