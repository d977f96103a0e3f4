/**
 * The ward's own safety heat-map row and today's staffing, under the wall display header: the same
 * ten measures, bands and prediction as the trust's heat map, so the huddle sees what the lead sees.
 * Quiet when all is green; amber and red cells are filled and always carry the band in words (CS-9);
 * with expired data the colours go and the words stay (CS-2).
 */
import type { Board, MeasureCell, StaffingSummary, WardSafety } from '@wardflow/shared';
import { bandWord, formatNumber, percentText, trendLabel, valueText } from '../heatmap/heatmap-format';
import { londonDayLabel } from './format';

/**
 * Labels short enough for ten (or eleven) cells across a 1920 px screen, with the unit where the number alone
 * would mislead. The full label is the cell's accessible name.
 */
const SHORT_LABEL: Record<string, string> = {
  occupancy: 'Occupancy',
  'bank-agency': 'Bank/agency',
  sickness: 'Sickness',
  'fill-rate': 'Fill rate',
  turbulence: 'Moves 72 h',
  'enhanced-observations': 'Enhanced obs',
  deteriorating: 'NEWS2 5+',
  'violence-aggression': 'Violence /1k OBD',
  falls: 'Falls /1k OBD',
  'restrictive-practice': 'Restraint /1k OBD',
  hypoglycaemia: 'Hypos 7 d',
  awol: 'AWOL',
  'delayed-discharges': 'Delayed disch.',
  'self-harm': 'Self-harm /1k OBD',
  'overdue-observations': 'Obs overdue',
  'vte-prophylaxis': 'VTE proph.',
};

interface SafetyStripProps {
  safety: WardSafety | null;
  staffing: StaffingSummary | null;
  riskColours: boolean;
  now: number;
}

export function SafetyStrip({ safety, staffing, riskColours, now }: SafetyStripProps) {
  return (
    <section className="safety-strip" aria-label="Ward safety measures and staffing">
      <StaffingCell staffing={staffing} now={now} />
      {safety === null ? (
        <p className="safety-strip__none">Safety measures: no score yet for this ward</p>
      ) : (
        <>
          <ul
            className={
              safety.measures.length > 10 ? 'safety-strip__cells safety-strip__cells--more' : 'safety-strip__cells'
            }
          >
            {safety.measures.map((measure) => (
              <SafetyCell
                key={measure.id}
                label={measure.label}
                shortLabel={SHORT_LABEL[measure.id] ?? measure.label}
                unit={measure.unit}
                cell={safety.row.cells.find((c) => c.measureId === measure.id)}
                riskColours={riskColours}
              />
            ))}
          </ul>
          <Outlook safety={safety} riskColours={riskColours} />
        </>
      )}
    </section>
  );
}

interface SafetyCellProps {
  label: string;
  shortLabel: string;
  unit: string;
  cell: MeasureCell | undefined;
  riskColours: boolean;
}

function SafetyCell({ label, shortLabel, unit, cell, riskColours }: SafetyCellProps) {
  if (cell === undefined || cell.value === null) {
    const reason = cell?.reason ?? 'Not measured for this ward';
    return (
      <li className="safety-cell safety-cell--none" title={reason} aria-label={`${label}: no data, ${reason}`}>
        <span className="safety-cell__label" aria-hidden="true">
          {shortLabel}
        </span>
        <span className="safety-cell__nodata">no data</span>
      </li>
    );
  }
  const band = riskColours ? cell.band : null;
  const text = valueText(cell.value, unit);
  return (
    <li
      className={`safety-cell safety-cell--${band ?? 'none'}`}
      title={cell.detail}
      aria-label={`${label}: ${text}${band === null ? '' : `, ${bandWord(band)}`}`}
    >
      <span className="safety-cell__label" aria-hidden="true">
        {shortLabel}
      </span>
      <span className="safety-cell__value" aria-hidden="true">
        {formatNumber(cell.value)}
        {unit === '%' ? '%' : ''}
        {band !== null && band !== 'green' && <span className="safety-cell__band"> {bandWord(band)}</span>}
      </span>
    </li>
  );
}

/** Composite, trend and the 7-day outlook with its reasons, in one sentence-like block. */
function Outlook({ safety, riskColours }: { safety: WardSafety; riskColours: boolean }) {
  const { composite, trend, prediction } = safety.row;
  const band = riskColours ? composite.band : null;
  const { arrow, word } = trendLabel(trend);
  return (
    <div className="safety-outlook">
      <div className="safety-outlook__line">
        <span className={`safety-outlook__composite safety-cell--${band ?? 'none'}`}>
          Risk {composite.value === null ? 'no data' : composite.value}
          {band !== null && band !== 'green' && <strong> {bandWord(band)}</strong>}
        </span>
        {trend !== null && (
          <span className={`safety-outlook__trend safety-outlook__trend--${trend}`}>
            <span aria-hidden="true">{arrow}</span> {word}
          </span>
        )}
      </div>
      <span className="safety-outlook__prediction">
        {prediction === null ? (
          'Next 7 days: no prediction yet'
        ) : (
          <>
            Needs support in next 7 days: <strong>{percentText(prediction.probability)}</strong>
            {prediction.drivers.length > 0 && (
              <span className="safety-outlook__drivers"> ({prediction.drivers.map((d) => d.label).join(', ')})</span>
            )}
          </>
        )}
      </span>
    </div>
  );
}

function StaffingCell({ staffing, now }: { staffing: StaffingSummary | null; now: number }) {
  if (staffing === null) {
    return (
      <div className="safety-staffing safety-staffing--none">
        <span className="safety-cell__label">Staffing</span>
        <span className="safety-cell__nodata">not reported</span>
      </div>
    );
  }
  const day = staffing.isToday ? 'today' : londonDayLabel(staffing.date, now);
  const detail: string[] = [];
  if (staffing.temporaryStaffPercent !== null)
    detail.push(`${formatNumber(staffing.temporaryStaffPercent)}% bank/agency`);
  if (staffing.sicknessPercent !== null) detail.push(`${formatNumber(staffing.sicknessPercent)}% sick`);
  const filled = `${formatNumber(staffing.fillPercent)}% filled`;
  return (
    <div
      role="group"
      className={`safety-staffing${staffing.isToday ? '' : ' safety-staffing--old'}`}
      aria-label={`Staffing ${day}: ${[filled, ...detail].join(', ')}`}
    >
      <span className="safety-cell__label" aria-hidden="true">
        Staffing {day}
      </span>
      <span className="safety-staffing__value" aria-hidden="true">
        {filled}
      </span>
      {detail.length > 0 && (
        <span className="safety-staffing__detail" aria-hidden="true">
          {detail.join(' · ')}
        </span>
      )}
    </div>
  );
}

/** Board fields the strip reads, for the display and the huddle view alike. */
export type SafetyStripSource = Pick<Board, 'safety' | 'staffing'>;
