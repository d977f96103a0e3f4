/**
 * The caller, as every route and socket handler sees it: an `Identity` (shared/access) resolved once
 * per request or per socket handshake by the CredentialsService, or null. `ref` says which credential
 * it came from, so a revocation can find every socket that used it.
 */
import type { AccessEndedReason, Identity, PrincipalKind } from '@wardflow/shared';
import type { Request } from 'express';

export interface CredentialRef {
  kind: PrincipalKind;
  id: string;
}

export interface Caller {
  identity: Identity | null;
  /** A credential was presented but no longer works: why (the client says so rather than "sign in"). */
  ended: AccessEndedReason | null;
  /** The client's address (after `trust proxy`), for the audit log and rate limits. */
  address: string | null;
}

export interface RequestWithCaller extends Request {
  caller?: Caller;
}

export const ANONYMOUS: Caller = { identity: null, ended: null, address: null };

export function callerOf(req: Request): Caller {
  return (req as RequestWithCaller).caller ?? { ...ANONYMOUS, address: req.ip ?? null };
}

/** The name the audit log and "acknowledged by" record for an identity. */
export function actorName(identity: Identity): string {
  return identity.kind === 'user'
    ? identity.name
    : `${identity.kind === 'device' ? 'Screen' : 'Token'} "${identity.name}"`;
}
