/**
 * Words the heat map uses. Pure; freshness is judged against the estimated server time, never the
 * screen's own clock (CS-2).
 */
import { freshnessOnScreen, type Band, type Freshness, type HeatmapRow, type Trend } from '@wardflow/shared';

/**
 * A row's freshness for the moment on screen. The heat map is pushed only when a score changes, so a
 * ward whose polls stop would otherwise stay "fresh" on screen for ever; ageing it here catches that.
 * The server's verdict is a floor: it knows of failed polls the age alone does not show.
 */
export function rowFreshness(row: HeatmapRow, serverNow: number | null): Freshness {
  // A row with no score yet keeps the server's word: its board may be current while its score is not there.
  if (row.asOf === null) return row.freshness;
  return freshnessOnScreen(
    row.freshness,
    row.asOf,
    serverNow,
    row.freshness === 'stale' && row.staleReason !== undefined,
  );
}

/** Band in words, so no cell relies on colour alone (CS-9). Green is quiet: a tick, not a shout. */
export function bandWord(band: Band): string {
  switch (band) {
    case 'red':
      return 'RED';
    case 'amber':
      return 'AMBER';
    case 'green':
      return 'OK';
  }
}

/** Numbers read the same at every size: at most one decimal place, none when whole. */
export function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/** "96.4%" (the sign belongs to the number) or the number with its unit apart: "3" "patients". */
export function valueParts(value: number, unit: string): { number: string; unit: string } {
  return unit === '%' ? { number: `${formatNumber(value)}%`, unit: '' } : { number: formatNumber(value), unit };
}

export function valueText(value: number, unit: string): string {
  const parts = valueParts(value, unit);
  return parts.unit === '' ? parts.number : `${parts.number} ${parts.unit}`;
}

export interface TrendLabel {
  arrow: string;
  word: string;
}

/** Arrow and word; the arrow points up for worse because every score here is "higher is worse". */
export function trendLabel(trend: Trend | null): TrendLabel {
  switch (trend) {
    case 'worse':
      return { arrow: '▲', word: 'worse' };
    case 'better':
      return { arrow: '▼', word: 'better' };
    case 'steady':
      return { arrow: '►', word: 'steady' };
    case null:
      return { arrow: '—', word: '' };
  }
}

/** "42%": whole percent, as a probability is not known closer than that. */
export function percentText(probability: number): string {
  return `${Math.round(probability * 100)}%`;
}
