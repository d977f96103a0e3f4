/**
 * The ten safety measures of each ward profile (docs/design.md section 6, the ten safety measures), the
 * trust's and ward's threshold overrides, and how a value maps to a band.
 */
import type { WardProfile } from '../ward.types.js';
import type { Band, MeasureDefinition, ThresholdOverrides } from './measure.types.js';

type Def = MeasureDefinition;

const PER_1000_OBD = 'per 1,000 OBD';

// Slots 1-5 are the same measures on both kinds of ward.
const SHARED: readonly Def[] = [
  {
    id: 'occupancy',
    slot: 1,
    label: 'Bed occupancy',
    unit: '%',
    window: 'now',
    direction: 'higher-is-worse',
    amber: 90,
    red: 95,
    weight: 1.5,
    description:
      'How full the ward is now: occupied beds as a share of the beds open for use (closed and blocked beds left out). A patient on leave keeps their bed, so counts as occupied.',
  },
  {
    id: 'bank-agency',
    slot: 2,
    label: 'Bank and agency usage',
    unit: '%',
    window: '7d',
    direction: 'higher-is-worse',
    amber: 15,
    red: 25,
    weight: 1.5,
    description:
      'Share of the hours worked over the last 7 full days that were covered by bank or agency staff rather than the ward’s own team.',
  },
  {
    id: 'sickness',
    slot: 3,
    label: 'Staff sickness',
    unit: '%',
    window: '7d',
    direction: 'higher-is-worse',
    amber: 4,
    red: 6,
    weight: 1.5,
    description: 'Hours lost to staff sickness over the last 7 full days, as a share of the hours planned on the rota.',
  },
  {
    id: 'fill-rate',
    slot: 4,
    label: 'Shift fill rate',
    unit: '%',
    window: '7d',
    direction: 'lower-is-worse',
    amber: 95,
    red: 90,
    weight: 1,
    description:
      'Hours actually worked over the last 7 full days as a share of the hours planned on the rota. Lower means more shifts went short.',
  },
  {
    id: 'turbulence',
    slot: 5,
    label: 'Patient movements',
    unit: 'count',
    window: '72h',
    direction: 'higher-is-worse',
    amber: 8,
    red: 12,
    weight: 1,
    description:
      'Admissions plus transfers in and out over the last 72 hours. A lot of coming and going makes the ward harder to run safely.',
  },
];

const MENTAL_HEALTH: readonly Def[] = [
  ...SHARED,
  {
    id: 'enhanced-observations',
    slot: 6,
    label: 'Enhanced observations',
    unit: 'patients',
    window: 'now',
    direction: 'higher-is-worse',
    amber: 2,
    red: 4,
    weight: 1,
    description:
      'Patients on within-eyesight or arm’s-length observation now, each needing a member of staff with them.',
  },
  {
    id: 'violence-aggression',
    slot: 7,
    label: 'Violence and aggression',
    unit: PER_1000_OBD,
    window: '7d',
    direction: 'higher-is-worse',
    amber: 20,
    red: 40,
    weight: 1,
    description:
      'Violence and aggression incidents in the last 7 days, per 1,000 occupied bed days (one patient in a bed for one day is one bed day), so wards of different sizes compare fairly.',
  },
  {
    id: 'restrictive-practice',
    slot: 8,
    label: 'Restrictive practice',
    unit: PER_1000_OBD,
    window: '7d',
    direction: 'higher-is-worse',
    amber: 15,
    red: 30,
    weight: 1,
    description:
      'Incidents in the last 7 days involving restraint, seclusion or rapid tranquillisation (an incident with more than one counts once), per 1,000 occupied bed days.',
  },
  {
    id: 'awol',
    slot: 9,
    label: 'Absent without leave',
    unit: 'patients',
    window: 'now',
    direction: 'higher-is-worse',
    amber: 1,
    red: 2,
    weight: 1,
    description: 'Patients currently absent without leave (AWOL).',
  },
  {
    id: 'self-harm',
    slot: 10,
    label: 'Self-harm',
    unit: PER_1000_OBD,
    window: '7d',
    direction: 'higher-is-worse',
    amber: 10,
    red: 20,
    weight: 1,
    description: 'Self-harm incidents in the last 7 days, per 1,000 occupied bed days.',
  },
];

