/**
 * /sites/:siteId/beds?wardId=&filter=: the beds behind one number on the drill-down, each linking to
 * its ward's board. Initials only (the wall allow-list): names and NHS numbers appear on patient detail alone. Pure.
 */
import {
  BED_STATUSES,
  SITE_BED_FILTERS,
  readinessLine,
  type SiteBedFilter,
  type SiteBedRow,
  type SiteBedsResponse,
} from '@wardflow/shared';
import { Link } from 'react-router';
import {
  baySexLabel,
  bedStatusLabel,
  eddLabel,
  freshnessLabel,
  isolationLabel,
  londonTimeOf,
  overdueDelayLabels,
} from '../display/format';
import { ColumnHeads } from '../ui/ColumnHeads';
import { bedsLink, durationLabel, filterLabel, freshnessNow, limitLabel, stayLabel } from './sites-format';
import { SitesDataLine, SitesPending } from './SitesDataLine';
import { SitesHeader } from './SitesHeader';
import { ExpectedArrivals } from './ExpectedArrivals';

export interface SiteBedsScreenProps {
  siteId: string;
  wardId: string | null;
  filter: SiteBedFilter;
  data: SiteBedsResponse | null;
  error: string | null;
  serverNow: number | null;
}

const STATUS_FILTERS: readonly SiteBedFilter[] = ['all', ...BED_STATUSES];
const FLOW_FILTERS: readonly SiteBedFilter[] = SITE_BED_FILTERS.filter((f) => !STATUS_FILTERS.includes(f));

