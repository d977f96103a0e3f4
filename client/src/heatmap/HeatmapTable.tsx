/**
 * One profile's wards as a table: the ward, its ten measures in slot order, composite, trend and the
 * 7-day prediction. Rows stay in the server's order (highest risk first). The ward name is a button so
 * the history panel opens from the keyboard too.
 */
import type { HeatmapMeasure, HeatmapRow } from '@wardflow/shared';
import { memo } from 'react';
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

export function HeatmapTable({
  title,
  measures,
  rows,
  serverNow,
  selectedWardId,
  onSelectWard,
  panelId,
}: HeatmapTableProps) {
  return (
    <table className={measures.length > 10 ? 'heatmap-table heatmap-table--more' : 'heatmap-table'}>
      {/* The title shows in the ward column's header, which saves a line on the wall; the caption names the table for assistive tech. */}
      <caption className="visually-hidden">{title}</caption>
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
        {rows.map((row) => (
          <HeatmapTableRow
            key={row.wardId}
            row={row}
            measures={measures}
            freshness={rowFreshness(row, serverNow)}
            selected={row.wardId === selectedWardId}
            onSelectWard={onSelectWard}
            panelId={panelId}
          />
        ))}
      </tbody>
    </table>
  );
}

interface HeatmapTableRowProps {
  row: HeatmapRow;
  measures: HeatmapMeasure[];
  freshness: HeatmapRow['freshness'];
  selected: boolean;
  onSelectWard: (wardId: string) => void;
  panelId: string;
}

/**
 * Every update carries the whole heat map, but usually only a few wards change: a row whose content,
 * freshness and selection are the same is not rendered again (the bench's render time is mostly
 * unchanged rows otherwise). `onSelectWard` is left out of the comparison: the screen's handler only
 * toggles the selection with a functional update, so an older closure does the same thing.
 */
const HeatmapTableRow = memo(
  function HeatmapTableRow({ row, measures, freshness, selected, onSelectWard, panelId }: HeatmapTableRowProps) {
    const colours = freshness !== 'expired';
    return (
      <tr
        className={`heatmap-row heatmap-row--${freshness}${selected ? ' heatmap-row--selected' : ''}`}
        data-ward-id={row.wardId}
      >
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
          <MeasureCellView
            key={m.id}
            measure={m}
            cell={row.cells.find((c) => c.measureId === m.id)}
            colours={colours}
          />
        ))}
        <CompositeCell composite={row.composite} colours={colours} />
        <TrendCell trend={row.trend} />
        <PredictionCell prediction={row.prediction} />
      </tr>
    );
  },
  (a, b) =>
    a.freshness === b.freshness &&
    a.selected === b.selected &&
    a.panelId === b.panelId &&
    (a.measures === b.measures || JSON.stringify(a.measures) === JSON.stringify(b.measures)) &&
    (a.row === b.row || JSON.stringify(a.row) === JSON.stringify(b.row)),
);

function FreshnessTag({ row, freshness }: { row: HeatmapRow; freshness: HeatmapRow['freshness'] }) {
  if (freshness === 'fresh') return null;
  const since = row.asOf === null ? 'no score yet' : `as of ${londonTimeOf(row.asOf)}`;
  const reason =
    row.staleReason ?? (freshness === 'expired' ? 'No data for over 45 minutes' : 'No new data for over 20 minutes');
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
