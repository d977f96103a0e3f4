/**
 * The safety heat map (docs/design.md sections 6 and 9): every ward's ten cells, composite, trend and
 * prediction, composed from stored scores at a given server time. Used by the REST API and the
 * socket broadcast alike, so they never disagree. Freshness comes from the ward's board: a ward
 * whose data has expired keeps its numbers but loses its colours (CS-2), as on the wall display.
 */
import { freshnessOf, DEFAULT_FRESHNESS, type Freshness, type FreshnessThresholds } from './freshness.js';
import type { Band, CompositeScore, MeasureCell, MeasureDefinition, Trend } from './measures/measure.types.js';
import type { LogisticModel } from './prediction/logistic.js';
import type { PredictionDriver } from './prediction/predict.js';
import type { WardProfile } from './ward.types.js';

/** "This ward may need extra support in the next 7 days": the probability, why, and from which model. */
export interface WardPrediction {
  probability: number;
  drivers: PredictionDriver[];
  model: { source: LogisticModel['source']; fittedAt: string; trainingRows: number };
}

/** One ward's stored score, as the scoring job wrote it. */
export interface StoredScore {
  /** Time of the snapshot scored (UTC ISO). */
  at: string;
  cells: MeasureCell[];
  composite: CompositeScore;
  trend: Trend | null;
  prediction: WardPrediction | null;
}

export interface HeatmapWardInput {
  wardId: string;
  name: string;
  siteId: string;
  siteName: string;
  profile: WardProfile;
  /** The ward board's snapshot time and why it is not current, from board state. */
  boardAsOf: string | null;
  boardStale: boolean;
  staleReason: string | null;
  score: StoredScore | null;
}

export interface HeatmapRow {
  wardId: string;
  name: string;
  siteId: string;
  siteName: string;
  profile: WardProfile;
  /** When the scored data was read from FHIR; null before the first score. */
  asOf: string | null;
  freshness: Freshness;
  staleReason?: string;
  /** In slot order. Bands are null when the data has expired: the numbers stay, the colours go (CS-2). */
  cells: MeasureCell[];
  composite: { value: number | null; band: Band | null; reason?: string };
  trend: Trend | null;
  prediction: WardPrediction | null;
}

export interface HeatmapMeasure {
  id: string;
  slot: number;
  label: string;
  unit: string;
  window: MeasureDefinition['window'];
  direction: MeasureDefinition['direction'];
  profiles: WardProfile[];
}

export interface Heatmap {
  /** The newest score's data time, or null before any. */
  asOf: string | null;
  serverTime: string;
  /** Increases with every new score (RT). */
  version: number;
  measures: HeatmapMeasure[];
  /** Highest risk first: probability, then composite, then name. */
  wards: HeatmapRow[];
}

/** Every measure either profile uses, once, in slot order (a ward's cells name theirs by id). */
export function heatmapMeasures(
  definitions: Readonly<Record<WardProfile, readonly MeasureDefinition[]>>,
): HeatmapMeasure[] {
  const byId = new Map<string, HeatmapMeasure>();
  for (const profile of ['mental-health', 'acute'] as const) {
    for (const d of definitions[profile]) {
      const known = byId.get(d.id);
      if (known !== undefined) known.profiles.push(profile);
      else
        byId.set(d.id, {
          id: d.id,
          slot: d.slot,
          label: d.label,
          unit: d.unit,
          window: d.window,
          direction: d.direction,
          profiles: [profile],
        });
    }
  }
  return [...byId.values()].sort((a, b) => a.slot - b.slot || a.profiles[0]!.localeCompare(b.profiles[0]!));
}

/** What the heat map needs of a ward's board state: when its data is from, and why it may not be current. */
export interface BoardFreshnessInput {
  asOf: string | null;
  lastPollOk: boolean | null;
  staleReason: string | null;
}

/**
 * A ward's heat-map input from the ward, its board state (absent before the first poll) and its latest
 * score: the one place that decides a ward's board counts as stale (a failed poll or a held reason).
 */
