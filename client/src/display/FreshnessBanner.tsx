import type { Board } from '@wardflow/shared';
import { londonTimeOf, type ScreenFreshness } from './format';

interface FreshnessBannerProps {
  board: Board;
  freshness: ScreenFreshness;
}

/** Says plainly when the screen cannot vouch for what it shows (CS-2); silent when data is current. */
export function FreshnessBanner({ board, freshness }: FreshnessBannerProps) {
  const lastUpdated = board.asOf === null ? '' : `last updated ${londonTimeOf(board.asOf)}`;
  const reason = board.staleReason ?? null;
  switch (freshness) {
    case 'fresh':
      return null;
    case 'waiting':
      return (
        <div className="banner banner--waiting" role="status">
          <strong>Waiting for first data</strong>
          {reason !== null && <span> — {reason}</span>}
        </div>
      );
    case 'stale':
      return (
        <div className="banner banner--stale" role="status">
          <span aria-hidden="true">⚠ </span>
          <strong>Data may be out of date</strong> — {lastUpdated}
          {reason !== null && <span> — {reason}</span>}
        </div>
      );
    case 'expired':
      return (
        <div className="banner banner--expired" role="alert">
          <span className="banner__headline">
            <span aria-hidden="true">✕ </span>
            NOT CURRENT — {lastUpdated}
          </span>
          <span className="banner__detail">
            {reason !== null && `${reason}. `}Risk colours off: check patients directly.
          </span>
        </div>
      );
  }
}
