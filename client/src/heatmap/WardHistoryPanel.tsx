/**
 * Opens below the tables for the ward chosen: its history of the composite or any one of its ten
 * measures, how old detail was thinned, and a way to its wall board.
 */
import { formatLondonDay, type HeatmapMeasure, type HeatmapRow, type MeasureHistory } from '@wardflow/shared';
import { useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useApi } from '../api/useApi';
import { HistoryChart } from './HistoryChart';

interface WardHistoryPanelProps {
  id: string;
  row: HeatmapRow;
  /** This ward's ten measures, in slot order. */
  measures: HeatmapMeasure[];
  /** Link to the ward's board (only for viewers whose role includes boards). */
  boardLink?: boolean;
  onClose: () => void;
}

export function WardHistoryPanel({ id, row, measures, boardLink = true, onClose }: WardHistoryPanelProps) {
  const [measure, setMeasure] = useState('composite');
  const {
    data: history,
    loading,
    error,
  } = useApi<MeasureHistory>(
    `/api/wards/${encodeURIComponent(row.wardId)}/history?${new URLSearchParams({ measure }).toString()}`,
  );
  const selectId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);

  // Keyed by ward, so a new ward starts on its composite. Brought into view: at a desk it opens below the fold.
  useEffect(() => {
    const heading = headingRef.current;
    if (heading !== null && typeof heading.scrollIntoView === 'function')
      heading.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [row.wardId]);

  const label = measure === 'composite' ? 'Composite' : (measures.find((m) => m.id === measure)?.label ?? measure);
  return (
    <section id={id} className="heatmap-history" aria-labelledby={`${id}-title`}>
      <div className="heatmap-history__bar">
        <h2 id={`${id}-title`} className="heatmap-history__title" ref={headingRef} tabIndex={-1}>
          {row.name}: {label}
        </h2>
        <label className="heatmap-history__pick" htmlFor={selectId}>
          Measure
          <select
            id={selectId}
            className="heatmap-history__select"
            value={measure}
            onChange={(e) => setMeasure(e.target.value)}
          >
            <option value="composite">Composite</option>
            {measures.map((m) => (
              <option key={m.id} value={m.id}>
                {m.label}
              </option>
            ))}
          </select>
        </label>
        {boardLink && (
          <Link className="heatmap-history__board" to={`/wards/${encodeURIComponent(row.wardId)}/display`}>
            Open ward board
          </Link>
        )}
        <button type="button" className="heatmap-history__close" onClick={onClose}>
          Close
        </button>
      </div>
      <FigureSources row={row} />
      {loading && <p className="heatmap-history__note">Loading history…</p>}
      {error !== null && (
        <p className="heatmap-history__error" role="alert">
          History could not be loaded: {error}
        </p>
      )}
      {history !== null && history.points.length === 0 && (
        <p className="heatmap-history__note">No scores recorded for this ward yet.</p>
      )}
      {history !== null && history.points.length > 0 && (
        <figure
          className="heatmap-history__figure"
          aria-label={`${row.name}, ${history.measure.label} (${history.measure.unit}) over time`}
        >
          <HistoryChart history={history} />
          <figcaption className="heatmap-history__caption">
            {history.aggregation}
            <HistoryNotes points={history.points} />
          </figcaption>
        </figure>
      )}
    </section>
  );
}

/**
 * What the chart cannot show by itself: which days came from the past rather than a live poll, and why
 * points have no value (a backfilled day has no observation levels, say), so a gap never reads as calm.
 */
function HistoryNotes({ points }: { points: MeasureHistory['points'] }) {
  const days = (source: 'backfilled' | 'imported') => points.filter((p) => p.source === source);
  const span = (list: MeasureHistory['points']) =>
    list.length === 0
      ? ''
      : ` (${formatLondonDay(list[0]?.at as string)} to ${formatLondonDay(list.at(-1)?.at as string)})`;
  const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
  const notes: string[] = [];
  const backfilled = days('backfilled');
  const imported = days('imported');
  if (backfilled.length > 0)
    notes.push(`${plural(backfilled.length, 'day', 'days')} backfilled from FHIR${span(backfilled)}.`);
  if (imported.length > 0)
    notes.push(`${plural(imported.length, 'day', 'days')} from a history import${span(imported)}.`);
  const reasons = new Map<string, number>();
  for (const p of points)
    if (p.value === null && p.reason !== undefined) reasons.set(p.reason, (reasons.get(p.reason) ?? 0) + 1);
  for (const [reason, count] of [...reasons].sort((a, b) => b[1] - a[1]))
    notes.push(`No value at ${plural(count, 'point', 'points')}: ${reason}.`);
  if (notes.length === 0) return null;
  return (
    <ul className="heatmap-history__notes">
      {notes.map((note) => (
        <li key={note}>{note}</li>
      ))}
    </ul>
  );
}

/**
 * Where the ward's staffing and incident figures come from now (FHIR, a roster import, an incident
 * import), said in words: a cell's hover text cannot be read on a touch screen or by the huddle.
 */
function FigureSources({ row }: { row: HeatmapRow }) {
  const sources = [...new Set(row.cells.map((c) => c.source).filter((s): s is string => s !== undefined && s !== ''))];
  if (sources.length === 0) return null;
  return (
    <p className="heatmap-history__sources">
      <span className="heatmap-history__sources-label">Figures from: </span>
      {sources.join(' · ')}
    </p>
  );
}
