/**
 * The manager view's open escalations: newest first, each with when and how long ago it was raised,
 * ward, rule, what crossed (bed labels only), and who acknowledged it, or an Acknowledge button for a
 * signed-in person whose role may acknowledge on that ward (bed managers). Pure: everything comes in
 * through props.
 */
import { ESCALATION_KINDS, grantsAllow, type EscalationView, type Identity } from '@wardflow/shared';
import { useState, type ReactNode } from 'react';
import { ColumnHeads } from '../ui/ColumnHeads';
import type { EscalationsState } from './escalation-feed';
import { ageLabel, KIND_ICON, whenLabel } from './escalation-format';

export interface EscalationsPanelProps {
  feed: EscalationsState;
  /** Who is signed in; null when nobody is. */
  identity: Identity | null;
  /** Shown when nobody is signed in (a sign-in link back to this page); absent, nothing is. */
  signIn?: ReactNode;
  /** Estimated server time, for ages; null before the first answer. */
  serverNow: number | null;
  onAcknowledge(id: number): Promise<unknown>;
}

export function EscalationsPanel({ feed, identity, signIn, serverNow, onAcknowledge }: EscalationsPanelProps) {
  const [ackError, setAckError] = useState<string | null>(null);
  const mayAcknowledge = (e: EscalationView) =>
    identity !== null &&
    grantsAllow(identity.grants, 'escalations.acknowledge', { ward: { id: e.wardId, siteId: e.siteId } });
  const acknowledge = (id: number) => {
    setAckError(null);
    onAcknowledge(id).catch((e: unknown) => setAckError((e as Error).message));
  };
  const unacknowledged = feed.open.filter((e) => e.acknowledgedBy === undefined).length;
  return (
    <section className="esc-panel" aria-labelledby="esc-title">
      <div className="esc-panel__bar">
        <h2 id="esc-title" className="esc-panel__title">
          Escalations
          <span className="esc-panel__count" data-testid="esc-count">
            {feed.open.length} open{feed.open.length > 0 ? `, ${unacknowledged} not acknowledged` : ''}
          </span>
        </h2>
        {feed.status === 'lost' && (
          <span className="esc-panel__state esc-panel__state--lost" role="status">
            <span aria-hidden="true">✕ </span>Connection lost: this list may be out of date
          </span>
        )}
        {feed.status === 'waiting' && (
          <span className="esc-panel__state" role="status">
            Loading escalations…
          </span>
        )}
        <div className="esc-panel__session">
          {identity !== null ? (
            <span>
              Signed in as <strong>{identity.name}</strong>
            </span>
          ) : (
            signIn
          )}
        </div>
      </div>
      {feed.error !== null && (
        <p className="esc-panel__error" role="alert">
          Could not load escalations: {feed.error}
        </p>
      )}
      {ackError !== null && (
        <p className="esc-panel__error" role="alert">
          Could not acknowledge: {ackError}
        </p>
      )}
      {feed.open.length > 0 && (
        <ul className="esc-summary" aria-label="Open escalations by rule">
          {byRule(feed.open).map((r) => (
            <li key={r.rule} className="esc-summary__item">
              <span className="esc-icon" aria-hidden="true">
                {KIND_ICON[r.kind ?? 'unknown']}
              </span>{' '}
              {r.label}: <strong>{r.count}</strong>
            </li>
          ))}
        </ul>
      )}
      {feed.status !== 'waiting' && feed.open.length === 0 ? (
        <p className="esc-panel__none">
          <span aria-hidden="true">✓ </span>No open escalations.
        </p>
      ) : (
        // A busy day lists dozens: the list scrolls in its own box so the sites stay on screen below it.
        <div className="esc-table-wrap" tabIndex={0} role="region" aria-label="Open escalations, newest first">
          <table className="esc-table" aria-label="Open escalations">
            <ColumnHeads columns={['Raised', 'Open for', 'Ward', 'Rule', 'Detail', 'Acknowledged']} />
            <tbody>
              {feed.open.map((e) => (
                <EscalationRow
                  key={e.id}
                  escalation={e}
                  serverNow={serverNow}
                  mayAcknowledge={mayAcknowledge(e)}
                  onAcknowledge={acknowledge}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Open escalations counted per rule, most urgent kind first (what a bed manager scans before the rows). */
function byRule(
  open: readonly EscalationView[],
): Array<{ rule: string; label: string; kind: EscalationView['kind']; count: number }> {
  const rules = new Map<string, { rule: string; label: string; kind: EscalationView['kind']; count: number }>();
  for (const e of open) {
    const entry = rules.get(e.rule) ?? { rule: e.rule, label: e.ruleLabel, kind: e.kind, count: 0 };
    entry.count += 1;
    rules.set(e.rule, entry);
  }
  const urgency = (k: EscalationView['kind']) => (k === null ? 0 : ESCALATION_KINDS[k].urgency);
  return [...rules.values()].sort((a, b) => urgency(b.kind) - urgency(a.kind) || a.label.localeCompare(b.label));
}

function EscalationRow({
  escalation: e,
  serverNow,
  mayAcknowledge,
  onAcknowledge,
}: {
  escalation: EscalationView;
  serverNow: number | null;
  mayAcknowledge: boolean;
  onAcknowledge(id: number): void;
}) {
  const acknowledged = e.acknowledgedBy !== undefined;
  return (
    <tr
      className={`esc-row esc-row--${e.kind ?? 'unknown'}${acknowledged ? ' esc-row--acknowledged' : ''}`}
      data-testid="esc-row"
    >
      <td className="esc-row__when">{whenLabel(e.raisedAt, serverNow)}</td>
      <td className="esc-row__age">{ageLabel(e.raisedAt, serverNow)}</td>
      <td className="esc-row__ward">{e.wardName}</td>
      <td className="esc-row__rule">
        <span className="esc-icon" aria-hidden="true">
          {KIND_ICON[e.kind ?? 'unknown']}
        </span>{' '}
        {e.ruleLabel}
      </td>
      <td className="esc-row__detail">{e.detail}</td>
      <td className="esc-row__ack">
        {acknowledged ? (
          <span>
            <span aria-hidden="true">✓ </span>
            {e.acknowledgedBy}
            {e.acknowledgedAt !== undefined && (
              <span className="esc-row__ack-time">, {whenLabel(e.acknowledgedAt, serverNow)}</span>
            )}
          </span>
        ) : mayAcknowledge ? (
          <button
            type="button"
            className="esc-ack-button"
            onClick={() => onAcknowledge(e.id)}
            aria-label={`Acknowledge ${e.ruleLabel} on ${e.wardName}: ${e.detail}`}
          >
            Acknowledge
          </button>
        ) : (
          <span className="esc-row__unacked">Not yet</span>
        )}
      </td>
    </tr>
  );
}
