/**
 * One patient, for ward staff (SEC-1, SEC-6): the only place Wardflow shows a name, NHS number and
 * date of birth. Everything on the ward board about them, how old that is, their NEWS2 over 72 hours
 * and their open escalations. Every view is recorded in the audit log, and the page says so. Pure.
 */
import { freshnessOnScreen, type PatientDetail } from '@wardflow/shared';
import { Link } from 'react-router';
import { freshnessLabel, londonDayTimeOf } from '../display/format';
import { whenLabel } from '../escalations/escalation-format';
import { ColumnHeads } from '../ui/ColumnHeads';
import { ErrorBanner } from '../ui/ErrorBanner';
import { BoardFields } from './BoardFields';
import { News2Chart } from './News2Chart';
import { birthAndAgeText, NEWS2_CHART_BANDS, news2BandText, news2Summary, nhsNumberText } from './patient-format';

export interface PatientDetailScreenProps {
  wardId: string;
  detail: PatientDetail | null;
  error: string | null;
  /** Estimated server time (epoch ms); null before the answer. */
  serverNow: number | null;
  /** Read again (a new view, recorded again); absent while a read is on its way. */
  onReload?: () => void;
}

export function PatientDetailScreen({ wardId, detail, error, serverNow, onReload }: PatientDetailScreenProps) {
  const back = `/wards/${encodeURIComponent(wardId)}/huddle`;
  if (detail === null) {
    return (
      <main className="patient">
        <p className="patient__back">
          <Link to={back}>Back to the huddle view</Link>
        </p>
        <h1>Patient detail</h1>
        <AuditNote />
        {error === null && <p role="status">Reading this patient’s details from FHIR…</p>}
        <ErrorBanner title="Could not show this patient:" error={error} />
      </main>
    );
  }
  const now = serverNow ?? Date.parse(detail.serverTime);
  const freshness =
    detail.boardAsOf === null ? 'waiting' : freshnessOnScreen(detail.boardFreshness, detail.boardAsOf, now);
  const riskColours = freshness === 'fresh' || freshness === 'stale';
  const { patient, ward, bed, news2 } = detail;
  return (
    <main className="patient">
      <p className="patient__back">
        <Link to={back}>Back to the huddle view</Link>
      </p>
      <header className="patient__header">
        <h1 className="patient__name">{patient.name ?? 'Name not recorded'}</h1>
        <p className="patient__where">
          {bed.label} · {ward.name} · {ward.siteName}
        </p>
        <dl className="patient__ids" aria-label="Identifiers">
          <div>
            <dt>NHS number</dt>
            <dd data-testid="nhs-number">{nhsNumberText(patient.nhsNumber)}</dd>
          </div>
          <div>
            <dt>Date of birth</dt>
            <dd data-testid="birth-date">{birthAndAgeText(patient.birthDate, now)}</dd>
          </div>
        </dl>
      </header>
      <AuditNote />
      <ErrorBanner title="Could not read again:" error={error}>
        {' '}
        The details below are from the last read.
      </ErrorBanner>
      <section className="patient__times" aria-label="How current this is">
        <p data-testid="read-at">
          Name, NHS number, date of birth and NEWS2 history read from FHIR at {londonDayTimeOf(detail.readAt)}.{' '}
          {onReload !== undefined && (
            <button type="button" className="patient__reload" onClick={onReload}>
              Read again
            </button>
          )}
        </p>
        <p data-testid="board-as-of" className={`patient__board-time patient__board-time--${freshness}`}>
          Ward board fields as of {detail.boardAsOf === null ? 'no time yet' : londonDayTimeOf(detail.boardAsOf)}:{' '}
          <strong>{freshnessLabel(freshness)}</strong>
          {!riskColours && ' (risk colours off: check the patient directly)'}
        </p>
      </section>

      <section aria-labelledby="patient-board">
        <h2 id="patient-board">On the ward board</h2>
        <BoardFields patient={detail.onBoard} now={now} riskColours={riskColours} />
      </section>

      <section aria-labelledby="patient-news2">
        <h2 id="patient-news2">NEWS2, last 72 hours</h2>
        <figure
          className="patient__chart"
          aria-label="NEWS2 over the last 72 hours, with the low, medium and high bands"
        >
          {news2.points.length > 0 && (
            <News2Chart points={news2.points} from={news2.from} to={news2.to} riskColours={riskColours} />
          )}
          <figcaption data-testid="news2-summary">
            {news2Summary(news2.points)} Bands: {NEWS2_CHART_BANDS.map((b) => `${b.label} ${b.range}`).join(', ')}.
          </figcaption>
        </figure>
        <p className="patient__note" data-testid="news2-rejected">
          {news2.rejected === 0
            ? 'Every reading in these 72 hours could be used.'
            : `${news2.rejected} ${news2.rejected === 1 ? 'reading' : 'readings'} could not be used (entered in error, incomplete sets or wrong units) and ${news2.rejected === 1 ? 'is' : 'are'} not drawn.`}
        </p>
        {news2.points.length > 0 && (
          <table className="patient__table" aria-label="NEWS2 scores, newest first">
            <ColumnHeads columns={['Time', 'Score', 'Band', 'Source']} />
            <tbody>
              {[...news2.points].reverse().map((p) => (
                <tr
                  key={`${p.at}-${p.score}`}
                  className={riskColours ? `patient__news2-row patient__news2-row--${p.band}` : 'patient__news2-row'}
                >
                  <td>{londonDayTimeOf(p.at)}</td>
                  <td>{p.score}</td>
                  <td>{news2BandText(p.band)}</td>
                  <td>{p.source === 'reported' ? 'Reported' : 'Calculated from observations'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="patient-escalations">
        <h2 id="patient-escalations">Open escalations</h2>
        {detail.escalations.length === 0 ? (
          <p>None open for this patient.</p>
        ) : (
          <ul className="patient__escalations">
            {detail.escalations.map((e) => (
              <li key={e.id}>
                <strong>{e.ruleLabel}</strong>: {e.detail} · raised {whenLabel(e.raisedAt, now)}
                {e.acknowledgedBy === undefined ? ' · not acknowledged yet' : ` · acknowledged by ${e.acknowledgedBy}`}
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}

function AuditNote() {
  return (
    <p className="patient__audit" role="note">
      <span aria-hidden="true">⚠ </span>Viewing this page is recorded in the audit log: who looked, when, and at which
      patient.
    </p>
  );
}
