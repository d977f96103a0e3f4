/**
 * /admin/tokens: create a token (its secret shown once, then gone from the page), and the list of
 * tokens with Revoke. Data and actions come in through props.
 */
import {
  ROLE_LABELS,
  type TokenCreated,
  type TokenCreateRequest,
  type TokenView,
  type WardSummary,
} from '@wardflow/shared';
import { useState } from 'react';
import { ColumnHeads } from '../ui/ColumnHeads';
import { ErrorBanner } from '../ui/ErrorBanner';
import { scopeText, stampOf } from './admin-format';
import { AdminError, useRowAction } from './AdminError';
import { AdminHeader } from './AdminHeader';
import { ConfirmButton } from './ConfirmButton';
import { TokenCreateForm } from './TokenCreateForm';
import { TokenSecret } from './TokenSecret';

export interface TokensScreenProps {
  tokens: TokenView[] | null;
  error: string | null;
  wards: readonly WardSummary[];
  onCreate: (request: TokenCreateRequest) => Promise<TokenCreated>;
  onRevoke: (token: TokenView) => Promise<unknown>;
}

export function TokensScreen({ tokens, error, wards, onCreate, onRevoke }: TokensScreenProps) {
  // The secret lives only here, in memory, until the person hides it: never stored, never reloaded.
  const [created, setCreated] = useState<TokenCreated | null>(null);
  const names = new Map<string, string>([
    ...wards.map((w): [string, string] => [w.id, w.name]),
    ...wards.map((w): [string, string] => [w.siteId, w.siteName]),
  ]);
  const create = async (request: TokenCreateRequest) => setCreated(await onCreate(request));
  const { run: revoke, error: revokeError } = useRowAction(
    onRevoke,
    (token, reason) => `“${token.name}” was not revoked: ${reason}`,
  );
  return (
    <main className="admin">
      <AdminHeader title="API tokens">
        For the trust’s own programs that read Wardflow. A token acts with the roles and reach given here; it never sees
        patient detail.
      </AdminHeader>
      <ErrorBanner title="Could not load the tokens:" error={error} />
      {created !== null ? (
        <TokenSecret created={created} onDone={() => setCreated(null)} />
      ) : (
        <TokenCreateForm wards={wards} onCreate={create} />
      )}
      <section aria-labelledby="tokens-list">
        <h2 id="tokens-list">Tokens</h2>
        <AdminError message={revokeError} />
        {tokens === null ? (
          error === null && <p role="status">Loading…</p>
        ) : tokens.length === 0 ? (
          <p>No tokens yet.</p>
        ) : (
          <table className="admin-table" aria-label="Tokens">
            <ColumnHeads
              columns={['Name', 'Starts with', 'Roles', 'Reaches', 'Created', 'Expires', 'Last used', 'Status']}
            />
            <tbody>
              {tokens.map((t) => (
                <tr key={t.id} className={t.revokedAt === null ? undefined : 'admin-row--ended'}>
                  <th scope="row">{t.name}</th>
                  <td className="admin-code">{t.prefix}…</td>
                  <td>{t.roles.map((r) => ROLE_LABELS[r]).join(', ')}</td>
                  <td>{scopeText(t.wards, t.sites, names)}</td>
                  <td>
                    {stampOf(t.createdAt)} by {t.createdBy}
                  </td>
                  <td>{stampOf(t.expiresAt)}</td>
                  <td>{stampOf(t.lastUsedAt, 'never')}</td>
                  <td>
                    {t.revokedAt !== null ? (
                      `Revoked ${stampOf(t.revokedAt)}`
                    ) : (
                      <ConfirmButton
                        label="Revoke"
                        accessibleName={`Revoke ${t.name}`}
                        question={`Revoke “${t.name}”? Programs using it stop working at once.`}
                        onConfirm={() => revoke(t)}
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </main>
  );
}
