/**
 * /admin/tokens: create a token (its secret shown once, then gone from the page), and the list of
 * tokens with Revoke. Data and actions come in through props.
 */
import { ROLE_LABELS, type TokenCreated, type TokenCreateRequest, type TokenView, type WardSummary } from '@wardflow/shared';
import { useState } from 'react';
import { scopeText, stampOf } from './admin-format';
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
  const [revokeError, setRevokeError] = useState<string | null>(null);
  const names = new Map<string, string>([...wards.map((w): [string, string] => [w.id, w.name]), ...wards.map((w): [string, string] => [w.siteId, w.siteName])]);
  const create = async (request: TokenCreateRequest) => setCreated(await onCreate(request));
  const revoke = (token: TokenView) => {
    setRevokeError(null);
    onRevoke(token).catch((e: unknown) => setRevokeError(`“${token.name}” was not revoked: ${(e as Error).message}`));
  };
  return (
    <main className="admin">
      <AdminHeader title="API tokens">For the trust’s own programs that read Wardflow. A token acts with the roles and reach given here; it never sees patient detail.</AdminHeader>
      {error !== null && (
        <div className="banner banner--error" role="alert">
          <strong>Could not load the tokens:</strong> {error}
        </div>
      )}
      {created !== null ? <TokenSecret created={created} onDone={() => setCreated(null)} /> : <TokenCreateForm wards={wards} onCreate={create} />}
      <section aria-labelledby="tokens-list">
        <h2 id="tokens-list">Tokens</h2>
        {revokeError !== null && (
          <p className="admin-error" role="alert">
            {revokeError}
          </p>
        )}
        {tokens === null ? (
          error === null && <p role="status">Loading…</p>
        ) : tokens.length === 0 ? (
          <p>No tokens yet.</p>
        ) : (
          <table className="admin-table" aria-label="Tokens">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Starts with</th>
                <th scope="col">Roles</th>
                <th scope="col">Reaches</th>
                <th scope="col">Created</th>
                <th scope="col">Expires</th>
                <th scope="col">Last used</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
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
                      <ConfirmButton label="Revoke" accessibleName={`Revoke ${t.name}`} question={`Revoke “${t.name}”? Programs using it stop working at once.`} onConfirm={() => revoke(t)} />
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
