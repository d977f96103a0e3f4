/**
 * One profile's wards as a table: the ward, its ten measures in slot order, composite, trend and the
 * 7-day prediction. Rows stay in the server's order (highest risk first). The ward name is a button so
 * the history panel opens from the keyboard too.
 */
import type { HeatmapMeasure, HeatmapRow } from '@wardflow/shared';
import { londonTimeOf } from '../display/format';
import { CompositeCell, MeasureCellView, PredictionCell, TrendCell } from './HeatmapCells';
import { rowFreshness } from './heatmap-format';

export interface HeatmapTableProps {
  title: string;
  measures: HeatmapMeasure[];
  rows: HeatmapRow[];
  serverNow: number | null;
  selectedWardId: string | null;
  onSelectWard: (wardId: string) => void;
  /** Id of the history panel, for aria-controls on the selected ward. */
  panelId: string;
}

export function HeatmapTable({ title, measures, rows, serverNow, selectedWardId, onSelectWard, panelId }: HeatmapTableProps) {
  return (
    <table className="heatmap-table">
      {/* The title shows in the ward column's header, which saves a line on the wall; the caption names the table for assistive tech. */}
      <caption className="heatmap-visually-hidden">{title}</caption>
      <colgroup>
        <col className="heatmap-col--ward" />
        {measures.map((m) => (
          <col key={m.id} className="heatmap-col--measure" />
        ))}
        <col className="heatmap-col--composite" />
        <col className="heatmap-col--trend" />
        <col className="heatmap-col--prediction" />
      </colgroup>
      <thead>
        <tr>
          <th scope="col" className="heatmap-th heatmap-th--ward">
            {title}
          </th>
          {measures.map((m) => (
            <th key={m.id} scope="col" className="heatmap-th">
              <span className="heatmap-th__label">{m.label}</span>
              <span className="heatmap-th__unit">{m.unit}</span>
            </th>
          ))}
          <th scope="col" className="heatmap-th">
            <span className="heatmap-th__label">Composite</span>
            <span className="heatmap-th__unit">score 0-100</span>
          </th>
          <th scope="col" className="heatmap-th">
            <span className="heatmap-th__label">Trend</span>
            <span className="heatmap-th__unit">vs a week ago</span>
          </th>
          <th scope="col" className="heatmap-th">
            <span className="heatmap-th__label">Needs support (7 days)</span>
            <span className="heatmap-th__unit">chance · why</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const freshness = rowFreshness(row, serverNow);
          const colours = freshness !== 'expired';
          const selected = row.wardId === selectedWardId;
          return (
            <tr key={row.wardId} className={`heatmap-row heatmap-row--${freshness}${selected ? ' heatmap-row--selected' : ''}`} data-ward-id={row.wardId}>
              <th scope="row" className="heatmap-ward">
                <button
                  type="button"
                  className="heatmap-ward__button"
                  onClick={() => onSelectWard(row.wardId)}
                  aria-expanded={selected}
                  aria-controls={selected ? panelId : undefined}
                >
                  {row.name}
                </button>
                <span className="heatmap-ward__site">{row.siteName}</span>
                <FreshnessTag row={row} freshness={freshness} />
              </th>
              {measures.map((m) => (
                <MeasureCellView key={m.id} measure={m} cell={row.cells.find((c) => c.measureId === m.id)} colours={colours} />
              ))}
              <CompositeCell composite={row.composite} colours={colours} />
              <TrendCell trend={row.trend} />
              <PredictionCell prediction={row.prediction} />
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function FreshnessTag({ row, freshness }: { row: HeatmapRow; freshness: HeatmapRow['freshness'] }) {
  if (freshness === 'fresh') return null;
  const since = row.asOf === null ? 'no score yet' : `as of ${londonTimeOf(row.asOf)}`;
  const reason = row.staleReason ?? (freshness === 'expired' ? 'No data for over 45 minutes' : 'No new data for over 20 minutes');
  return (
    <span className={`heatmap-fresh heatmap-fresh--${freshness}`}>
      <span className="heatmap-fresh__tag">{freshness === 'stale' ? 'STALE' : 'NOT CURRENT'}</span>{' '}
      <span className="heatmap-fresh__since">{since}</span>
      <span className="heatmap-fresh__reason" title={reason}>
        {reason}
      </span>
    </span>
  );
}
