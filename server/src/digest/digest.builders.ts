/**
 * Typed builders for digest tests and the bench: heat-map rows with the real measure definitions
 * and bands computed by the real thresholds, so what a test renders looks like what a ward sends.
 */
import {
  bandFor,
  composeDigest,
  DEFAULT_DIGEST_THRESHOLD,
  DEFAULT_MEASURES,
  heatmapMeasures,
  type DigestContent,
  type DigestWardInput,
  type HeatmapRow,
  type Lead,
  type WardProfile,
} from '@wardflow/shared';

export const BUILDER_MEASURES = heatmapMeasures(DEFAULT_MEASURES);

/** A deterministic ward: values spread around each measure's thresholds by `seed`. */
export function makeDigestWard(
  wardId: string,
  seed: number,
  overrides: Partial<HeatmapRow> = {},
  profile: WardProfile = seed % 2 === 0 ? 'acute' : 'mental-health',
): DigestWardInput {
  const cells = DEFAULT_MEASURES[profile].map((d, i) => {
    // 0.6 .. 1.4 of the amber threshold, varying by ward and measure.
    const factor = 0.6 + (((seed * 7 + i * 3) % 9) / 8) * 0.8;
    const value = Math.round(d.amber * factor * 10) / 10;
    return { measureId: d.id, value, band: bandFor(value, d) };
  });
  const composite = 10 + ((seed * 13) % 45);
  const probability = Math.round((0.1 + ((seed * 17) % 60) / 100) * 100) / 100;
  const row: HeatmapRow = {
    wardId,
    name: `Ward ${wardId}`,
    siteId: `site-${(seed % 3) + 1}`,
    siteName: ['Royal Infirmary', 'Cedar House', 'St Anne\u2019s'][seed % 3]!,
    profile,
    asOf: '2026-03-30T05:45:00.000Z',
    freshness: 'fresh',
    cells,
    composite: { value: composite, band: composite >= 40 ? 'red' : composite >= 20 ? 'amber' : 'green' },
    trend: 'worse',
    prediction: {
      probability,
      drivers: [
        {
          feature: cells[0]!.measureId,
          measureId: cells[0]!.measureId,
          label: DEFAULT_MEASURES[profile][0]!.label,
          contribution: 0.7,
        },
        {
          feature: `${cells[2]!.measureId}:delta`,
          measureId: cells[2]!.measureId,
          label: `${DEFAULT_MEASURES[profile][2]!.label}: 7-day change`,
          contribution: 0.3,
        },
      ],
      model: { source: 'fitted', fittedAt: '2026-03-30T02:00:00.000Z', trainingRows: 2000 },
    },
    ...overrides,
  };
  return {
    row,
    weekBefore: {
      at: '2026-03-23T05:45:00.000Z',
      composite: Math.max(0, composite - 6 + (seed % 5)),
      probability: Math.max(0, probability - 0.08),
    },
    daily: Array.from({ length: 42 }, (_, d) => ({
      date: `day-${d}`,
      composite: Math.max(0, Math.round(composite - 12 + 12 * Math.sin((d + seed) / 5) + d / 4)),
    })),
  };
}

export function makeDigest(
  lead: Lead,
  wards: DigestWardInput[],
  now = Date.parse('2026-03-30T06:00:00Z'),
): DigestContent {
  return composeDigest({
    lead,
    week: '2026-03-30',
    now,
    measures: BUILDER_MEASURES,
    wards,
    threshold: DEFAULT_DIGEST_THRESHOLD,
    dashboardUrl: 'http://127.0.0.1:3000',
  });
}
