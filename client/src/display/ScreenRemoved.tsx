/**
 * What a wall screen shows once the server says it was removed (SEC-3): everything else goes, so a
 * removed screen never keeps showing a board that is no longer kept up to date.
 */
interface ScreenRemovedProps {
  /** Where enrolment is approved, e.g. "https://wardflow.trust.nhs.uk/admin/devices". */
  enrolAt: string;
  /** Start pairing again (someone at the screen with a mouse or keyboard); absent, reloading the page does it. */
  onPairAgain?: () => void;
}

export function ScreenRemoved({ enrolAt, onPairAgain }: ScreenRemovedProps) {
  return (
    <main className="wall-notice wall-notice--removed">
      <div className="wall-notice__panel" role="alert">
        <h1 className="wall-notice__title">This screen has been removed</h1>
        <p className="wall-notice__detail">It is no longer enrolled, so it shows no ward data.</p>
        <p className="wall-notice__detail">
          To use it again, ask IT or the nurse in charge to enrol it again: the screen shows a new code, which they
          approve at <strong className="wall-notice__address">{enrolAt}</strong>.
        </p>
        {onPairAgain !== undefined && (
          <button type="button" className="wall-notice__button" onClick={onPairAgain}>
            Show a new pairing code
          </button>
        )}
      </div>
    </main>
  );
}
