/**
 * Synthetic daily history of the ten safety measures per ward, for fitting and backtesting the
 * "needs extra support in the next 7 days" model before a trust has history of its own.
 *
 * Every figure comes from hidden drivers in a known way, so a test can check the model finds them:
 * each ward has two latent drivers, bed pressure and staffing stress (AR(1) processes with occasional
 * shocks); occupancy, patient movements and the patient-level counts follow bed pressure plus noise
 * and causes of their own; sickness (a few days behind), bank and agency use and fill rate follow
 * staffing stress; harm incidents per day are Poisson with a log-rate linear in standardised
 * occupancy, bank-agency, sickness and turbulence, with unequal weights (HIDDEN_DRIVER_EFFECTS). Measure values are then worked out from those daily figures as the
 * dashboard would have that day (staffing over the 7 days before, incidents over the trailing 7 days
 * per 1,000 OBD), with the same no-data cases: a stale incident and staffing read, an unknown flow,
 * a census not read, missing staffing days.
 *
 * The daily figures themselves (simulateWardDays) are also what the simulator serves as its FHIR
 * past (history-fhir.ts), so a reader backfilling from FHIR meets the same hidden drivers.
 *
 * Measure ids are literals here, as elsewhere in the simulator, so it cannot agree with the reader
 * by construction. Pure and seeded: the same options give the same rows.
 */
import { addDays } from '../util/dates.util.js';
import type { WardProfile } from '../trust/news2.model.js';
import { SeededRandom } from '../util/seeded-random.util.js';

export const SIMULATED_HISTORY_DAYS = 180;

export interface HistoryWard {
  id: string;
  profile: WardProfile;
  beds: number;
}

export interface WardHistoryOptions {
  seed: number;
  wards: readonly HistoryWard[];
  days: number;
  /** London calendar date 'YYYY-MM-DD' of the last day generated. */
  endDate: string;
}

export interface WardHistoryRow {
  wardId: string;
  date: string;
  /** The ten measure values of the ward's profile by measure id, null where the dashboard had no data. */
  values: Record<string, number | null>;
  /** Incidents of the profile's harm categories that day (each incident once). */
  harmIncidents: number;
  /** Beds occupied at the day's census: that day's occupied bed days. */
  occupiedBedDays: number;
}

/** One simulated day of a ward: the figures the measures are worked out from (see simulateWardDays). */
export interface SimulatedWardDay {
  /** London calendar date 'YYYY-MM-DD'. */
  date: string;
  /** Beds open that day (the ward's beds less the odd closed one). */
  open: number;
  /** Beds occupied at the day's census (never more than open). */
  occupied: number;
  /** Admissions, discharges and transfers that day. */
  movements: number;
  /** Nursing hours of the day; null for a day with no staffing report. */
  staffing: { planned: number; actual: number; bankAgency: number; sickness: number } | null;
  /** Harm incidents per category of the profile, in HARM_CATEGORY_ORDER. */
  incidents: number[];
}

export interface SimulatedWardHistory {
  wardId: string;
  profile: WardProfile;
  /** Oldest first, one per requested date. */
  days: SimulatedWardDay[];
}

/** Log-rate change of daily harm incidents per standard deviation of each driver (see HIDDEN_DRIVER_SCALES). */
export const HIDDEN_DRIVER_EFFECTS = Object.freeze({
  // Unequal on purpose, as on real wards: unfamiliar temporary staff and short-staffing matter more
  // to harm than a full ward does, and some measures (leave, delayed discharge) matter not at all.
  // The plain composite weighs them all alike; a model fitted on history can learn the difference.
  occupancy: 0.1,
  'bank-agency': 0.4,
  sickness: 0.2,
  turbulence: 0.25,
  /** A rise in sickness over the past week (a ward adapts to a steady level, not to a sudden drop in staff). */
  'sickness-rise': 0.35,
});

/** Centre and spread the drivers are standardised with in the incident log-rate (same units as the measures). */
export const HIDDEN_DRIVER_SCALES = Object.freeze({
  occupancy: { mean: 89, sd: 5 },
  'bank-agency': { mean: 15, sd: 6 },
  sickness: { mean: 4.5, sd: 1.8 },
  'sickness-rise': { mean: 0, sd: 1.2 },
  turbulence: { mean: 8, sd: 3.5 },
});

