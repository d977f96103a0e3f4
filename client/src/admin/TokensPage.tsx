import type { TokenCreated, TokenCreateRequest, TokenView, WardSummary } from '@wardflow/shared';
import { useCallback } from 'react';
import { apiFetch } from '../auth/api';
import { useApiGet } from '../auth/useApiGet';
import { TokensScreen } from './TokensScreen';

/** Route element for /admin/tokens (behind the tokens.manage gate, App.tsx). */
export function TokensPage() {
  const tokens = useApiGet<TokenView[]>('/api/tokens');
  const wards = useApiGet<WardSummary[]>('/api/wards');
  const reload = tokens.reload;
  const create = useCallback(
    async (request: TokenCreateRequest) => {
      const created = await apiFetch<TokenCreated>('/api/tokens', { method: 'POST', body: request });
      reload();
      return created;
    },
    [reload],
  );
  const revoke = useCallback(
    async (token: TokenView) => {
      await apiFetch<{ revoked: boolean }>(`/api/tokens/${encodeURIComponent(token.id)}`, { method: 'DELETE' });
      reload();
    },
    [reload],
  );
  return <TokensScreen tokens={tokens.data} error={tokens.error ?? wards.error} wards={wards.data ?? []} onCreate={create} onRevoke={revoke} />;
}
