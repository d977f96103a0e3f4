/**
 * "Data as of 13:55 GMT" (CS-1) with the freshness in words (CS-2), and a banner when the numbers on
 * the page are not current: which wards, and why, so nobody acts on old counts without knowing.
 */
import type { Freshness } from '@wardflow/shared';
import { freshnessLabel, londonTimeOf } from '../display/format';
import { ErrorBanner } from '../ui/ErrorBanner';

export interface NotCurrentWard {
  wardName: string;
  freshness: Freshness;
  asOf: string | null;
  staleReason?: string;
}

interface SitesDataLineProps {
  asOf: string | null;
  freshness: Freshness;
  /** The wards behind the numbers that are not current, with their reasons. */
  notCurrent: NotCurrentWard[];
  /** Why the latest reload failed, when it did. */
  error: string | null;
}

const ERROR_CLASS = 'sites-banner sites-banner--error';

/** Before the first answer: why it failed, or that it is on its way. */
export function SitesPending({ failed, loading, error }: { failed: string; loading: string; error: string | null }) {
  return error !== null ? (
    <ErrorBanner title={failed} error={error} className={ERROR_CLASS} />
  ) : (
    <p className="sites-note" role="status">
      {loading}
    </p>
  );
}

export function SitesDataLine({ asOf, freshness, notCurrent, error }: SitesDataLineProps) {
  return (
    <>
      <p className="sites-asof">
        <span data-testid="sites-as-of">{asOf === null ? 'No data yet' : `Data as of ${londonTimeOf(asOf)}`}</span>
        <span className={`sites-fresh sites-fresh--${freshness}`} data-testid="sites-freshness">
          {freshnessLabel(freshness)}
        </span>
      </p>
      <ErrorBanner title="Could not refresh:" error={error} className={ERROR_CLASS}>
        {asOf !== null && ' The figures below are the last ones received.'}
      </ErrorBanner>
      {notCurrent.length > 0 && (
        <div
          className={`sites-banner sites-banner--${freshness === 'expired' ? 'expired' : 'stale'}`}
          role="status"
          data-testid="sites-not-current"
        >
          <strong>
            {freshness === 'expired' ? 'NOT CURRENT: ' : 'May be out of date: '}
            {notCurrent.length === 1 ? '1 ward' : `${notCurrent.length} wards`}
          </strong>
          <ul className="sites-banner__list">
            {notCurrent.map((w) => (
              <li key={w.wardName}>
                {w.wardName}: {freshnessLabel(w.freshness)}
                {w.asOf === null ? '' : `, data as of ${londonTimeOf(w.asOf)}`}
                {w.staleReason === undefined ? '' : ` (${w.staleReason})`}
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
