/**
 * Writes the audit log (SEC-6): who (a person, a screen, a token, or nobody signed in) with which
 * role, did what, to which ward and patient (FHIR ids only), from where, and how it ended. A write
 * that fails fails the request: patient detail is never shown unaudited (its row is written before
 * the answer). A change (an enrolment, a revoke) is written just before its row, so a database failure
 * in between leaves the change made and the request failed: the person sees it and the logs say so.
 */
import { Inject, Injectable } from '@nestjs/common';
import {
  ROLE_CAPABILITIES,
  type AuditAction,
  type AuditEntry,
  type AuditOutcome,
  type Capability,
  type Identity,
} from '@wardflow/shared';
import { CLOCK, type Clock } from '../core/tokens.js';
import { AuditRepository } from '../store/audit.repository.js';
import type { Caller } from '../core/identity.js';

export interface AuditFacts {
  /** The capability the action needed: the role recorded is the caller's role that holds it. */
  capability?: Capability;
  wardId?: string | null;
  patientId?: string | null;
  detail?: Record<string, string | number | boolean | null>;
  /** For actions before an identity exists (a failed sign-in): who it claimed to be. */
  actor?: { id: string | null; name: string | null };
}

@Injectable()
export class AuditService {
  constructor(
    private readonly repository: AuditRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async record(
    caller: Caller,
    action: AuditAction,
    outcome: AuditOutcome,
    facts: AuditFacts = {},
  ): Promise<AuditEntry> {
    const identity = caller.identity;
    // A person is recorded by the identity provider's stable id (the same in every session), with the session beside it.
    const session: Record<string, string> = identity?.kind === 'user' ? { session: identity.id } : {};
    return this.repository.append({
      at: new Date(this.clock()),
      actorKind: identity?.kind ?? 'anonymous',
      actorId: identity?.subject ?? identity?.id ?? facts.actor?.id ?? null,
      actorName: identity?.name ?? facts.actor?.name ?? null,
      role: identity === null ? null : roleUsed(identity, facts.capability),
      action,
      outcome,
      wardId: facts.wardId ?? null,
      patientId: facts.patientId ?? null,
      detail: { ...session, ...facts.detail },
      address: caller.address,
    });
  }

  /** An action Wardflow took by itself (a file picked up from the drop folder): actor kind `system`, named. */
  async recordSystem(
    actorName: string,
    action: AuditAction,
    outcome: AuditOutcome,
    facts: Omit<AuditFacts, 'actor' | 'capability'> = {},
  ): Promise<AuditEntry> {
    return this.repository.append({
      at: new Date(this.clock()),
      actorKind: 'system',
      actorId: null,
      actorName,
      role: null,
      action,
      outcome,
      wardId: facts.wardId ?? null,
      patientId: facts.patientId ?? null,
      detail: { ...facts.detail },
      address: null,
    });
  }
}

/** The caller's role that holds the capability, or all their roles when none was named. */
export function roleUsed(identity: Identity, capability: Capability | undefined): string {
  const roles = [...new Set(identity.grants.map((g) => g.role))];
  if (capability === undefined) return roles.join(',');
  return roles.find((r) => ROLE_CAPABILITIES[r].includes(capability)) ?? roles.join(',');
}
