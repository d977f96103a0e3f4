import type { DigestLedgerResponse, DigestRunAccepted, Lead } from '@wardflow/shared';
import { useState } from 'react';
import { DigestsScreen } from './DigestsScreen';
import { useJson } from './useJson';

/** Route element for /digests. */
export function DigestsPage() {
  const leads = useJson<Lead[]>('/api/leads', 300_000);
  const ledger = useJson<DigestLedgerResponse>('/api/digests', 15_000);
  const [busy, setBusy] = useState(false);
  const [runNote, setRunNote] = useState<string | null>(null);

  const run = async () => {
    setBusy(true);
    try {
      const response = await fetch('/api/digests/run', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      if (!response.ok) throw new Error(`the server answered ${response.status}`);
      const accepted = (await response.json()) as DigestRunAccepted;
      setRunNote(`Sending the digests for the week of ${accepted.week}; the ledger below updates as they go.`);
      setTimeout(ledger.reload, 2_000);
    } catch (error) {
      setRunNote(`Could not start sending: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setBusy(false);
    }
  };

  return <DigestsScreen leads={leads.data} ledger={ledger.data} error={leads.error ?? ledger.error} onRun={busy ? null : () => void run()} runNote={runNote} />;
}