const ACUTE: readonly Def[] = [
  ...SHARED,
  {
    id: 'deteriorating',
    slot: 6,
    label: 'Deteriorating patients',
    unit: 'patients',
    window: 'now',
    direction: 'higher-is-worse',
    amber: 2,
    red: 4,
    weight: 1,
    description: 'Patients whose latest NEWS2 score is 5 or more, who need urgent review by a clinician.',
  },
  {
    id: 'falls',
    slot: 7,
    label: 'Falls',
    unit: PER_1000_OBD,
    window: '7d',
    direction: 'higher-is-worse',
    amber: 7,
    red: 10,
    weight: 1,
    description:
      'Patient falls in the last 7 days, per 1,000 occupied bed days (one patient in a bed for one day is one bed day), so wards of different sizes compare fairly.',
  },
  {
    id: 'hypoglycaemia',
    slot: 8,
    label: 'Hypoglycaemia',
    unit: 'count',
    window: '7d',
    direction: 'higher-is-worse',
    amber: 2,
    red: 4,
    weight: 1,
    description: 'Hypoglycaemia (low blood sugar) incidents in the last 7 days.',
  },
  {
    id: 'delayed-discharges',
    slot: 9,
    label: 'Delayed discharges',
    unit: 'patients',
    window: 'now',
    direction: 'higher-is-worse',
    amber: 2,
    red: 4,
    weight: 1,
    description:
      'Patients still on the ward a day or more after their discharge-ready date (no longer meeting the criteria to reside); where readiness is not recorded, after their expected discharge date or with an overdue discharge task.',
  },
  {
    id: 'overdue-observations',
    slot: 10,
    label: 'Overdue observations',
    unit: 'patients',
    window: 'now',
    direction: 'higher-is-worse',
    amber: 1,
    red: 3,
    weight: 1,
    description: 'Patients whose next set of NEWS2 observations is due now or overdue, or who have no NEWS2 on record.',
  },
];

/**
 * Measures a trust may add to a profile's ten by naming them in WARDS_CONFIG `thresholds` (with `{}` for
 * the catalogue's thresholds). Slot 11 and up: after the ten, and outside the prediction model, which
 * was fitted on the ten.
 */
const OPTIONAL: Readonly<Record<WardProfile, readonly Def[]>> = {
  'mental-health': [],
  acute: [
    {
      id: 'vte-prophylaxis',
      slot: 11,
      label: 'VTE prophylaxis',
      unit: '%',
      window: 'now',
      direction: 'lower-is-worse',
      amber: 95,
      red: 90,
      weight: 1,
      description:
        'Of the patients whose VTE risk assessment calls for prophylaxis, the share with a blood thinner prescribed now (M-BRACE).',
    },
  ],
};

function frozen(defs: readonly Def[]): readonly Def[] {
  return Object.freeze(defs.map((d) => Object.freeze({ ...d })));
}

export const DEFAULT_MEASURES: Readonly<Record<WardProfile, readonly MeasureDefinition[]>> = Object.freeze({
  'mental-health': frozen(MENTAL_HEALTH),
  acute: frozen(ACUTE),
});

/** The optional measures of each profile, off unless the trust's thresholds name them. */
export const OPTIONAL_MEASURES: Readonly<Record<WardProfile, readonly MeasureDefinition[]>> = Object.freeze({
  'mental-health': frozen(OPTIONAL['mental-health']),
  acute: frozen(OPTIONAL.acute),
});

const OVERRIDABLE = ['amber', 'red', 'weight'] as const;

/**
 * The measures of a profile with overrides applied in order (profile level, then ward level). Throws
 * a descriptive Error for an unknown measure id, a value that is not a finite number, a negative
 * weight, or thresholds in the wrong order for the direction, so config validation can report it.
 * The order is checked on the final result, so a ward may move both thresholds past the trust's.
 */
export function measuresFor(profile: WardProfile, ...overrides: ThresholdOverrides[]): MeasureDefinition[] {
  const defaults = DEFAULT_MEASURES[profile];
  const optional = OPTIONAL_MEASURES[profile];
  const defs = defaults.map((d) => ({ ...d }));
  overrides.forEach((layer, index) => {
    for (const [id, change] of Object.entries(layer)) {
      let def = defs.find((d) => d.id === id);
      // Naming an optional measure turns it on, with the catalogue's thresholds unless given.
      const extra = def === undefined ? optional.find((d) => d.id === id) : undefined;
      if (extra !== undefined) {
        def = { ...extra };
        defs.push(def);
      }
      if (def === undefined)
        throw new Error(
          `Measure override ${index + 1}: "${id}" is not a ${profile} measure (known: ${[...defaults, ...optional].map((d) => d.id).join(', ')})`,
        );
      if (change === undefined) continue;
      for (const key of OVERRIDABLE) {
        const value: unknown = change[key];
        if (value === undefined) continue;
        if (typeof value !== 'number' || !Number.isFinite(value))
          throw new Error(
            `Measure override ${index + 1}: ${key} of "${id}" must be a finite number, not ${JSON.stringify(value)}`,
          );
        def[key] = value;
      }
    }
  });
  for (const def of defs) {
    if (def.weight < 0)
      throw new Error(`Measure "${def.id}" (${profile}): weight must not be negative, got ${def.weight}`);
    const ordered = def.direction === 'higher-is-worse' ? def.amber < def.red : def.amber > def.red;
    if (!ordered) {
      const rule = def.direction === 'higher-is-worse' ? 'amber must be below red' : 'amber must be above red';
      throw new Error(
        `Measure "${def.id}" (${profile}) is ${def.direction}, so ${rule}; got amber ${def.amber}, red ${def.red}`,
      );
    }
  }
  return defs;
}

/** The band of a value; thresholds are inclusive (exactly at amber is amber, exactly at red is red). */
export function bandFor(value: number, def: Pick<MeasureDefinition, 'direction' | 'amber' | 'red'>): Band {
  if (def.direction === 'higher-is-worse') return value >= def.red ? 'red' : value >= def.amber ? 'amber' : 'green';
  return value <= def.red ? 'red' : value <= def.amber ? 'amber' : 'green';
}
