/**
 * /admin/audit: who did what and when (patient views included), filtered; older pages; the same
 * filters as CSV; and a check that the log's hash chain is whole, said in words. Pure.
 */
import { ROLE_LABELS, type AuditEntry, type AuditPage, type AuditVerification, type GrantRole } from '@wardflow/shared';
import { ColumnHeads } from '../ui/ColumnHeads';
import { ErrorBanner } from '../ui/ErrorBanner';
import { AUDIT_ACTION_WORDS, AUDIT_OUTCOME_WORDS, auditTimeOf, verificationWords } from './admin-format';
import { AdminError } from './AdminError';
import { AdminHeader } from './AdminHeader';
import type { AuditFilters } from './audit-query';
import { AuditFiltersForm } from './AuditFiltersForm';

export interface VerifyState {
  result: AuditVerification | null;
  error: string | null;
  busy: boolean;
}

export interface AuditScreenProps {
  applied: AuditFilters;
  onApply: (filters: AuditFilters) => void;
  filterError: string | null;
  page: AuditPage | null;
  error: string | null;
  /** Showing an older page (not the newest entries). */
  older: boolean;
  onOlder: (() => void) | null;
  onNewest: () => void;
  csvHref: string;
  verify: VerifyState;
  onVerify: () => void;
}

const ACTOR_KIND: Record<AuditEntry['actorKind'], string> = {
  user: 'person',
  device: 'wall screen',
  token: 'API token',
  anonymous: 'not signed in',
  system: 'Wardflow itself',
};

const roleWords = (role: string | null) =>
  role === null
    ? '—'
    : role
        .split(',')
        .map((r) => ROLE_LABELS[r.trim() as GrantRole] ?? r.trim())
        .join(', ');

const detailWords = (detail: AuditEntry['detail']) =>
  Object.entries(detail)
    .map(([k, v]) => `${k}: ${v === null ? '—' : String(v)}`)
    .join('; ');

export function AuditScreen({
  applied,
  onApply,
  filterError,
  page,
  error,
  older,
  onOlder,
  onNewest,
  csvHref,
  verify,
  onVerify,
}: AuditScreenProps) {
  const verdict = verify.result === null ? null : verificationWords(verify.result);
  return (
    <main className="admin admin--wide">
      <AdminHeader title="Audit log">
        Every sign-in, patient view, enrolment, token and other change, newest first. Times are London time.
      </AdminHeader>

      <section aria-labelledby="audit-verify" className="admin-verify">
        <h2 id="audit-verify">Has the log been altered?</h2>
        <p>
          <button
            type="button"
            className="admin-button admin-button--primary"
            onClick={onVerify}
            disabled={verify.busy}
          >
            {verify.busy ? 'Checking the chain…' : 'Verify the chain'}
          </button>{' '}
          <span className="admin-note">
            Checks every entry against the one before it. On a large log this takes a while.
          </span>
        </p>
        <AdminError message={verify.error === null ? null : `The check could not be run: ${verify.error}`} />
        {verdict !== null && (
          <div
            className={verdict.ok ? 'admin-verdict admin-verdict--ok' : 'admin-verdict admin-verdict--broken'}
            role={verdict.ok ? 'status' : 'alert'}
            data-testid="audit-verdict"
          >
            <p className="admin-verdict__headline">
              <span aria-hidden="true">{verdict.ok ? '✓ ' : '✕ '}</span>
              {verdict.headline}
            </p>
            {verdict.details.map((d) => (
              <p key={d} className="admin-verdict__detail">
                {d}
              </p>
            ))}
          </div>
        )}
      </section>

      <AuditFiltersForm key={JSON.stringify(applied)} applied={applied} onApply={onApply} error={filterError} />
      <p>
        <a href={csvHref} download>
          Download these entries as CSV
        </a>{' '}
        <span className="admin-note">(every entry matching the filters, up to 50,000)</span>
      </p>

      <ErrorBanner title="Could not load the audit log:" error={error} />
      {page === null ? (
        error === null && <p role="status">Loading…</p>
      ) : page.entries.length === 0 ? (
        <p>No entries match{older ? ' on this page' : ''}.</p>
      ) : (
        <table className="admin-table admin-table--audit" aria-label="Audit entries, newest first">
          <ColumnHeads
            columns={['Time', 'Actor', 'Role', 'Action', 'Outcome', 'Ward', 'Patient id', 'Address', 'Detail']}
          />
          <tbody>
            {page.entries.map((e) => (
              <tr key={e.seq} className={e.outcome === 'success' ? undefined : `admin-row--${e.outcome}`}>
                <td className="admin-nowrap">{auditTimeOf(e.at)}</td>
                <td>
                  {e.actorName ?? e.actorId ?? '—'}
                  <span className="admin-subject">
                    {ACTOR_KIND[e.actorKind]}
                    {e.actorId !== null && e.actorName !== null && `, ${e.actorId}`}
                  </span>
                </td>
                <td>{roleWords(e.role)}</td>
                <td>{AUDIT_ACTION_WORDS[e.action] ?? e.action}</td>
                <td>{AUDIT_OUTCOME_WORDS[e.outcome] ?? e.outcome}</td>
                <td>{e.wardId ?? '—'}</td>
                <td className="admin-code">{e.patientId ?? '—'}</td>
                <td>{e.address ?? '—'}</td>
                <td className="admin-detail">{detailWords(e.detail)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="admin-pages">
        {older && (
          <button type="button" className="admin-button" onClick={onNewest}>
            Back to the newest entries
          </button>
        )}{' '}
        {onOlder !== null && (
          <button type="button" className="admin-button" onClick={onOlder}>
            Older entries
          </button>
        )}
      </p>
    </main>
  );
}