export const HISTORY_MEASURE_IDS: Readonly<Record<WardProfile, readonly string[]>> = Object.freeze({
  'mental-health': [
    'occupancy',
    'bank-agency',
    'sickness',
    'fill-rate',
    'turbulence',
    'enhanced-observations',
    'violence-aggression',
    'restrictive-practice',
    'awol',
    'self-harm',
  ],
  acute: [
    'occupancy',
    'bank-agency',
    'sickness',
    'fill-rate',
    'turbulence',
    'deteriorating',
    'falls',
    'hypoglycaemia',
    'delayed-discharges',
    'overdue-observations',
  ],
});

/** Days simulated before the first row so every window (7 days, sickness lag, AR(1)) is warmed up. */
const WARM_UP_DAYS = 30;
const AR_PERSISTENCE = 0.93;
/** Innovation sd giving the AR(1) part a stationary sd of about 1. */
const AR_NOISE = Math.sqrt(1 - AR_PERSISTENCE ** 2);
const SHOCK_CHANCE = 0.02;
const WARD_BASELINE_SD = 0.3;
const SICKNESS_LAG_DAYS = 4;
/** Log-scale sd of the patient-level counts' own causes. */
const OWN_CAUSE_SD = 0.5;

/** Harm incidents per occupied bed per day at average drivers; tuned so about a quarter of ward-weeks reach OUTCOME_RATE. */
const BASE_HARM_RATE: Readonly<Record<WardProfile, number>> = { 'mental-health': 0.016, acute: 0.0062 };
/** How a profile's harm incidents split between its categories. */
const HARM_SPLIT: Readonly<Record<WardProfile, readonly number[]>> = {
  'mental-health': [0.45, 0.35, 0.2],
  acute: [0.75, 0.25],
};

/**
 * What each slot of a day's `incidents` counts, as the measure ids name the category (restraint is
 * counted under restrictive practice).
 */
export const HARM_CATEGORY_ORDER: Readonly<Record<WardProfile, readonly string[]>> = Object.freeze({
  'mental-health': ['violence-aggression', 'restrictive-practice', 'self-harm'],
  acute: ['falls', 'hypoglycaemia'],
});

const STALE_READ_CHANCE = 0.012;
const FLOW_UNKNOWN_CHANCE = 0.01;
const CENSUS_UNREAD_CHANCE = 0.006;
const STAFFING_DAY_MISSING_CHANCE = 0.05;
const NURSING_HOURS_PER_BED = 7.5;

interface Day {
  /** Latent staffing stress: drives sickness (a few days later), bank and agency use and fill rate. */
  staffStress: number;
  open: number;
  occupied: number;
  /** Fractions of the day's hours. */
  sickness: number;
  staffing: { planned: number; actual: number; bankAgency: number; sickness: number } | null;
  movements: number;
  /** Per harm category of the profile, in HARM_SPLIT order. */
  incidents: number[];
  patients: { level6: number; level9: number; level10: number };
  stale: boolean;
  flowUnknown: boolean;
  censusUnread: boolean;
}

function normal(random: SeededRandom): number {
  return Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
}

function poisson(random: SeededRandom, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = random.next(); p > limit; p *= random.next()) k++;
  return k;
}

function clip(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}

const z = (v: number, s: { mean: number; sd: number }): number => (v - s.mean) / s.sd;

/** Per-profile means of the patient-level counts (slots 6, 9 and acute 10) at pressure 0, and their response to pressure. */
const PATIENT_COUNTS: Readonly<Record<WardProfile, ReadonlyArray<{ mean: number; perPressure: number }>>> = {
  // Levels close to what the live FHIR simulator shows, so the first live score continues the history
  // rather than jumping from it (a jump would read as every ward getting worse at once).
  'mental-health': [
    { mean: 2.2, perPressure: 0.35 },
    { mean: 0.3, perPressure: 0.15 },
    { mean: 0, perPressure: 0 },
  ],
  acute: [
    { mean: 2.8, perPressure: 0.3 },
    { mean: 3, perPressure: 0.1 },
    { mean: 2.2, perPressure: 0.35 },
  ],
};

