import { grantsAllow, type DigestLedgerResponse, type DigestRunAccepted, type Lead } from '@wardflow/shared';
import { useState } from 'react';
import { useApi } from '../api/useApi';
import { apiFetch, errorText } from '../auth/api';
import { useSession } from '../auth/SessionContext';
import { DigestsScreen } from './DigestsScreen';

/** Route element for /digests (behind the digests.view gate, App.tsx). */
export function DigestsPage() {
  const { identity } = useSession();
  // Sending is for the whole trust's digests: the server refuses anyone whose scope is narrower.
  const mayRun = identity !== null && grantsAllow(identity.grants, 'digests.send', 'trust');
  // The ledger changes as a run goes on; the leads change only with the configuration.
  const leads = useApi<Lead[]>('/api/leads', { reloadMs: 300_000 });
  const ledger = useApi<DigestLedgerResponse>('/api/digests', { reloadMs: 15_000 });
  const [busy, setBusy] = useState(false);
  const [runNote, setRunNote] = useState<string | null>(null);

  const run = async () => {
    setBusy(true);
    try {
      const accepted = await apiFetch<DigestRunAccepted>('/api/digests/run', { method: 'POST', body: {} });
      setRunNote(`Sending the digests for the week of ${accepted.week}; the ledger below updates as they go.`);
      setTimeout(ledger.reload, 2_000);
    } catch (error) {
      setRunNote(`Could not start sending: ${errorText(error)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <DigestsScreen
      leads={leads.data}
      ledger={ledger.data}
      error={leads.error ?? ledger.error}
      onRun={busy ? null : () => void run()}
      mayRun={mayRun}
      runNote={runNote}
    />
  );
}
