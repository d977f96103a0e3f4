import type { BackfillRun, BackfillStatusResponse, WardSummary } from '@wardflow/shared';
import { useState } from 'react';
import { useApi } from '../api/useApi';
import { ApiError, apiFetch } from '../auth/api';
import { useThenReload } from './admin-api';
import type { BackfillStartOutcome } from './BackfillStartForm';
import { HistoryScreen } from './HistoryScreen';

const STATUS_PATH = '/api/history/backfill';

/** While a run is running its progress is read again this often; not at all once it has ended. */
export const BACKFILL_POLL_MS = 5_000;

const isRun = (body: unknown): body is BackfillRun =>
  typeof body === 'object' && body !== null && typeof (body as { id?: unknown }).id === 'number';

/** POST /api/history/backfill: 202 with the new run, or 409 with the run already running (not an error here). */
async function startBackfill(days: number): Promise<BackfillStartOutcome> {
  try {
    return { started: await apiFetch<BackfillRun>(STATUS_PATH, { method: 'POST', body: { days } }) };
  } catch (error) {
    if (error instanceof ApiError && error.status === 409 && isRun(error.body)) return { running: error.body };
    throw error;
  }
}

/** Route element for /admin/history (behind the history.import gate, App.tsx). */
export function HistoryPage() {
  // When the status on screen was read (this browser's clock: the answer carries no server time), and
  // whether it showed a run running, which is what keeps the timed reload going.
  const [readAt, setReadAt] = useState<number | null>(null);
  const [running, setRunning] = useState(false);
  const status = useApi<BackfillStatusResponse>(STATUS_PATH, {
    reloadMs: running ? BACKFILL_POLL_MS : null,
    onData: (data) => {
      setReadAt(Date.now());
      setRunning(data.latest?.status === 'running');
    },
  });
  const wards = useApi<WardSummary[]>('/api/wards');
  const start = useThenReload(startBackfill, status.reload);
  return (
    <HistoryScreen
      status={status.data}
      error={status.error}
      readAt={readAt}
      wards={wards.data ?? []}
      wardsError={wards.error}
      onStart={start}
    />
  );
}
