import type { WardSummary } from '@wardflow/shared';
import { Link } from 'react-router';
import { freshnessLabel, londonDayTimeOf, londonTimeOf, type ScreenFreshness } from '../display/format';
import { ColumnHeads } from '../ui/ColumnHeads';
import { ErrorBanner } from '../ui/ErrorBanner';

interface WardListProps {
  /** The wards in the caller's scope (the server filters the list). */
  wards: WardSummary[] | null;
  /** Why the latest load failed; the last good list stays on screen beneath it. */
  error: string | null;
  /** Whether the viewer may open a ward's board and huddle view; otherwise the ward is named without links. */
  mayOpenBoard?: (ward: WardSummary) => boolean;
}

/**
 * Every ward the caller may see, with its occupancy and how current its data is, each linking to its
 * wall display and huddle view when the caller's role includes boards. Other pages are in the session bar.
 */
export function WardList({ wards, error, mayOpenBoard = () => true }: WardListProps) {
  const live = wards?.filter((w) => w.retired === null) ?? null;
  const retired = wards?.filter((w) => w.retired !== null) ?? [];
  return (
    <main className="ward-list">
      <h1 className="ward-list__title">Wards</h1>
      <ErrorBanner title="Could not load the ward list:" error={error} />
      {live === null ? (
        error === null && <p className="ward-list__note">Loading wards…</p>
      ) : live.length === 0 ? (
        <p className="ward-list__note">No wards are configured yet.</p>
      ) : (
        <table className="ward-list__table">
          <ColumnHeads columns={['Ward', 'Huddle', 'Site', 'Profile', 'Occupied', 'Data', 'Data as of']} />
          <tbody>
            {live.map((ward) => {
              const freshness: ScreenFreshness = ward.asOf === null ? 'waiting' : ward.freshness;
              const links = mayOpenBoard(ward);
              return (
                <tr key={ward.id}>
                  <td>{links ? <Link to={`/wards/${encodeURIComponent(ward.id)}`}>{ward.name}</Link> : ward.name}</td>
                  <td>
                    {links ? (
                      <Link to={`/wards/${encodeURIComponent(ward.id)}/huddle`} aria-label={`${ward.name} huddle view`}>
                        Huddle view
                      </Link>
                    ) : (
                      <span className="ward-list__none">–</span>
                    )}
                  </td>
                  <td>{ward.siteName}</td>
                  <td>{ward.profile === 'acute' ? 'Acute' : 'Mental health'}</td>
                  <td>
                    {ward.occupied}/{ward.bedCount}
                  </td>
                  <td className={`freshness freshness--${freshness}`}>{freshnessLabel(freshness)}</td>
                  <td>{ward.asOf === null ? 'No data yet' : londonTimeOf(ward.asOf)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {retired.length > 0 && <RetiredWards wards={retired} mayOpenBoard={mayOpenBoard} />}
    </main>
  );
}

/**
 * Wards no longer served (gone from the FHIR server, excluded, or of the server used before): listed
 * apart, never with a live data column, each with since when and why; their history stays readable.
 */
function RetiredWards({ wards, mayOpenBoard }: { wards: WardSummary[]; mayOpenBoard: (ward: WardSummary) => boolean }) {
  return (
    <section className="ward-list__retired" aria-labelledby="retired-wards">
      <h2 id="retired-wards" className="ward-list__subtitle">
        Retired wards (not live; history kept)
      </h2>
      <table className="ward-list__table">
        <ColumnHeads columns={['Ward', 'Site', 'Retired since', 'Why']} />
        <tbody>
          {wards.map((ward) => (
            <tr key={ward.id} className="ward-list__row--retired">
              <td>
                {mayOpenBoard(ward) ? <Link to={`/wards/${encodeURIComponent(ward.id)}`}>{ward.name}</Link> : ward.name}
              </td>
              <td>{ward.siteName}</td>
              <td>{ward.retired === null ? '' : londonDayTimeOf(ward.retired.since)}</td>
              <td>{ward.retired?.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