export function SiteBedsScreen({ siteId, wardId, filter, data, error, serverNow }: SiteBedsScreenProps) {
  const siteName = data?.siteName ?? siteId;
  const ward = wardId === null ? undefined : data?.wards.find((w) => w.wardId === wardId);
  const scope = ward?.wardName ?? (wardId === null ? siteName : wardId);
  const freshnessOf = (row: { freshness: SiteBedsResponse['freshness']; asOf: string | null }) =>
    freshnessNow(row.freshness, row.asOf, serverNow);
  const notCurrent = (data?.wards ?? [])
    .map((w) => ({ ...w, freshness: freshnessOf(w) }))
    .filter((w) => w.freshness !== 'fresh');
  const now = serverNow ?? Date.parse(data?.serverTime ?? '');
  const expiredWards = new Set(notCurrent.filter((w) => w.freshness === 'expired').map((w) => w.wardId));
  const filterLink = (f: SiteBedFilter) => (
    <li key={f}>
      <Link to={bedsLink(siteId, f, wardId)} aria-current={f === filter ? 'page' : undefined} className="sites-filter">
        {filterLabel(f)}
      </Link>
    </li>
  );
  return (
    <main className="sites">
      <SitesHeader
        title={`${filterLabel(filter)}: ${scope}`}
        trail={[
          { label: 'Sites', to: '/sites' },
          { label: siteName, to: `/sites/${encodeURIComponent(siteId)}` },
          { label: ward === undefined ? 'Beds' : `${ward.wardName} beds` },
        ]}
      />
      <nav aria-label="Which beds" className="sites-filters">
        <ul>{STATUS_FILTERS.map(filterLink)}</ul>
        <ul>{FLOW_FILTERS.map(filterLink)}</ul>
        {wardId !== null && (
          <p className="sites-filters__scope">
            One ward only. <Link to={bedsLink(siteId, filter)}>Show the whole site</Link>
          </p>
        )}
      </nav>
      {data === null ? (
        <SitesPending failed="Could not load the beds:" loading="Loading beds…" error={error} />
      ) : (
        <>
          <SitesDataLine asOf={data.asOf} freshness={freshnessOf(data)} notCurrent={notCurrent} error={error} />
          <ExpectedArrivals arrivals={data.expected ?? []} now={now} />
          {filter === 'cleaning-long' && (
            <p className="sites-note">Beds in cleaning for longer than {limitLabel(data.cleaningAlertAfterMs)}.</p>
          )}
          {data.beds.length === 0 ? (
            <p className="sites-note" role="status">
              No beds to show: none {filter === 'all' ? 'recorded' : `match “${filterLabel(filter).toLowerCase()}”`}{' '}
              {wardId === null ? 'on this site' : 'on this ward'}.
            </p>
          ) : (
            <table
              className="sites-table sites-beds"
              aria-label={`${filterLabel(filter)}: ${scope}, ${data.beds.length} ${data.beds.length === 1 ? 'row' : 'rows'}`}
            >
              <ColumnHeads
                columns={[
                  'Ward',
                  'Bed',
                  'Bay or room',
                  'Status',
                  'In this status',
                  'Patient',
                  'Admitted',
                  'Stay',
                  'Expected discharge',
                  'Delays',
                ]}
              />
              <tbody>
                {data.beds.map((row) => (
                  <BedRow
                    key={`${row.wardId}/${row.bedId ?? ''}/${row.patient?.admittedAt ?? ''}/${row.unplacedReason ?? ''}`}
                    row={row}
                    now={now}
                    expired={expiredWards.has(row.wardId)}
                  />
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </main>
  );
}

function BedRow({ row, now, expired }: { row: SiteBedRow; now: number; expired: boolean }) {
  const patient = row.patient;
  const edd = patient?.expectedDischargeDate == null ? null : eddLabel(patient.expectedDischargeDate, now);
  const overdue = patient === null ? [] : overdueDelayLabels(patient.delays);
  const open = patient === null ? [] : patient.delays.filter((d) => !d.overdue).map((d) => d.description);
  // "Ready since Mon (2 days), pathway 1, awaiting care package": the first thing a bed manager asks.
  const ready = patient === null ? null : readinessLine(patient.discharge, now, 'full');
  const mark = (on: boolean) => (on && !expired ? ' sites-attention' : '');
  return (
    <tr
      className={`sites-row sites-row--${row.freshness}${expired ? ' sites-row--expired' : ''}`}
      data-bed-id={row.bedId ?? undefined}
    >
      <td>{row.wardName}</td>
      <th scope="row">
        {row.bedId === null ? (
          <span>Not in a bed</span>
        ) : (
          <Link
            to={`/wards/${encodeURIComponent(row.wardId)}/display`}
            aria-label={`${row.bedLabel ?? ''}, ${row.wardName}: open the ward board`}
          >
            {row.bedLabel}
          </Link>
        )}
        {expired && <span className="sites-fresh sites-fresh--expired"> {freshnessLabel('expired')}</span>}
      </th>
      <td>
        {row.area === null ? '—' : row.area}
        {row.areaSex !== null && <span className="sites-tag"> {baySexLabel(row.areaSex).toLowerCase()}</span>}
        {row.sexMismatch && <span className={`sites-tag${mark(true)}`}> mixed-sex</span>}
      </td>
      <td className={mark(row.status === 'unknown')}>
        {row.status === null ? (row.unplacedReason ?? 'Not in a bed') : bedStatusLabel(row.status)}
        {row.unreadableStatus !== null && <span className="sites-tag"> (code {row.unreadableStatus})</span>}
      </td>
      <td className={mark(row.cleaningLong)}>
        {row.status === null ? '—' : row.minutesInStatus === null ? 'unknown' : durationLabel(row.minutesInStatus)}
        {row.cleaningLong && <span className="sites-tag"> too long</span>}
      </td>
      <td>
        {patient === null ? '—' : (patient.initials ?? 'bed only')}
        {patient?.onLeave === true && <span className="sites-tag"> on leave</span>}
        {patient?.infection?.isolation != null && (
          <span className={`sites-tag${mark(true)}`}>
            {' '}
            {isolationLabel(patient.infection.isolation.kind).toLowerCase()}
          </span>
        )}
        {patient !== null && (patient.infection?.alerts ?? []).length > 0 && (
          <span className="sites-tag"> {(patient.infection?.alerts ?? []).map((a) => a.label).join(', ')}</span>
        )}
        {patient !== null && patient.dataErrors.length > 0 && (
          <span className="sites-tag sites-tag--error" title={patient.dataErrors.join('; ')}>
            {' '}
            data error
          </span>
        )}
      </td>
      <td>
        {patient === null
          ? '—'
          : patient.admittedAt === null
            ? 'unknown'
            : `${admittedDay(patient.admittedAt)} ${londonTimeOf(patient.admittedAt)}`}
      </td>
      <td>{patient === null ? '—' : stayLabel(patient.lengthOfStayHours)}</td>
      <td className={mark(edd?.past === true)}>{patient === null ? '—' : edd === null ? 'none recorded' : edd.text}</td>
      <td className={mark(overdue.length > 0 || patient?.delayedDischarge === true)}>
        {patient === null || (ready === null && overdue.length === 0 && open.length === 0)
          ? '—'
          : [...(ready === null ? [] : [ready]), ...overdue, ...open].join('; ')}
      </td>
    </tr>
  );
}

/** "Mon 12 Jan": the London day of an admission. */
function admittedDay(iso: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
  }).format(new Date(iso));
}
