/**
 * One site's wards as a table: every count is a link to the beds behind it (zeros are plain text:
 * an empty list is not worth a tab stop). Counts that need a bed manager's attention are marked,
 * except on expired data, whose numbers stay but lose their colour (CS-2).
 */
import type { SiteBedFilter, SiteCounts, SiteOverview, SiteWardRow } from '@wardflow/shared';
import { Link } from 'react-router';
import { freshnessLabel, londonTimeOf } from '../display/format';
import { bedsLink, limitLabel, percentLabel } from './sites-format';

interface Column {
  key: Exclude<keyof SiteCounts, 'occupancyPercent' | 'cleaningSinceUnknown'>;
  filter: SiteBedFilter;
  header: string;
  /** A number above zero here is a flow problem worth a look. */
  attention?: boolean;
}

function columns(cleaningAlertAfterMs: number): Column[] {
  return [
    { key: 'beds', filter: 'all', header: 'Beds' },
    { key: 'occupied', filter: 'occupied', header: 'Occupied' },
    { key: 'free', filter: 'free', header: 'Free' },
    { key: 'cleaning', filter: 'cleaning', header: 'Cleaning' },
    {
      key: 'cleaningLong',
      filter: 'cleaning-long',
      header: `Cleaning over ${limitLabel(cleaningAlertAfterMs)}`,
      attention: true,
    },
    { key: 'closed', filter: 'closed', header: 'Closed' },
    { key: 'reserved', filter: 'reserved', header: 'Reserved' },
    { key: 'blocked', filter: 'blocked', header: 'Blocked' },
    { key: 'isolated', filter: 'isolated', header: 'Isolated' },
    // A soft hyphen lets the one long word break in a narrow column instead of running into the next.
    { key: 'contaminated', filter: 'contaminated', header: 'Contam\u00ADinated' },
    { key: 'unknown', filter: 'unknown', header: 'Status unknown', attention: true },
    { key: 'onLeave', filter: 'on-leave', header: 'On leave' },
    { key: 'expectedDischargesToday', filter: 'edd-today', header: 'Discharge due today' },
    { key: 'expectedDischargesTomorrow', filter: 'edd-tomorrow', header: 'Discharge due tomorrow' },
    { key: 'pastExpectedDischarge', filter: 'past-edd', header: 'Past expected discharge', attention: true },
    { key: 'delayedDischarges', filter: 'delayed', header: 'Delayed discharge', attention: true },
    { key: 'unplaced', filter: 'unplaced', header: 'Not in a bed', attention: true },
  ];
}

interface SiteWardsTableProps {
  site: SiteOverview;
  cleaningAlertAfterMs: number;
  /** Freshness of each ward for the moment on screen (the rows age between reloads). */
  freshnessOf: (row: Pick<SiteWardRow, 'freshness' | 'asOf'>) => SiteWardRow['freshness'];
}

export function SiteWardsTable({ site, cleaningAlertAfterMs, freshnessOf }: SiteWardsTableProps) {
  const cols = columns(cleaningAlertAfterMs);
  const siteFreshness = freshnessOf(site);
  const cell = (counts: SiteCounts, col: Column, wardId: string | null, expired: boolean, label: string) => {
    const n = counts[col.key];
    const attention = col.attention === true && n > 0 && !expired;
    return (
      <td key={col.key} className={`sites-count${attention ? ' sites-count--attention' : ''}`}>
        {n === 0 ? (
          <span className="sites-count__zero">0</span>
        ) : (
          <Link
            to={bedsLink(site.siteId, col.filter, wardId)}
            aria-label={`${label}: ${n} ${col.header.toLowerCase()}`}
          >
            {n}
          </Link>
        )}
        {col.key === 'cleaning' && counts.cleaningSinceUnknown > 0 && (
          <span className="sites-count__note" title="Beds whose cleaning start nobody recorded: they cannot be timed">
            {counts.cleaningSinceUnknown} untimed
          </span>
        )}
      </td>
    );
  };
  return (
    <table className="sites-table sites-wards" aria-label={`${site.siteName} wards`}>
      {/* Fixed widths, so every site's table lines up with the next one down the page. */}
      <colgroup>
        <col className="sites-col--ward" />
        <col className="sites-col--data" />
        <col className="sites-col--percent" />
        {cols.map((c) => (
          <col key={c.key} />
        ))}
      </colgroup>
      <thead>
        <tr>
          <th scope="col" className="sites-table__ward">
            Ward
          </th>
          <th scope="col" className="sites-table__data">
            Data
          </th>
          <th scope="col">Occupancy</th>
          {cols.map((c) => (
            <th scope="col" key={c.key}>
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {site.wards.map((ward) => {
          const freshness = freshnessOf(ward);
          const expired = freshness === 'expired';
          return (
            <tr key={ward.wardId} data-ward-id={ward.wardId} className={`sites-row sites-row--${freshness}`}>
              <th scope="row" className="sites-table__ward">
                <Link to={bedsLink(site.siteId, 'all', ward.wardId)}>{ward.wardName}</Link>
              </th>
              <td className="sites-table__data">
                <span className={`sites-fresh sites-fresh--${freshness}`}>{freshnessLabel(freshness)}</span>
                <span className="sites-table__time">
                  {ward.asOf === null ? 'no data yet' : londonTimeOf(ward.asOf)}
                </span>
              </td>
              {ward.counts === null ? (
                <td colSpan={cols.length + 1} className="sites-table__nodata">
                  No data received from FHIR yet
                </td>
              ) : (
                <>
                  <td className="sites-count">{percentLabel(ward.counts.occupancyPercent)}</td>
                  {cols.map((c) => cell(ward.counts as SiteCounts, c, ward.wardId, expired, ward.wardName))}
                </>
              )}
            </tr>
          );
        })}
      </tbody>
      <tfoot>
        <tr className={`sites-row sites-row--total sites-row--${siteFreshness}`}>
          <th scope="row" className="sites-table__ward">
            {site.siteName} total
          </th>
          <td className="sites-table__data">
            {site.wardsWithoutData > 0
              ? `${site.wardsWithoutData} ward${site.wardsWithoutData === 1 ? '' : 's'} without data`
              : `${site.wards.length} wards`}
          </td>
          <td className="sites-count">{percentLabel(site.totals.occupancyPercent)}</td>
          {cols.map((c) => cell(site.totals, c, null, siteFreshness === 'expired', `${site.siteName} total`))}
        </tr>
      </tfoot>
    </table>
  );
}
