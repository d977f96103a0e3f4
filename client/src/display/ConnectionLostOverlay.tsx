import { londonTimeOf } from './format';

interface ConnectionLostOverlayProps {
  asOf: string | null;
}

/**
 * Covers the whole screen when the server has gone quiet or the socket dropped (CS-3): nothing behind
 * it can be trusted to be current, so nobody should read it as if it were. It disappears by itself
 * once heartbeats resume.
 */
export function ConnectionLostOverlay({ asOf }: ConnectionLostOverlayProps) {
  return (
    <div className="connection-lost" role="alert">
      <div className="connection-lost__panel">
        <p className="connection-lost__title">Connection lost</p>
        <p className="connection-lost__detail">
          {asOf === null ? 'No ward data has been received yet' : `Showing data as of ${londonTimeOf(asOf)}`}
        </p>
        <p className="connection-lost__hint">Reconnecting by itself. If this stays, call IT.</p>
      </div>
    </div>
  );
}

/**
 * The server said it is restarting (a deploy): a calm line instead of the alarm, for as long as the
 * server said it might take, on screens without a board header (a ward board's header says it where
 * the data time is, covering nothing). If the server is not back in time, the connection-lost overlay
 * takes over.
 */
export function RestartingNotice() {
  return (
    <div className="restarting-notice" role="status">
      <span aria-hidden="true">↻ </span>
      The Wardflow server is restarting. This screen reconnects by itself.
    </div>
  );
}
