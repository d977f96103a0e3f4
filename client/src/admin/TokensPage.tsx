import type { TokenCreated, TokenCreateRequest, TokenView, WardSummary } from '@wardflow/shared';
import { useApi } from '../api/useApi';
import { apiFetch } from '../auth/api';
import { deleteOne, useThenReload } from './admin-api';
import { TokensScreen } from './TokensScreen';

const createToken = (request: TokenCreateRequest) =>
  apiFetch<TokenCreated>('/api/tokens', { method: 'POST', body: request });
const revokeToken = (token: TokenView) => deleteOne('tokens', token.id);

/** Route element for /admin/tokens (behind the tokens.manage gate, App.tsx). */
export function TokensPage() {
  const tokens = useApi<TokenView[]>('/api/tokens');
  const wards = useApi<WardSummary[]>('/api/wards');
  const create = useThenReload(createToken, tokens.reload);
  const revoke = useThenReload(revokeToken, tokens.reload);
  return (
    <TokensScreen
      tokens={tokens.data}
      error={tokens.error ?? wards.error}
      wards={wards.data ?? []}
      onCreate={create}
      onRevoke={revoke}
    />
  );
}
