import type { Board } from '@wardflow/shared';
import type { ConnectionStatus } from '../live/connection-monitor';
import { ErrorBanner } from '../ui/ErrorBanner';
import { BedGrid } from './BedGrid';
import { ConnectionLostOverlay, RestartingNotice } from './ConnectionLostOverlay';
import { DisplayHeader } from './DisplayHeader';
import { screenFreshness } from './format';
import { FreshnessBanner } from './FreshnessBanner';
import { SafetyStrip } from './SafetyStrip';
import { UnplacedNotice } from './UnplacedNotice';

export interface WardDisplayProps {
  wardId: string;
  board: Board | null;
  /** Estimated server time (epoch ms); null until the server has said anything. */
  serverNow: number | null;
  connection: ConnectionStatus;
  /** The server refused or did not answer the subscription. */
  error: string | null;
}

/** Before the first board: waiting (and for what), refused, or disconnected; the huddle view shows the same. */
export function NoBoardYet({ wardId, connection, error }: Pick<WardDisplayProps, 'wardId' | 'connection' | 'error'>) {
  return (
    <main className="display display--empty">
      <div className="display-empty">
        <h1 className="display-empty__title">{error === null ? 'Waiting for first data' : 'Cannot show this ward'}</h1>
        <p className="display-empty__detail">
          {error ??
            (connection === 'connecting' ? 'Connecting to the Wardflow server…' : `Subscribing to ward ${wardId}…`)}
        </p>
      </div>
      {connection === 'lost' && <ConnectionLostOverlay asOf={null} />}
      {connection === 'restarting' && <RestartingNotice />}
    </main>
  );
}

/** More beds than this do not fit a 1920x1080 screen legibly: they go on pages that turn by themselves. */
export const BEDS_PER_PAGE = 40;
export const PAGE_TURN_MS = 20_000;

/**
 * The page on screen, from server time rather than a timer: every screen on the ward shows the same
 * page, and an unattended screen never needs scrolling (nobody is there to scroll it).
 */
export function bedPage<T>(beds: readonly T[], now: number): { beds: T[]; index: number; count: number } {
  const count = Math.max(1, Math.ceil(beds.length / BEDS_PER_PAGE));
  const index = count === 1 ? 0 : Math.floor(now / PAGE_TURN_MS) % count;
  // Pages share the load evenly (41 beds: 21 + 20, not 40 + 1), so the grid keeps one card size.
  const size = Math.ceil(beds.length / count);
  return { beds: beds.slice(index * size, (index + 1) * size), index, count };
}

/** The ward wall display: pure, so every state the screen can be in is testable without a server. */
export function WardDisplay({ wardId, board, serverNow, connection, error }: WardDisplayProps) {
  if (board === null) return <NoBoardYet wardId={wardId} connection={connection} error={error} />;

  // The board carries the server time it was composed at: a fallback until the clock is synced.
  const now = serverNow ?? Date.parse(board.serverTime);
  const freshness = screenFreshness(board, now);
  const riskColours = freshness === 'fresh' || freshness === 'stale';
  const page = bedPage(board.beds, now);
  return (
    <main className={`display display--${freshness}`}>
      <DisplayHeader
        board={board}
        freshness={freshness}
        connectionLost={connection === 'lost'}
        restarting={connection === 'restarting'}
        now={now}
      />
      <SafetyStrip safety={board.safety} staffing={board.staffing} riskColours={riskColours} now={now} />
      <ErrorBanner title="Server problem:" error={error} />
      <FreshnessBanner board={board} freshness={freshness} />
      <UnplacedNotice unplaced={board.unplaced} showInitials={board.ward.displayLabel === 'initials'} />
      {page.count > 1 && (
        <p className="display-page" aria-live="off">
          Page {page.index + 1} of {page.count} · {page.beds[0]?.label} to {page.beds.at(-1)?.label} · turns every{' '}
          {PAGE_TURN_MS / 1000} s
        </p>
      )}
      {board.beds.length > 0 ? (
        <BedGrid beds={page.beds} allBeds={board.beds} now={now} riskColours={riskColours} />
      ) : (
        <div className="display-empty">
          <p className="display-empty__detail">No beds to show yet.</p>
        </div>
      )}
      {connection === 'lost' && <ConnectionLostOverlay asOf={board.asOf} />}
    </main>
  );
}
