/**
 * Typed heat-map builders for tests: a sensible default for everything, overrides for what a test is
 * about. Two wards, one of each profile, each with ten measures, as the demo trust has.
 */
import type { Heatmap, HeatmapMeasure, HeatmapRow, MeasureCell, WardPrediction, WardProfile } from '@wardflow/shared';
import { NOW, minutesBefore } from '../testing/builders';

const both: WardProfile[] = ['mental-health', 'acute'];

/** Slots 1-5 are shared; 6-10 differ by profile, as in the measure catalogue. */
export const TEST_MEASURES: HeatmapMeasure[] = [
  {
    id: 'occupancy',
    slot: 1,
    label: 'Bed occupancy',
    unit: '%',
    window: 'now',
    direction: 'higher-is-worse',
    profiles: both,
  },
  {
    id: 'bank-agency',
    slot: 2,
    label: 'Bank and agency usage',
    unit: '%',
    window: '7d',
    direction: 'higher-is-worse',
    profiles: both,
  },
  {
    id: 'sickness',
    slot: 3,
    label: 'Staff sickness',
    unit: '%',
    window: '7d',
    direction: 'higher-is-worse',
    profiles: both,
  },
  {
    id: 'fill-rate',
    slot: 4,
    label: 'Shift fill rate',
    unit: '%',
    window: '7d',
    direction: 'lower-is-worse',
    profiles: both,
  },
  {
    id: 'turbulence',
    slot: 5,
    label: 'Patient movements',
    unit: 'count',
    window: '72h',
    direction: 'higher-is-worse',
    profiles: both,
  },
  {
    id: 'enhanced-observations',
    slot: 6,
    label: 'Enhanced observations',
    unit: 'patients',
    window: 'now',
    direction: 'higher-is-worse',
    profiles: ['mental-health'],
  },
  {
    id: 'deteriorating',
    slot: 6,
    label: 'Deteriorating patients',
    unit: 'patients',
    window: 'now',
    direction: 'higher-is-worse',
    profiles: ['acute'],
  },
  {
    id: 'violence-aggression',
    slot: 7,
    label: 'Violence and aggression',
    unit: 'per 1,000 OBD',
    window: '7d',
    direction: 'higher-is-worse',
    profiles: ['mental-health'],
  },
  {
    id: 'falls',
    slot: 7,
    label: 'Falls',
    unit: 'per 1,000 OBD',
    window: '7d',
    direction: 'higher-is-worse',
    profiles: ['acute'],
  },
  {
    id: 'restrictive-practice',
    slot: 8,
    label: 'Restrictive practice',
    unit: 'per 1,000 OBD',
    window: '7d',
    direction: 'higher-is-worse',
    profiles: ['mental-health'],
  },
  {
    id: 'hypoglycaemia',
    slot: 8,
    label: 'Hypoglycaemia',
    unit: 'count',
    window: '7d',
    direction: 'higher-is-worse',
    profiles: ['acute'],
  },
  {
    id: 'awol',
    slot: 9,
    label: 'Absent without leave',
    unit: 'patients',
    window: 'now',
    direction: 'higher-is-worse',
    profiles: ['mental-health'],
  },
  {
    id: 'delayed-discharges',
    slot: 9,
    label: 'Delayed discharges',
    unit: 'patients',
    window: 'now',
    direction: 'higher-is-worse',
    profiles: ['acute'],
  },
  {
    id: 'self-harm',
    slot: 10,
    label: 'Self-harm',
    unit: 'per 1,000 OBD',
    window: '7d',
    direction: 'higher-is-worse',
    profiles: ['mental-health'],
  },
  {
    id: 'overdue-observations',
    slot: 10,
    label: 'Overdue observations',
    unit: 'patients',
    window: 'now',
    direction: 'higher-is-worse',
    profiles: ['acute'],
  },
];

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
