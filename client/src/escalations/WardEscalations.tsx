/**
 * The wall screen's header line about escalations: how many are open on the ward and the most urgent
 * in words, with an icon (CS-9). Nothing at all without an escalation feed (see EscalationsContext).
 */
import { mostUrgent } from '@wardflow/shared';
import { useReportEnded } from '../auth/SessionContext';
import { KIND_ICON } from './escalation-format';
import { useEscalations } from './EscalationsContext';
import type { EscalationsState } from './escalation-feed';

export function WardEscalations({ wardId }: { wardId: string }) {
  const feed = useEscalations(wardId);
  useReportEnded(feed?.ended ?? null);
  return feed === null ? null : <WardEscalationsSummary feed={feed} />;
}

export function WardEscalationsSummary({ feed }: { feed: EscalationsState }) {
  if (feed.status === 'waiting' || feed.ended !== null) return null;
  const top = mostUrgent(feed.open);
  const count = feed.open.length;
  return (
    <div
      className={`ward-esc ${count > 0 ? 'ward-esc--open' : 'ward-esc--none'}`}
      data-testid="ward-escalations"
      role="status"
    >
      {top === null ? (
        <span className="ward-esc__count">
          <span aria-hidden="true">✓ </span>No escalations
        </span>
      ) : (
        <>
          <span className="ward-esc__count">
            <span aria-hidden="true">⚠ </span>
            {count} {count === 1 ? 'escalation' : 'escalations'}
          </span>
          <span className="ward-esc__top">
            <span aria-hidden="true">{KIND_ICON[top.kind ?? 'unknown']} </span>
            {top.detail}
            {top.acknowledgedBy !== undefined && (
              <span className="ward-esc__ack"> (acknowledged by {top.acknowledgedBy})</span>
            )}
          </span>
        </>
      )}
    </div>
  );
}