function simulateWard(seed: number, index: number, ward: HistoryWard, total: number): Day[] {
  // One stream per ward: adding a ward leaves the others' histories as they were.
  const random = new SeededRandom(seed, 0x5157_0000 + index);
  const baseline = WARD_BASELINE_SD * normal(random);
  const split = HARM_SPLIT[ward.profile];
  const counts = PATIENT_COUNTS[ward.profile];
  // Two independent hidden drivers: bed pressure (occupancy, movements, acuity) and staffing stress.
  let bedAr = normal(random);
  let staffAr = normal(random);
  // The patient-level counts also have causes of their own (case mix, social care, bed flow) that do
  // not touch harm: a slow AR(1) per count, so not every measure is just pressure again.
  const own = counts.map(() => normal(random));
  const days: Day[] = [];
  for (let t = 0; t < total; t++) {
    bedAr =
      AR_PERSISTENCE * bedAr + AR_NOISE * normal(random) + (random.chance(SHOCK_CHANCE) ? random.between(1, 2.5) : 0);
    staffAr =
      AR_PERSISTENCE * staffAr + AR_NOISE * normal(random) + (random.chance(SHOCK_CHANCE) ? random.between(1, 2.5) : 0);
    const pressure = baseline + bedAr;
    const staffStress = staffAr;
    const lagged = days[t - SICKNESS_LAG_DAYS]?.staffStress ?? staffStress;

    const closed = random.chance(0.1) ? random.int(1, 2) : 0;
    const open = Math.max(0, ward.beds - closed);
    const occupancyPct = clip(89 + 4.5 * pressure + 2.5 * normal(random), 55, 100);
    const occupied = Math.min(open, Math.round((open * occupancyPct) / 100));

    const sickness = clip(0.045 + 0.015 * lagged + 0.012 * normal(random), 0, 0.25);
    const fill = clip(0.97 - 0.02 * staffStress - 0.5 * (sickness - 0.045) + 0.025 * normal(random), 0.7, 1.1);
    const bankAgency = clip(0.15 + 0.045 * staffStress + 0.8 * (sickness - 0.045) + 0.035 * normal(random), 0, 0.7);
    const planned = ward.beds * NURSING_HOURS_PER_BED;
    const actual = planned * fill;
    const staffing = random.chance(STAFFING_DAY_MISSING_CHANCE)
      ? null
      : { planned, actual, bankAgency: actual * bankAgency, sickness: planned * sickness };

    const movements = poisson(random, 2.7 * Math.exp(0.18 * pressure));
    const movements72h = movements + (days[t - 1]?.movements ?? movements) + (days[t - 2]?.movements ?? movements);

    const e = HIDDEN_DRIVER_EFFECTS;
    const s = HIDDEN_DRIVER_SCALES;
    const logRate =
      e.occupancy * z(occupancyPct, s.occupancy) +
      e['bank-agency'] * z(bankAgency * 100, s['bank-agency']) +
      e.sickness * z(sickness * 100, s.sickness) +
      e['sickness-rise'] * z((sickness - (days[t - 7]?.sickness ?? sickness)) * 100, s['sickness-rise']) +
      e.turbulence * z(movements72h, s.turbulence);
    const harmMean = BASE_HARM_RATE[ward.profile] * occupied * Math.exp(logRate);
    const incidents = split.map((share) => poisson(random, harmMean * share));

    for (let i = 0; i < own.length; i++) own[i] = AR_PERSISTENCE * (own[i] as number) + AR_NOISE * normal(random);
    const patient = (i: number): number => {
      const c = counts[i] as { mean: number; perPressure: number };
      const mean = c.mean * Math.exp(c.perPressure * pressure + OWN_CAUSE_SD * (own[i] as number));
      return c.mean === 0 ? 0 : Math.min(occupied, poisson(random, mean));
    };
    days.push({
      staffStress,
      open,
      occupied,
      sickness,
      staffing,
      movements,
      incidents,
      patients: { level6: patient(0), level9: patient(1), level10: patient(2) },
      stale: random.chance(STALE_READ_CHANCE),
      flowUnknown: random.chance(FLOW_UNKNOWN_CHANCE),
      censusUnread: random.chance(CENSUS_UNREAD_CHANCE),
    });
  }
  return days;
}

/** The dashboard's staffing measures over the 7 days before day t (days with a full report only; fewer than 4 is no data). */
function staffingMeasures(
  days: readonly Day[],
  t: number,
): { bankAgency: number | null; sickness: number | null; fill: number | null } {
  let n = 0;
  let planned = 0;
  let actual = 0;
  let bankAgency = 0;
  let sickness = 0;
  for (let k = t - 7; k < t; k++) {
    const s = days[k]?.staffing;
    if (!s) continue;
    n++;
    planned += s.planned;
    actual += s.actual;
    bankAgency += s.bankAgency;
    sickness += s.sickness;
  }
  if (n < 4) return { bankAgency: null, sickness: null, fill: null };
  return {
    bankAgency: round1((bankAgency / actual) * 100),
    sickness: round1((sickness / planned) * 100),
    fill: round1((actual / planned) * 100),
  };
}

