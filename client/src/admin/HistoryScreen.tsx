/**
 * /admin/history: the history backfill, which works out each live ward's past days from what the
 * FHIR server holds. The latest run's progress ward by ward, when it was read (a page left open must
 * never pass old progress off as current), and the form that asks for a run. Pure: data and the
 * start action come in through props.
 */
import {
  BACKFILL_WINDOW_DAYS,
  type BackfillRun,
  type BackfillStatusResponse,
  type WardSummary,
} from '@wardflow/shared';
import type { ReactNode } from 'react';
import { ColumnHeads } from '../ui/ColumnHeads';
import { ErrorBanner } from '../ui/ErrorBanner';
import { stampOf } from './admin-format';
import { AdminHeader } from './AdminHeader';
import {
  clockText,
  countText,
  dateRangeText,
  dateText,
  DEFAULT_BACKFILL_DAYS,
  daysInclusive,
  progressText,
  requestedByText,
  RUN_STATUS_WORDS,
  runProgress,
  WARD_STATUS_WORDS,
  wardDaysDone,
} from './backfill-format';
import { BackfillStartForm, type BackfillStartOutcome } from './BackfillStartForm';

export interface HistoryScreenProps {
  status: BackfillStatusResponse | null;
  /** Why the latest read failed; the last status read, if any, is still in `status`. */
  error: string | null;
  /** When `status` was read (epoch ms), or null before the first answer. */
  readAt: number | null;
  /** For the wards' names; a ward not among them is shown by its id. */
  wards: readonly WardSummary[];
  /** Why the ward names could not be loaded. */
  wardsError?: string | null;
  onStart: (days: number) => Promise<BackfillStartOutcome>;
}

export function HistoryScreen({ status, error, readAt, wards, wardsError = null, onStart }: HistoryScreenProps) {
  const latest = status?.latest ?? null;
  const stale = error !== null && status !== null;
  const read = readAt === null ? null : clockText(readAt);
  return (
    <main className="admin">
      <AdminHeader title="History backfill">
        When Wardflow is first switched on at a trust, it works out each live ward’s safety measures for past days from
        what the FHIR server holds (stays, incidents and staffing, with any staffing or incident files imported), ward
        by ward, {BACKFILL_WINDOW_DAYS} days at a time, so the heat map’s trends and the prediction model work from the
        first hour. Measures that need each patient’s record as it was on the day (observation levels, NEWS2 due times,
        AWOL, expected discharge dates) are not backfilled: those days show them as not known. Days a live poll scored,
        or that the trust’s own history import holds, are left as they are (“kept”).
        {status !== null && ` ${firstStartText(status.firstStartDays)}`}
      </AdminHeader>
      {stale ? (
        <ErrorBanner title="Could not refresh the backfill progress:" error={error}>
          {' '}
          What is shown below was read at {read ?? 'an unknown time'} and may not be current.
        </ErrorBanner>
      ) : (
        <ErrorBanner title="Could not load the backfill status:" error={error} />
      )}
      {wardsError !== null && (
        <p className="admin-note">Ward names could not be loaded ({wardsError}): wards are shown by their id.</p>
      )}
      {status === null ? (
        error === null && <p role="status">Loading…</p>
      ) : (
        <>
          {latest === null ? (
            <p>No backfill has run yet.</p>
          ) : (
            <LatestRun run={latest} wards={wards} read={read} stale={stale} />
          )}
          <BackfillStartForm
            defaultDays={status.firstStartDays > 0 ? status.firstStartDays : DEFAULT_BACKFILL_DAYS}
            running={latest?.status === 'running' ? latest : null}
            onStart={onStart}
          />
        </>
      )}
    </main>
  );
}

function firstStartText(days: number): string {
  return days > 0
    ? `On first start this server backfills the past ${countText(days)} ${days === 1 ? 'day' : 'days'} (HISTORY_BACKFILL_DAYS).`
    : 'This server does not backfill on first start (HISTORY_BACKFILL_DAYS is 0).';
}

interface LatestRunProps {
  run: BackfillRun;
  wards: readonly WardSummary[];
  /** When the progress was read ("14:05:12 GMT"). */
  read: string | null;
  /** The last refresh failed: what is shown is older than it looks. */
  stale: boolean;
}

function LatestRun({ run, wards, read, stale }: LatestRunProps) {
  const names = new Map(wards.map((w) => [w.id, w.name]));
  const progress = runProgress(run);
  const days = daysInclusive(run.from, run.to);
  const percent = progress.wardDaysTotal === 0 ? 0 : Math.floor((progress.wardDaysDone / progress.wardDaysTotal) * 100);
  const line = progressText(progress);
  return (
    <section aria-labelledby="backfill-latest" className={stale ? 'admin-stale' : undefined}>
      <h2 id="backfill-latest">Latest run (run {run.id})</h2>
      <div className="admin-facts">
        <dl>
          <Fact label="Status">
            <span className={`admin-run admin-run--${run.status}`}>{RUN_STATUS_WORDS[run.status]}</span>
          </Fact>
          <Fact label="Days">
            {countText(run.days)} {run.days === 1 ? 'day' : 'days'}: {dateRangeText(run.from, run.to)}
          </Fact>
          <Fact label="Asked for">
            {requestedByText(run.requestedBy)}, {stampOf(run.requestedAt)}
          </Fact>
          <Fact label="Finished">{stampOf(run.finishedAt, run.status === 'running' ? 'not yet' : '—')}</Fact>
          {run.error !== null && <Fact label="Error">{run.error}</Fact>}
        </dl>
      </div>
      {run.status === 'running' && read !== null && (
        <p className="admin-note">
          Progress as of {read}
          {stale ? <strong className="admin-stale__mark"> (not current: the last refresh failed)</strong> : null}
          {stale ? '.' : '; read again every 5 seconds while the run goes on.'}
        </p>
      )}
      {run.status === 'failed' && (
        <p className="admin-note">
          Some wards did not finish, usually because their FHIR reads kept failing. Start a backfill again to carry on:
          what was written is kept.
        </p>
      )}
      <p className="admin-progress__line">{line}</p>
      <progress
        className="admin-progress"
        max={Math.max(progress.wardDaysTotal, 1)}
        value={progress.wardDaysDone}
        aria-label="Ward-days worked out"
        aria-valuetext={`${line} (${percent}%)`}
      />
      {run.wards.length === 0 ? (
        <p>The run had no live wards to work out.</p>
      ) : (
        <table className="admin-table" aria-label="Progress by ward">
          <ColumnHeads
            columns={[
              'Ward',
              'Status',
              'Worked out through',
              'Days worked out',
              'Days written',
              'Unchanged',
              'Kept',
              'FHIR requests',
              'Error',
            ]}
          />
          <tbody>
            {run.wards.map((w) => (
              <tr key={w.wardId} className={w.status === 'failed' ? 'admin-row--failed' : undefined}>
                <th scope="row">{names.get(w.wardId) ?? w.wardId}</th>
                <td>{WARD_STATUS_WORDS[w.status]}</td>
                <td>{w.doneThrough === null ? '—' : dateText(w.doneThrough)}</td>
                <td>
                  {countText(wardDaysDone(run, w))} of {countText(days)}
                </td>
                <td>{countText(w.written)}</td>
                <td>{countText(w.unchanged)}</td>
                <td>{countText(w.kept)}</td>
                <td>{countText(w.requests)}</td>
                <td className="admin-detail">{w.error ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="admin-facts__row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