export function heatmapWardInput(
  ward: Pick<HeatmapWardInput, 'wardId' | 'name' | 'siteId' | 'siteName' | 'profile'>,
  board: BoardFreshnessInput | null | undefined,
  score: StoredScore | null | undefined,
): HeatmapWardInput {
  return {
    ...ward,
    boardAsOf: board?.asOf ?? null,
    boardStale: board?.lastPollOk === false || (board?.staleReason ?? null) !== null,
    staleReason: board?.staleReason ?? null,
    score: score ?? null,
  };
}

/**
 * One ward's row at server time `now`: the numbers always, the colours only while the data is not
 * expired (CS-2), and the reason whenever it is not fresh. The heat map and the ward's own wall
 * display both use it, so they never disagree about a ward.
 */
export function composeHeatmapRow(
  w: HeatmapWardInput,
  now: number,
  thresholds: FreshnessThresholds = DEFAULT_FRESHNESS,
): HeatmapRow {
  const asOf = w.score?.at ?? null;
  const freshness = freshnessOf(w.boardAsOf ?? asOf, now, w.boardStale, thresholds);
  const colours = freshness !== 'expired';
  const staleReason =
    freshness === 'fresh'
      ? undefined
      : (w.staleReason ?? (asOf === null ? 'No score yet' : 'No successful poll since the time shown'));
  const composite = w.score?.composite ?? { value: null, band: null, measured: 0, missing: 0, reason: 'No score yet' };
  return {
    wardId: w.wardId,
    name: w.name,
    siteId: w.siteId,
    siteName: w.siteName,
    profile: w.profile,
    asOf,
    freshness,
    ...(staleReason === undefined ? {} : { staleReason }),
    cells: (w.score?.cells ?? []).map((c) => (colours ? c : { ...c, band: null })),
    composite: {
      value: composite.value,
      band: colours ? composite.band : null,
      ...(composite.reason === undefined ? {} : { reason: composite.reason }),
    },
    trend: w.score?.trend ?? null,
    prediction: w.score?.prediction ?? null,
  };
}

export function composeHeatmap(
  wards: readonly HeatmapWardInput[],
  measures: HeatmapMeasure[],
  version: number,
  now: number,
  thresholds: FreshnessThresholds = DEFAULT_FRESHNESS,
): Heatmap {
  const rows = wards.map((w) => composeHeatmapRow(w, now, thresholds));
  rows.sort(
    (a, b) =>
      (b.prediction?.probability ?? -1) - (a.prediction?.probability ?? -1) ||
      (b.composite.value ?? -1) - (a.composite.value ?? -1) ||
      a.name.localeCompare(b.name, 'en-GB'),
  );
  const times = rows
    .map((r) => r.asOf)
    .filter((t): t is string => t !== null)
    .sort();
  return { asOf: times.at(-1) ?? null, serverTime: new Date(now).toISOString(), version, measures, wards: rows };
}

/**
 * The ward's own heat-map row, for its wall display header: the ten measures of its profile, in slot
 * order, and the row. `version` is the heat map's version when it was composed, so a screen keeps the
 * newer of the row that came with a board and one pushed after a later score (RT).
 */
export interface WardSafety {
  version: number;
  measures: HeatmapMeasure[];
  row: HeatmapRow;
}

/** The `ward:safety` socket event: a ward's new row after it was scored. */
export interface WardSafetyUpdate {
  wardId: string;
  safety: WardSafety;
}

/** A ward's safety strip: only its own profile's measures, so the strip has exactly its ten cells. */
export function wardSafetyOf(row: HeatmapRow, measures: readonly HeatmapMeasure[], version: number): WardSafety {
  return { version, measures: measures.filter((m) => m.profiles.includes(row.profile)), row };
}

/**
 * The heat map as one caller may see it: only the rows `keep` allows (their scope), with the data
 * time recomputed from those rows, so a narrower view never claims a wider view's newer data.
 */
export function heatmapLimitedTo(heatmap: Heatmap, keep: (row: HeatmapRow) => boolean): Heatmap {
  const wards = heatmap.wards.filter(keep);
  const times = wards
    .map((r) => r.asOf)
    .filter((t): t is string => t !== null)
    .sort();
  return { ...heatmap, asOf: times.at(-1) ?? null, wards };
}
