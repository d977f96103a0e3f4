/** The token form's contents and the request they make, with what is missing said in words. Pure. */
import type { Role, TokenCreateRequest } from '@wardflow/shared';

export interface TokenDraft {
  name: string;
  roles: Role[];
  scope: 'trust' | 'chosen';
  wards: string[];
  sites: string[];
  /** As typed. */
  days: string;
}

export const EMPTY_TOKEN_DRAFT: TokenDraft = { name: '', roles: [], scope: 'chosen', wards: [], sites: [], days: '90' };

export function tokenRequest(draft: TokenDraft): { request: TokenCreateRequest } | { error: string } {
  const name = draft.name.trim();
  if (name === '') return { error: 'Name the token after the program that will use it.' };
  if (draft.roles.length === 0) return { error: 'Choose at least one role.' };
  if (draft.scope === 'chosen' && draft.wards.length === 0 && draft.sites.length === 0)
    return { error: 'Choose at least one ward or site, or the whole trust.' };
  const days = Number(draft.days);
  if (!/^\d+$/.test(draft.days.trim()) || days < 1 || days > 366)
    return { error: 'Expiry must be a whole number of days from 1 to 366.' };
  const scope =
    draft.scope === 'trust' ? { wards: '*' as const, sites: '*' as const } : { wards: draft.wards, sites: draft.sites };
  return { request: { name, roles: draft.roles, ...scope, expiresInDays: days } };
}
