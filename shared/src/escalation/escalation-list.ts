/**
 * The open-escalations list a screen keeps: the subscription's list, then each `escalation` push
 * applied to it. Shared so the manager view and the wall display order and count alike.
 */
import type { EscalationUpdate, EscalationView } from '../api/api.types.js';
import { ESCALATION_KINDS } from './escalation-rules.js';

/** Newest raised first; ties by id so the order is stable. */
export function newestFirst(list: readonly EscalationView[]): EscalationView[] {
  return [...list].sort((a, b) => Date.parse(b.raisedAt) - Date.parse(a.raisedAt) || b.id - a.id);
}

/** The open list after one update: raised or acknowledged replace or add the row, resolved removes it. */
export function applyEscalationUpdate(list: readonly EscalationView[], update: EscalationUpdate): EscalationView[] {
  const rest = list.filter((e) => e.id !== update.escalation.id);
  return update.change === 'resolved' || update.escalation.resolvedAt !== undefined
    ? rest
    : newestFirst([...rest, update.escalation]);
}

const urgencyOf = (e: EscalationView) => (e.kind === null ? 0 : ESCALATION_KINDS[e.kind].urgency);

/**
 * The escalation a wall screen names: the most urgent kind (NEWS2, then AWOL, composite, occupancy,
 * cleaning, past discharge), unacknowledged before acknowledged, then the longest open.
 */
export function mostUrgent(list: readonly EscalationView[]): EscalationView | null {
  let best: EscalationView | null = null;
  for (const e of list) {
    if (best === null) {
      best = e;
      continue;
    }
    const byKind = urgencyOf(e) - urgencyOf(best);
    const byAck = Number(best.acknowledgedBy !== undefined) - Number(e.acknowledgedBy !== undefined);
    const byAge = Date.parse(best.raisedAt) - Date.parse(e.raisedAt);
    if (byKind > 0 || (byKind === 0 && (byAck > 0 || (byAck === 0 && byAge > 0)))) best = e;
  }
  return best;
}
