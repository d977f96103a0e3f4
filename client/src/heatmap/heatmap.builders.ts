/**
 * Typed heat-map builders for tests: a sensible default for everything, overrides for what a test is
 * about. Two wards, one of each profile, each with ten measures, as the demo trust has.
 */
import {
  DEFAULT_MEASURES,
  heatmapMeasures,
  type Heatmap,
  type HeatmapMeasure,
  type HeatmapRow,
  type MeasureCell,
  type WardPrediction,
  type WardProfile,
} from '@wardflow/shared';
import { NOW, minutesBefore } from '../testing/builders';

/** The catalogue's own ten measures per profile, as the server sends them (slots 1-5 shared, 6-10 by profile). */
export const TEST_MEASURES: HeatmapMeasure[] = heatmapMeasures(DEFAULT_MEASURES);

/** Ten green cells for a profile, value 1 each; `overrides` by measure id. */
export function makeCells(profile: WardProfile, overrides: Record<string, Partial<MeasureCell>> = {}): MeasureCell[] {
  return TEST_MEASURES.filter((m) => m.profiles.includes(profile)).map((m) => ({
    measureId: m.id,
    value: 1,
    band: 'green' as const,
    ...overrides[m.id],
  }));
}

export function makePrediction(overrides: Partial<WardPrediction> = {}): WardPrediction {
  return {
    probability: 0.42,
    drivers: [
      { feature: 'occupancy', measureId: 'occupancy', label: 'Bed occupancy', contribution: 0.8 },
      { feature: 'sickness', measureId: 'sickness', label: 'Staff sickness', contribution: 0.4 },
    ],
    model: { source: 'fitted', fittedAt: minutesBefore(24 * 60), trainingRows: 5000 },
    ...overrides,
  };
}

export function makeRow(overrides: Partial<HeatmapRow> = {}): HeatmapRow {
  const profile = overrides.profile ?? 'acute';
  return {
    wardId: profile === 'acute' ? 'ward-2a' : 'ward-rowan',
    name: profile === 'acute' ? 'Ward 2A General Medicine' : 'Rowan Ward',
    siteId: 'site-1',
    siteName: 'North General',
    profile,
    asOf: minutesBefore(10),
    freshness: 'fresh',
    cells: makeCells(profile),
    composite: { value: 12.5, band: 'green' },
    trend: 'steady',
    prediction: makePrediction(),
    ...overrides,
  };
}

export function makeHeatmap(overrides: Partial<Heatmap> = {}): Heatmap {
  return {
    asOf: minutesBefore(10),
    serverTime: new Date(NOW).toISOString(),
    version: 1,
    measures: TEST_MEASURES,
    wards: [makeRow({ profile: 'mental-health' }), makeRow({ profile: 'acute' })],
    ...overrides,
  };
}
