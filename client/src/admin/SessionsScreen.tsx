/** /admin/sessions: everyone signed in now, and End session (the caller's own is marked). Pure. */
import { ROLE_LABELS, type SessionView } from '@wardflow/shared';
import { useState } from 'react';
import { stampOf } from './admin-format';
import { AdminHeader } from './AdminHeader';
import { ConfirmButton } from './ConfirmButton';

export interface SessionsScreenProps {
  sessions: SessionView[] | null;
  error: string | null;
  onEnd: (session: SessionView) => Promise<unknown>;
}

export function SessionsScreen({ sessions, error, onEnd }: SessionsScreenProps) {
  const [endError, setEndError] = useState<string | null>(null);
  const end = (session: SessionView) => {
    setEndError(null);
    onEnd(session).catch((e: unknown) => setEndError(`${session.userName}’s session was not ended: ${(e as Error).message}`));
  };
  return (
    <main className="admin">
      <AdminHeader title="Sessions">Everyone signed in to Wardflow now. Ending a session signs that person out at once, on every page they have open.</AdminHeader>
      {error !== null && (
        <div className="banner banner--error" role="alert">
          <strong>Could not load the sessions:</strong> {error}
        </div>
      )}
      {endError !== null && (
        <p className="admin-error" role="alert">
          {endError}
        </p>
      )}
      {sessions === null ? (
        error === null && <p role="status">Loading…</p>
      ) : sessions.length === 0 ? (
        <p>Nobody is signed in.</p>
      ) : (
        <table className="admin-table" aria-label="Sessions">
          <thead>
            <tr>
              <th scope="col">Person</th>
              <th scope="col">Roles</th>
              <th scope="col">Signed in</th>
              <th scope="col">Last active</th>
              <th scope="col">Ends at the latest</th>
              <th scope="col">Address</th>
              <th scope="col">Browser</th>
              <th scope="col">
                <span className="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
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
                    question={s.current ? 'End your own session? You will be signed out.' : `End ${s.userName}’s session? They are signed out at once.`}
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
