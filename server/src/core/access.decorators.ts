/**
 * Every route and socket event declares who may call it (SEC-2, secure by default): `@Public()` for
 * the few that need no credential, `@Allow(...)` for the rest. The AccessGuard refuses anything that
 * declares neither, and a test walks every controller and the gateway to keep it so.
 */
import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { AuditAction, Capability, Identity } from '@wardflow/shared';
import type { Socket } from 'socket.io';
import { callerOf, type Caller } from './identity.js';

export const ACCESS_POLICY = 'wardflow:access-policy';

/**
 * Where the ward or site in scope comes from: a route parameter, a query parameter, or a field of the
 * socket message (or JSON body). `optional`: when absent the handler filters a list by scope itself.
 */
export type ScopeSource =
  | { ward: string; from: 'params' | 'query' | 'body'; optional?: boolean }
  | { site: string; from: 'params' | 'query' | 'body' };

export type AccessPolicy =
  | { public: true }
  | {
      public: false;
      /** Any one of these, at the target. */
      capabilities: readonly Capability[];
      /** A ward or site from the request; 'trust' (every ward); 'anywhere' (the handler filters by scope). */
      target: ScopeSource | 'trust' | 'anywhere';
      /** Signed-in people only: never a screen or a token (patient detail). */
      peopleOnly: boolean;
    };

/** No credential needed: liveness, the sign-in flow, a screen asking for a pairing code. */
export const Public = () => SetMetadata(ACCESS_POLICY, { public: true } satisfies AccessPolicy);

export const Allow = (
  capabilities: Capability | readonly Capability[],
  target: ScopeSource | 'trust' | 'anywhere' = 'anywhere',
  options: { peopleOnly?: boolean } = {},
) =>
  SetMetadata(ACCESS_POLICY, {
    public: false,
    capabilities: typeof capabilities === 'string' ? [capabilities] : capabilities,
    target,
    peopleOnly: options.peopleOnly ?? false,
  } satisfies AccessPolicy);

export const AUDIT_REFUSALS = 'wardflow:audit-refusals';

/** The guard audits a refusal of this route (401, 403) under `action`, outcome "denied". */
export const AuditRefusals = (action: AuditAction) => SetMetadata(AUDIT_REFUSALS, action);

/** The caller of this request or socket (identity null on public routes without a credential). */
export const CurrentCaller = createParamDecorator((_data: unknown, context: ExecutionContext): Caller => {
  if (context.getType() === 'ws')
    return (
      (context.switchToWs().getClient<Socket>().data as { caller?: Caller }).caller ?? {
        identity: null,
        ended: null,
        address: null,
      }
    );
  return callerOf(context.switchToHttp().getRequest());
});

/** The identity of a request that passed an `@Allow` policy (never null there). */
export const CurrentIdentity = createParamDecorator((_data: unknown, context: ExecutionContext): Identity => {
  const caller =
    context.getType() === 'ws'
      ? (context.switchToWs().getClient<Socket>().data as { caller?: Caller }).caller
      : callerOf(context.switchToHttp().getRequest());
  if (caller?.identity == null) throw new Error('CurrentIdentity used on a route without an @Allow policy');
  return caller.identity;
});
