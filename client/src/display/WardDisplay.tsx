import type { Board } from '@wardflow/shared';
import type { ConnectionStatus } from '../live/connection-monitor';
import { BedGrid } from './BedGrid';
import { ConnectionLostOverlay } from './ConnectionLostOverlay';
import { DisplayHeader } from './DisplayHeader';
import { FreshnessBanner } from './FreshnessBanner';
import { UnplacedNotice } from './UnplacedNotice';
import { screenFreshness } from './format';

export interface WardDisplayProps {
  wardId: string;
  board: Board | null;
  /** Estimated server time (epoch ms); null until the server has said anything. */
  serverNow: number | null;
  connection: ConnectionStatus;
  /** The server refused or did not answer the subscription. */
  error: string | null;
}

/** The ward wall display: pure, so every state the screen can be in is testable without a server. */
export function WardDisplay({ wardId, board, serverNow, connection, error }: WardDisplayProps) {
  if (board === null) {
    return (
      <main className="display display--empty">
        <div className="display-empty">
          <h1 className="display-empty__title">{error === null ? 'Waiting for first data' : 'Cannot show this ward'}</h1>
          <p className="display-empty__detail">
            {error ?? (connection === 'connecting' ? 'Connecting to the Wardflow server…' : `Subscribing to ward ${wardId}…`)}
          </p>
        </div>
        {connection === 'lost' && <ConnectionLostOverlay asOf={null} />}
      </main>
    );
  }

  // The board carries the server time it was composed at: a fallback until the clock is synced.
  const now = serverNow ?? Date.parse(board.serverTime);
  const freshness = screenFreshness(board, now);
  return (
    <main className={`display display--${freshness}`}>
      <DisplayHeader board={board} freshness={freshness} connectionLost={connection === 'lost'} />
      {error !== null && (
        <div className="banner banner--error" role="alert">
          <strong>Server problem:</strong> {error}
        </div>
      )}
      <FreshnessBanner board={board} freshness={freshness} />
      <UnplacedNotice unplaced={board.unplaced} showInitials={board.ward.displayLabel === 'initials'} />
      {board.beds.length > 0 ? (
        <BedGrid beds={board.beds} now={now} riskColours={freshness === 'fresh' || freshness === 'stale'} />
      ) : (
        <div className="display-empty">
          <p className="display-empty__detail">No beds to show yet.</p>
        </div>
      )}
      {connection === 'lost' && <ConnectionLostOverlay asOf={board.asOf} />}
    </main>
  );
}
