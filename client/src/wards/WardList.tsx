import type { WardSummary } from '@wardflow/shared';
import { Link } from 'react-router';
import { freshnessLabel, londonTimeOf, type ScreenFreshness } from '../display/format';

interface WardListProps {
  wards: WardSummary[] | null;
  /** Why the latest load failed; the last good list stays on screen beneath it. */
  error: string | null;
}

/** Every ward, with its occupancy and how current its data is, each linking to its wall display. */
export function WardList({ wards, error }: WardListProps) {
  return (
    <main className="ward-list">
      <h1 className="ward-list__title">Wards</h1>
      <nav aria-label="Other screens" className="ward-list__nav">
        <Link to="/sites">Bed management by site</Link>
        <Link to="/heatmap">Safety heat map</Link>
        <Link to="/digests">Weekly digest</Link>
      </nav>
      {error !== null && (
        <div className="banner banner--error" role="alert">
          <strong>Could not load the ward list:</strong> {error}
        </div>
      )}
      {wards === null ? (
        error === null && <p className="ward-list__note">Loading wards…</p>
      ) : wards.length === 0 ? (
        <p className="ward-list__note">No wards are configured yet.</p>
      ) : (
        <table className="ward-list__table">
          <thead>
            <tr>
              <th scope="col">Ward</th>
              <th scope="col">Huddle</th>
              <th scope="col">Site</th>
              <th scope="col">Profile</th>
              <th scope="col">Occupied</th>
              <th scope="col">Data</th>
              <th scope="col">Data as of</th>
            </tr>
          </thead>
          <tbody>
            {wards.map((ward) => {
              const freshness: ScreenFreshness = ward.asOf === null ? 'waiting' : ward.freshness;
              return (
                <tr key={ward.id}>
                  <td>
                    <Link to={`/wards/${encodeURIComponent(ward.id)}`}>{ward.name}</Link>
                  </td>
                  <td>
                    <Link to={`/wards/${encodeURIComponent(ward.id)}/huddle`} aria-label={`${ward.name} huddle view`}>
                      Huddle view
                    </Link>
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
    </main>
  );
}
