import type { DigestLedgerResponse, Lead } from '@wardflow/shared';
import { Link } from 'react-router';
import { londonDayTimeOf } from '../display/format';
import { ColumnHeads } from '../ui/ColumnHeads';
import { ErrorBanner } from '../ui/ErrorBanner';
import { stateText, stateTone } from './digests-format';

export interface DigestsScreenProps {
  leads: Lead[] | null;
  ledger: DigestLedgerResponse | null;
  /** Why the latest load failed; what was loaded before stays on screen. */
  error: string | null;
  /** Sends this week's digests now; absent while a request is on its way. */
  onRun: (() => void) | null;
  /** Whether the viewer may send the trust's digests (the button is offered only then). */
  mayRun?: boolean;
  /** What the last "send now" did, in words. */
  runNote: string | null;
}

/** The weekly digest: the leads (each linking to this week's preview) and the ledger, states in words. */
export function DigestsScreen({ leads, ledger, error, onRun, mayRun = true, runNote }: DigestsScreenProps) {
  const troubles = ledger?.entries.filter((e) => stateTone(e) === 'attention') ?? [];
  const wardCount = (lead: Lead) => `${lead.wardIds.length} ward${lead.wardIds.length === 1 ? '' : 's'}`;
  return (
    <main className="digests">
      <header className="digests-header">
        <h1>Weekly digest</h1>
      </header>
      <ErrorBanner title="Could not load the digests:" error={error} />
      {ledger !== null && (
        <p className="digests-meta" data-testid="digests-as-of">
          This week: week of {ledger.week}. Server time {londonDayTimeOf(ledger.serverTime)}.{' '}
          {ledger.transport === 'outbox'
            ? 'No SMTP server is configured: emails are written to the outbox folder (listed below).'
            : 'Sent by SMTP.'}
        </p>
      )}
      {ledger?.notes.map((note) => (
        <p key={note} className="digests-alert" role="status">
          {note}
        </p>
      ))}
      {troubles.length > 0 && (
        <div className="digests-alert" role="alert" data-testid="digests-troubles">
          <strong>
            {troubles.length} email{troubles.length === 1 ? '' : 's'} need{troubles.length === 1 ? 's' : ''} attention:
          </strong>
          <ul>
            {troubles.map((t) => (
              <li key={`${t.leadId}-${t.week}`}>
                {t.leadId}, week of {t.week}: {stateText(t)}
              </li>
            ))}
          </ul>
        </div>
      )}
      <section aria-labelledby="digests-leads">
        <h2 id="digests-leads">Inpatient leads</h2>
        {mayRun && (
          <p className="digests-actions">
            <button type="button" className="digests-run" onClick={onRun ?? undefined} disabled={onRun === null}>
              Send this week&rsquo;s digests now
            </button>{' '}
            <span className="digests-note">
              Each lead gets one email a week: those already sent are not sent again.
            </span>
          </p>
        )}
        {runNote !== null && (
          <p className="digests-note" role="status">
            {runNote}
          </p>
        )}
        {leads === null ? (
          error === null && <p>Loading leads…</p>
        ) : leads.length === 0 ? (
          <p>No inpatient leads are configured.</p>
        ) : (
          <table className="digests-table" aria-label="Inpatient leads">
            <ColumnHeads columns={['Lead', 'Email', 'Wards', 'This week']} />
            <tbody>
              {leads.map((lead) => {
                const entry = ledger?.entries.find((e) => e.leadId === lead.id && e.week === ledger.week);
                return (
                  <tr key={lead.id}>
                    <td>
                      <Link to={`/digests/preview/${encodeURIComponent(lead.id)}`}>{lead.name}</Link>
                    </td>
                    <td>{lead.email}</td>
                    <td title={lead.wardIds.join(', ')}>{wardCount(lead)}</td>
                    <td
                      className={
                        entry === undefined ? 'digests-state' : `digests-state digests-state--${stateTone(entry)}`
                      }
                    >
                      {entry === undefined ? 'Not sent yet' : stateText(entry)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="digests-ledger">
        <h2 id="digests-ledger">Ledger</h2>
        {ledger === null ? null : ledger.entries.length === 0 ? (
          <p>No digest has been sent yet.</p>
        ) : (
          <table className="digests-table" aria-label="Digest ledger">
            <ColumnHeads columns={['Week of', 'Lead', 'State', 'Attempts', 'Message-ID', 'Updated']} />
            <tbody>
              {ledger.entries.map((e) => (
                <tr key={`${e.leadId}-${e.week}`}>
                  <td>{e.week}</td>
                  <td>{e.leadId}</td>
                  <td className={`digests-state digests-state--${stateTone(e)}`}>{stateText(e)}</td>
                  <td>{e.attempts}</td>
                  <td className="digests-id">{e.messageId ?? '—'}</td>
                  <td>{londonDayTimeOf(e.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {ledger?.transport === 'outbox' && (
        <section aria-labelledby="digests-outbox">
          <h2 id="digests-outbox">Outbox</h2>
          {ledger.outbox.length === 0 ? (
            <p>The outbox is empty.</p>
          ) : (
            <table className="digests-table" aria-label="Outbox">
              <ColumnHeads columns={['File', 'Size', 'Written']} />
              <tbody>
                {ledger.outbox.map((f) => (
                  <tr key={f.file}>
                    <td className="digests-id">{f.file}</td>
                    <td>{Math.ceil(f.bytes / 1024)} KB</td>
                    <td>{londonDayTimeOf(f.writtenAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </main>
  );
}
