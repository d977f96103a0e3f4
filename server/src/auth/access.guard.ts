/**
 * The one guard (SEC-2, SEC-4): every REST route and every socket event passes through it. It reads
 * the handler's declared policy and refuses when there is none; otherwise it needs a caller (401), the
 * right kind of caller (people only, for patient detail), and a grant holding one of the capabilities
 * over the ward or site the request names (403). Ids are checked for shape before any lookup (400).
 * A ward that does not exist is a 404 only for a caller who could have seen it; to anyone else it
 * looks the same as a ward out of scope.
 */
import {
  BadRequestException,
  ForbiddenException,
  Injectable,
  Logger,
  NotFoundException,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { grantsAllow, type AccessTarget, type AuditAction, type Identity } from '@wardflow/shared';
import type { Request } from 'express';
import type { Socket } from 'socket.io';
import { AuditService } from '../audit/audit.service.js';
import { ACCESS_POLICY, AUDIT_REFUSALS, type AccessPolicy, type ScopeSource } from '../core/access.decorators.js';
import { callerOf, type Caller } from '../core/identity.js';
import { recordRoutePattern } from '../logging/route-pattern.js';
import { WardDirectory } from './ward-directory.service.js';

type GuardedPolicy = Extract<AccessPolicy, { public: false }>;

/** FHIR ids are [A-Za-z0-9-.]{1,64}; sources may prefix them. Anything else is refused before a lookup. */
export const ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger(AccessGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly wards: WardDirectory,
    private readonly audit: AuditService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    recordRoutePattern(context);
    try {
      return await this.check(context);
    } catch (refusal) {
      const action = this.reflector.get<AuditAction | undefined>(AUDIT_REFUSALS, context.getHandler());
      const { caller, lookup } = this.read(context);
      // Refusals of someone who presented a credential are audited; anonymous probes are not (they are
      // nobody to hold to account, and writing one row each would let anyone fill the log).
      const identified = caller.identity !== null || caller.ended !== null;
      if (
        action !== undefined &&
        identified &&
        (refusal instanceof UnauthorizedException || refusal instanceof ForbiddenException)
      ) {
        const wardId = lookup({ ward: 'wardId', from: 'params' });
        await this.audit.record(caller, action, 'denied', {
          wardId: typeof wardId === 'string' && ID_PATTERN.test(wardId) ? wardId : null,
          detail: { reason: refusal.message.slice(0, 200) },
        });
      }
      throw refusal;
    }
  }

  private async check(context: ExecutionContext): Promise<boolean> {
    const policy = this.reflector.getAllAndOverride<AccessPolicy | undefined>(ACCESS_POLICY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (policy === undefined) {
      this.logger.error(`${context.getClass().name}.${context.getHandler().name} declares no access policy: refused`);
      throw new ForbiddenException('This endpoint declares no access policy and is refused.');
    }
    if (policy.public) return true;
    const { caller, lookup } = this.read(context);
    const identity = caller.identity;
    if (identity === null) {
      throw new UnauthorizedException({
        statusCode: 401,
        message: signInMessage(caller),
        reason: caller.ended ?? 'no-credential',
      });
    }
    if (policy.peopleOnly && identity.kind !== 'user')
      throw new ForbiddenException('Only a signed-in member of staff may see this.');
    const target = await this.target(policy.target, lookup, policy.capabilities, identity);
    if (!policy.capabilities.some((c) => grantsAllow(identity.grants, c, target))) {
      throw new ForbiddenException(
        target === 'anywhere' || target === 'trust'
          ? 'Your role does not include this.'
          : 'Your role does not cover this ward or site.',
      );
    }
    return true;
  }

  private read(context: ExecutionContext): { caller: Caller; lookup: (source: ScopeSource) => unknown } {
    if (context.getType() === 'ws') {
      const socket = context.switchToWs().getClient<Socket>();
      const body: unknown = context.switchToWs().getData();
      const caller = (socket.data as { caller?: Caller }).caller ?? { identity: null, ended: null, address: null };
      return { caller, lookup: (source) => fieldOf(body, 'ward' in source ? source.ward : source.site) };
    }
    const req = context.switchToHttp().getRequest<Request>();
    return {
      caller: callerOf(req),
      lookup: (source) => {
        const name = 'ward' in source ? source.ward : source.site;
        return fieldOf(source.from === 'params' ? req.params : source.from === 'query' ? req.query : req.body, name);
      },
    };
  }

  private async target(
    spec: GuardedPolicy['target'],
    lookup: (source: ScopeSource) => unknown,
    capabilities: GuardedPolicy['capabilities'],
    identity: Identity,
  ): Promise<AccessTarget> {
    if (spec === 'trust' || spec === 'anywhere') return spec;
    const raw = lookup(spec);
    const name = 'ward' in spec ? spec.ward : spec.site;
    if (raw === undefined && 'ward' in spec && spec.optional === true) return 'anywhere';
    if (typeof raw !== 'string' || !ID_PATTERN.test(raw))
      throw new BadRequestException(`${name}: expected an id of 1-128 letters, digits, ".", "_", ":" or "-"`);
    const couldSeeAny = capabilities.some((c) => grantsAllow(identity.grants, c, 'anywhere'));
    if ('ward' in spec) {
      const ward = await this.wards.find(raw);
      if (ward === null) {
        if (couldSeeAny) throw new NotFoundException(`Unknown ward ${raw}`);
        throw new ForbiddenException('Your role does not cover this ward or site.');
      }
      return { ward };
    }
    if (!(await this.wards.siteExists(raw)) && couldSeeAny) throw new NotFoundException(`Unknown site ${raw}`);
    return { site: raw };
  }
}

function fieldOf(container: unknown, name: string): unknown {
  return container !== null && typeof container === 'object' && Object.hasOwn(container, name)
    ? (container as Record<string, unknown>)[name]
    : undefined;
}

function signInMessage(caller: Caller): string {
  switch (caller.ended) {
    case 'session-idle':
      return 'You were signed out after a time without use. Sign in again.';
    case 'session-expired':
      return 'Your session reached its time limit. Sign in again.';
    case 'session-revoked':
      return 'Your session was ended by an administrator. Sign in again.';
    case 'signed-out':
      return 'You signed out. Sign in again.';
    case 'device-revoked':
      return 'This screen has been removed.';
    case 'token-revoked':
      return 'This API token was revoked.';
    case 'token-expired':
      return 'This API token has expired.';
    case null:
      return 'Sign in to see this.';
  }
}
