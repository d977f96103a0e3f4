/** Typed builders for digest tests: real measure definitions, one heat-map row per ward. */
import { heatmapMeasures, type HeatmapMeasure, type HeatmapRow } from '../heatmap.js';
import { DEFAULT_MEASURES } from '../measures/measure-catalogue.js';
import type { Band } from '../measures/measure.types.js';
import type { WardProfile } from '../ward.types.js';
import type { DigestWardInput } from './digest-content.js';

export const DIGEST_MEASURES: HeatmapMeasure[] = heatmapMeasures(DEFAULT_MEASURES);

/** A row whose cells carry `value` = slot * 10 and bands cycling green, amber, red by slot. */
export function makeRow(wardId: string, overrides: Partial<HeatmapRow> & { profile?: WardProfile } = {}): HeatmapRow {
  const profile = overrides.profile ?? 'acute';
  const bands: Band[] = ['green', 'amber', 'red'];
  return {
    wardId,
    name: `Ward ${wardId}`,
    siteId: 'site-1',
    siteName: 'General Hospital',
    profile,
    asOf: '2026-03-30T05:45:00.000Z',
    freshness: 'fresh',
    cells: DEFAULT_MEASURES[profile].map((d) => ({
      measureId: d.id,
      value: d.slot * 10,
      band: bands[d.slot % 3] as Band,
    })),
    composite: { value: 35, band: 'amber' },
    trend: 'worse',
    prediction: {
      probability: 0.42,
      drivers: [
        { feature: 'occupancy', measureId: 'occupancy', label: 'Occupancy', contribution: 0.8 },
        { feature: 'sickness:delta', measureId: 'sickness', label: 'Staff sickness: 7-day change', contribution: 0.4 },
      ],
      model: { source: 'fitted', fittedAt: '2026-03-30T02:00:00.000Z', trainingRows: 1000 },
    },
    ...overrides,
  };
}

export function makeWardInput(
  wardId: string,
  overrides: Partial<HeatmapRow> & { profile?: WardProfile } = {},
  extra: Partial<DigestWardInput> = {},
): DigestWardInput {
  return {
    row: makeRow(wardId, overrides),
    weekBefore: { at: '2026-03-23T06:00:00.000Z', composite: 28, probability: 0.3 },
    daily: Array.from({ length: 28 }, (_, i) => ({
      date: `2026-03-${String(i + 1).padStart(2, '0')}`,
      composite: 20 + (i % 7) * 3,
    })),
    ...extra,
  };
}
