/**
 * /admin/config: what this server runs with, read-only, in sections a trust's IT team can check
 * against their deployment notes. The server leaves every secret out. Pure.
 */
import { ROLE_LABELS, type ConfigView } from '@wardflow/shared';
import type { ReactNode } from 'react';
import { durationWords } from '../auth/access-words';
import { ColumnHeads } from '../ui/ColumnHeads';
import { ErrorBanner } from '../ui/ErrorBanner';
import { scopeText } from './admin-format';
import { AdminHeader } from './AdminHeader';

export interface ConfigScreenProps {
  config: ConfigView | null;
  error: string | null;
}

const yesNo = (value: boolean) => (value ? 'Yes' : 'No');

function Facts({ title, rows }: { title: string; rows: Array<[string, ReactNode]> }) {
  const id = `config-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  return (
    <section className="admin-facts" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <dl>
        {rows.map(([label, value]) => (
          <div key={label} className="admin-facts__row">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

export function ConfigScreen({ config, error }: ConfigScreenProps) {
  return (
    <main className="admin">
      <AdminHeader title="Configuration">
        What this Wardflow server runs with. Read-only: it is set in the server’s environment and files. Secrets are
        never shown.
      </AdminHeader>
      <ErrorBanner title="Could not load the configuration:" error={error} />
      {config === null ? error === null && <p role="status">Loading…</p> : <ConfigSections config={config} />}
    </main>
  );
}

function ConfigSections({ config: c }: { config: ConfigView }) {
  const wardNames = new Map<string, string>([...c.wards.map((w): [string, string] => [w.id, w.name])]);
  return (
    <>
      <Facts
        title="Server"
        rows={[
          ['Process role', c.role],
          ['Public address', c.publicUrl],
          ['Listens on', `${c.host}:${c.port}`],
          ['Trusted proxies', c.trustProxy === false ? 'None' : c.trustProxy],
          ['Demo mode', yesNo(c.demo)],
          ['Database', c.database === 'pglite' ? 'Embedded (PGlite)' : 'PostgreSQL'],
          ['Redis', c.redis],
          ['Audit entries kept for', `${c.auditRetentionDays} days`],
        ]}
      />
      <Facts
        title="FHIR server"
        rows={[
          ['Address', c.fhir.baseUrl ?? 'Not set'],
          ['Authentication', c.fhir.auth],
          ['Request time limit', durationWords(c.fhir.timeoutMs)],
          ['Each ward read every', durationWords(c.fhir.pollIntervalMs)],
        ]}
      />
      <Facts
        title="Sign-in (OpenID Connect)"
        rows={[
          ['Identity provider', c.oidc.issuer],
          ['Client id', c.oidc.clientId],
          ['Client authentication', c.oidc.clientAuth],
          ['Scopes', c.oidc.scopes],
          ['Built-in test provider', c.oidc.embedded ? 'Yes: for trying Wardflow out only, not for real use' : 'No'],
        ]}
      />
      <Facts
        title="Sessions"
        rows={[
          ['Signed out after no use for', durationWords(c.sessions.idleTimeoutMs)],
          ['Signed out at the latest after', durationWords(c.sessions.absoluteTimeoutMs)],
          ['Cookie', c.sessions.cookieName],
          ['Cookie sent over HTTPS only', yesNo(c.sessions.secure)],
        ]}
      />
      <section className="admin-facts" aria-labelledby="config-roles">
        <h2 id="config-roles">Who gets which role</h2>
        <p>
          Roles come from the identity provider’s <code>{c.access.claim}</code> claim; names from{' '}
          <code>{c.access.nameClaim}</code>.
        </p>
        {c.access.rules.length === 0 ? (
          <p>No rules: nobody can be given a role.</p>
        ) : (
          <table className="admin-table" aria-label="Role rules">
            <ColumnHeads columns={['Claim value', 'Only with', 'Role', 'Reaches']} />
            <tbody>
              {c.access.rules.map((r) => (
                <tr key={`${r.value}-${r.role}`}>
                  <td className="admin-code">{r.value}</td>
                  <td>
                    {r.requires === undefined
                      ? '—'
                      : Object.entries(r.requires)
                          .map(([k, v]) => `${k} = ${v}`)
                          .join(', ')}
                  </td>
                  <td>{ROLE_LABELS[r.role]}</td>
                  <td>{scopeText(r.wards, r.sites, wardNames)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="admin-facts" aria-labelledby="config-wards">
        <h2 id="config-wards">Wards</h2>
        <table className="admin-table" aria-label="Wards configured">
          <ColumnHeads columns={['Ward', 'Id', 'Site', 'Profile', 'Wall screens show', 'Mental Health Act on wall']} />
          <tbody>
            {c.wards.map((w) => (
              <tr key={w.id}>
                <th scope="row">{w.name}</th>
                <td className="admin-code">{w.id}</td>
                <td>{w.siteId}</td>
                <td>{w.profile === 'acute' ? 'Acute' : w.profile === 'mental-health' ? 'Mental health' : w.profile}</td>
                <td>{w.displayLabel === 'initials' ? 'Initials' : 'Bed numbers only'}</td>
                <td>{yesNo(w.showMentalHealthAct)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <Facts
        title="Weekly digest"
        rows={[
          ['Schedule', c.digest.schedule],
          ['Sent by', c.digest.smtp],
          ['From', c.digest.from],
          [
            'Allowed email domains',
            c.digest.emailDomains.length === 0 ? 'None: no digest email may be sent' : c.digest.emailDomains.join(', '),
          ],
        ]}
      />
      <Facts
        title="Staffing and incident feeds"
        rows={[
          ['Drop folder', c.feeds.dropDir],
          ['Looked in every', durationWords(c.feeds.scanIntervalMs)],
          ['A file is read once unchanged for', durationWords(c.feeds.settleMs)],
        ]}
      />
      <Facts
        title="History"
        rows={[
          [
            'Backfilled from FHIR on first start',
            c.historyBackfillDays === 0 ? 'No (an admin can ask at History backfill)' : `${c.historyBackfillDays} days`,
          ],
        ]}
      />
    </>
  );
}
