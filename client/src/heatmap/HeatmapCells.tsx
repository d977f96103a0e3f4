/**
 * The cells of one heat-map row. Each says its value and its band in words (CS-9); colour is added
 * only through `heatmap-cell--amber` / `--red` classes, which `colours={false}` (expired data, CS-2)
 * leaves off while keeping every word.
 */
import type { Band, HeatmapMeasure, HeatmapRow, MeasureCell, Trend, WardPrediction } from '@wardflow/shared';
import { bandWord, formatNumber, percentText, trendLabel, valueParts, valueText } from './heatmap-format';

interface MeasureCellProps {
  measure: HeatmapMeasure;
  cell: MeasureCell | undefined;
  colours: boolean;
}

export function MeasureCellView({ measure, cell, colours }: MeasureCellProps) {
  if (cell === undefined || cell.value === null) {
    const reason = cell?.reason ?? 'Not measured for this ward';
    return (
      <td
        className="heatmap-cell heatmap-cell--none"
        title={reason}
        aria-label={`${measure.label}: no data, ${reason}`}
      >
        <span className="heatmap-cell__nodata">no data</span>
        <span className="heatmap-cell__reason">{reason}</span>
      </td>
    );
  }
  const band = colours ? cell.band : null;
  const parts = valueParts(cell.value, measure.unit);
  const spoken = `${measure.label}: ${valueText(cell.value, measure.unit)}${band === null ? '' : `, ${bandWord(band)}`}`;
  // How the value was reached, then where its figures came from (FHIR, or a roster or incident import).
  const about = [cell.detail, cell.source].filter((t) => t !== undefined && t !== '').join('\n');
  return (
    <td
      className={`heatmap-cell heatmap-cell--${band ?? 'none'}`}
      title={about === '' ? undefined : about}
      aria-label={spoken}
    >
      <span className="heatmap-cell__value">
        {parts.number}
        {parts.unit !== '' && <span className="heatmap-cell__unit"> {parts.unit}</span>}
      </span>
      <BandWord band={band} />
    </td>
  );
}

function BandWord({ band }: { band: Band | null }) {
  if (band === null) return null;
  return <span className={`heatmap-band heatmap-band--${band}`}>{bandWord(band)}</span>;
}

export function CompositeCell({ composite, colours }: { composite: HeatmapRow['composite']; colours: boolean }) {
  if (composite.value === null) {
    const reason = composite.reason ?? 'Not enough data';
    return (
      <td
        className="heatmap-cell heatmap-cell--none heatmap-composite"
        title={reason}
        aria-label={`Composite: no data, ${reason}`}
      >
        <span className="heatmap-cell__nodata">no data</span>
        <span className="heatmap-cell__reason">{reason}</span>
      </td>
    );
  }
  const band = colours ? composite.band : null;
  const spoken = `Composite: ${formatNumber(composite.value)} of 100${band === null ? '' : `, ${bandWord(band)}`}`;
  return (
    <td
      className={`heatmap-cell heatmap-cell--${band ?? 'none'} heatmap-composite`}
      aria-label={spoken}
      data-testid="composite"
    >
      <span className="heatmap-cell__value">{formatNumber(composite.value)}</span>
      <BandWord band={band} />
    </td>
  );
}

export function TrendCell({ trend }: { trend: Trend | null }) {
  const { arrow, word } = trendLabel(trend);
  return (
    <td
      className={`heatmap-trend heatmap-trend--${trend ?? 'unknown'}`}
      aria-label={trend === null ? 'Trend: not known yet' : `Trend: ${word}`}
    >
      <span aria-hidden="true">{arrow}</span>
      {word !== '' && <span className="heatmap-trend__word"> {word}</span>}
    </td>
  );
}

export function PredictionCell({ prediction }: { prediction: WardPrediction | null }) {
  if (prediction === null) {
    return (
      <td className="heatmap-prediction" aria-label="Needs support: no prediction yet">
        <span className="heatmap-cell__nodata">no prediction yet</span>
      </td>
    );
  }
  const drivers = prediction.drivers.map((d) => d.label);
  return (
    <td className="heatmap-prediction">
      <span className="heatmap-prediction__value">{percentText(prediction.probability)}</span>
      {drivers.length > 0 && (
        <span className="heatmap-prediction__drivers" title={drivers.join(' · ')}>
          {drivers.join(' · ')}
        </span>
      )}
      {prediction.model.source === 'expert-default' && (
        <span
          className="heatmap-prediction__source"
          title="No model has been fitted on this trust's history yet; weights are expert estimates"
        >
          expert defaults
        </span>
      )}
    </td>
  );
}