function measureValues(profile: WardProfile, days: readonly Day[], t: number): Record<string, number | null> {
  const day = days[t] as Day;
  const ids = HISTORY_MEASURE_IDS[profile];
  // Trailing 7 days including today: the incidents the dashboard counts "in the last 7 days" at day's end.
  let obd = 0;
  const counts = (HARM_SPLIT[profile] as readonly number[]).map(() => 0);
  for (let k = t - 6; k <= t; k++) {
    const d = days[k] as Day;
    obd += d.occupied;
    d.incidents.forEach((c, i) => (counts[i] = (counts[i] as number) + c));
  }
  const per1000 = (c: number): number | null => (obd > 0 ? round1((c / obd) * 1000) : null);
  const staffing = staffingMeasures(days, t);
  const census = !day.censusUnread;
  const fresh = !day.stale;
  const slot1 = census && day.open > 0 ? round1((day.occupied / day.open) * 100) : null;
  const slot5 = day.flowUnknown
    ? null
    : day.movements + (days[t - 1] as Day).movements + (days[t - 2] as Day).movements;
  const values: Array<number | null> =
    profile === 'mental-health'
      ? [
          slot1,
          fresh ? staffing.bankAgency : null,
          fresh ? staffing.sickness : null,
          fresh ? staffing.fill : null,
          slot5,
          census ? day.patients.level6 : null,
          fresh ? per1000(counts[0] as number) : null,
          fresh ? per1000(counts[1] as number) : null,
          census ? day.patients.level9 : null,
          fresh ? per1000(counts[2] as number) : null,
        ]
      : [
          slot1,
          fresh ? staffing.bankAgency : null,
          fresh ? staffing.sickness : null,
          fresh ? staffing.fill : null,
          slot5,
          census ? day.patients.level6 : null,
          fresh ? per1000(counts[0] as number) : null,
          fresh ? (counts[1] as number) : null,
          census ? day.patients.level9 : null,
          census ? day.patients.level10 : null,
        ];
  return Object.fromEntries(ids.map((id, i) => [id, values[i] ?? null]));
}

/** The dates asked for, oldest first; refuses a bad end date or day count in the caller's name. */
function historyDates(caller: string, options: WardHistoryOptions): string[] {
  const { days, endDate } = options;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(endDate) || Number.isNaN(Date.parse(`${endDate}T12:00:00Z`)))
    throw new Error(`${caller}: endDate must be YYYY-MM-DD, got ${endDate}`);
  if (!Number.isInteger(days) || days < 0) throw new Error(`${caller}: days must be a whole number >= 0, got ${days}`);
  return Array.from({ length: days }, (_, i) => addDays(endDate, i - (days - 1)));
}

/** Rows ward by ward, each ward's days oldest first. */
export function generateWardHistory(options: WardHistoryOptions): WardHistoryRow[] {
  const { seed, wards, days } = options;
  const dates = historyDates('generateWardHistory', options);
  const rows: WardHistoryRow[] = [];
  wards.forEach((ward, index) => {
    const simulated = simulateWard(seed, index, ward, WARM_UP_DAYS + days);
    for (let i = 0; i < days; i++) {
      const t = WARM_UP_DAYS + i;
      const day = simulated[t] as Day;
      rows.push({
        wardId: ward.id,
        date: dates[i] as string,
        values: measureValues(ward.profile, simulated, t),
        harmIncidents: day.incidents.reduce((a, b) => a + b, 0),
        occupiedBedDays: day.occupied,
      });
    }
  });
  return rows;
}

/**
 * The daily figures behind generateWardHistory's rows (same options, same random streams, so the
 * same days), for building the trust's past as FHIR resources (history-fhir.ts): the reader then
 * works the measures out from those resources as it would at a trust.
 */
export function simulateWardDays(options: WardHistoryOptions): SimulatedWardHistory[] {
  const { seed, wards, days } = options;
  const dates = historyDates('simulateWardDays', options);
  return wards.map((ward, index) => {
    const simulated = simulateWard(seed, index, ward, WARM_UP_DAYS + days);
    return {
      wardId: ward.id,
      profile: ward.profile,
      days: dates.map((date, i) => {
        const day = simulated[WARM_UP_DAYS + i] as Day;
        return {
          date,
          open: day.open,
          occupied: day.occupied,
          movements: day.movements,
          staffing: day.staffing === null ? null : { ...day.staffing },
          incidents: [...day.incidents],
        };
      }),
    };
  });
}
