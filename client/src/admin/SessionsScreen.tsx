/** /admin/sessions: everyone signed in now, and End session (the caller's own is marked). Pure. */
import { ROLE_LABELS, type SessionView } from '@wardflow/shared';
import { ACTION_COLUMN, ColumnHeads } from '../ui/ColumnHeads';
import { ErrorBanner } from '../ui/ErrorBanner';
import { stampOf } from './admin-format';
import { AdminError, useRowAction } from './AdminError';
import { AdminHeader } from './AdminHeader';
import { ConfirmButton } from './ConfirmButton';

export interface SessionsScreenProps {
  sessions: SessionView[] | null;
  error: string | null;
  onEnd: (session: SessionView) => Promise<unknown>;
}

export function SessionsScreen({ sessions, error, onEnd }: SessionsScreenProps) {
  const { run: end, error: endError } = useRowAction(
    onEnd,
    (session, reason) => `${session.userName}’s session was not ended: ${reason}`,
  );
  return (
    <main className="admin">
      <AdminHeader title="Sessions">
        Everyone signed in to Wardflow now. Ending a session signs that person out at once, on every page they have
        open.
      </AdminHeader>
      <ErrorBanner title="Could not load the sessions:" error={error} />
      <AdminError message={endError} />
      {sessions === null ? (
        error === null && <p role="status">Loading…</p>
      ) : sessions.length === 0 ? (
        <p>Nobody is signed in.</p>
      ) : (
        <table className="admin-table" aria-label="Sessions">
          <ColumnHeads
            columns={[
              'Person',
              'Roles',
              'Signed in',
              'Last active',
              'Ends at the latest',
              'Address',
              'Browser',
              ACTION_COLUMN,
            ]}
          />
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id} className={s.current ? 'admin-row--current' : undefined}>
                <th scope="row">
                  {s.userName}
                  {s.current && <span className="admin-you"> (you, this session)</span>}
                  <span className="admin-subject">{s.subject}</span>
                </th>
                <td>{s.roles.map((r) => ROLE_LABELS[r]).join(', ')}</td>
                <td>{stampOf(s.createdAt)}</td>
                <td>{stampOf(s.lastSeenAt)}</td>
                <td>{stampOf(s.expiresAt)}</td>
                <td>{s.address ?? 'unknown'}</td>
                <td className="admin-agent" title={s.userAgent ?? undefined}>
                  {s.userAgent ?? 'unknown'}
                </td>
                <td>
                  <ConfirmButton
                    label="End session"
                    accessibleName={`End session of ${s.userName}${s.current ? ' (yours)' : ''}`}
                    question={
                      s.current
                        ? 'End your own session? You will be signed out.'
                        : `End ${s.userName}’s session? They are signed out at once.`
                    }
                    onConfirm={() => end(s)}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
