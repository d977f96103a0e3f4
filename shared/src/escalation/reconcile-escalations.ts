/**
 * The escalation lifecycle, pure: what to raise, keep and resolve given the open escalations and the
 * conditions true now, and whether an acknowledgement is allowed. One crossing raises one escalation
 * however many polls see it (the server's partial unique index backs this up under concurrency);
 * acknowledging records who and when but does not resolve; only the condition clearing resolves.
 */
import type { EscalationCondition } from './evaluate-escalations.js';

/** An open escalation as the lifecycle needs it. */
export interface OpenEscalation {
  id: number;
  ruleId: string;
  subject: string;
}

export interface EscalationPlan {
  /** New crossings: raise one each. */
  raise: EscalationCondition[];
  /** Still true: refresh the latest value, detail and last-seen time of the open row. */
  keep: Array<{ id: number; condition: EscalationCondition }>;
  /** Open ones whose condition no longer holds: resolve now. */
  resolve: number[];
}

const keyOf = (e: { ruleId: string; subject: string }) => `${e.ruleId}\u0000${e.subject}`;

export function reconcileEscalations(
  open: readonly OpenEscalation[],
  conditions: readonly EscalationCondition[],
): EscalationPlan {
  const openByKey = new Map(open.map((e) => [keyOf(e), e]));
  const current = new Map<string, EscalationCondition>();
  // A rule yields at most one condition per subject; should it repeat, the first counts.
  for (const c of conditions) if (!current.has(keyOf(c))) current.set(keyOf(c), c);
  const plan: EscalationPlan = { raise: [], keep: [], resolve: [] };
  for (const [key, condition] of current) {
    const existing = openByKey.get(key);
    if (existing === undefined) plan.raise.push(condition);
    else plan.keep.push({ id: existing.id, condition });
  }
  for (const e of open) if (!current.has(keyOf(e))) plan.resolve.push(e.id);
  return plan;
}

export type AcknowledgeDecision =
  { ok: true } | { ok: false; status: 'resolved' | 'already-acknowledged'; message: string };

/**
 * Whether `username` may acknowledge an escalation in this state. A resolved one cannot be: it is
 * history. Acknowledging twice keeps the first person and time (who took it on), so it is refused.
 */
export function acknowledgeDecision(state: {
  resolvedAt: string | null;
  acknowledgedBy: string | null;
}): AcknowledgeDecision {
  if (state.resolvedAt !== null)
    return { ok: false, status: 'resolved', message: 'This escalation has already resolved: its condition cleared.' };
  if (state.acknowledgedBy !== null)
    return { ok: false, status: 'already-acknowledged', message: `Already acknowledged by ${state.acknowledgedBy}.` };
  return { ok: true };
}
