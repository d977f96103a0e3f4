/**
 * The ten ward safety measures (docs/design.md section 6, the ten safety measures): what each measure is, one computed
 * value per measure ("cell"), and the composite score built from the cells.
 */
import type { Census, PatientOnBoard, WardContext, WardProfile } from '../ward.types.js';

export type Band = 'green' | 'amber' | 'red';

export type MeasureDirection = 'higher-is-worse' | 'lower-is-worse';

export interface MeasureDefinition {
  /** Stable id, unique within a profile, e.g. "bank-agency". */
  id: string;
  /** Position 1..10 on the screen; the same slot means the same kind of risk in both profiles. */
  slot: number;
  label: string;
  unit: string;
  window: 'now' | '72h' | '7d';
  direction: MeasureDirection;
  /** Thresholds are inclusive: a value exactly at amber is amber. */
  amber: number;
  red: number;
  /** Weight in the composite score. */
  weight: number;
  /** What the measure means, for a ward manager. */
  description: string;
}

export interface MeasureCell {
  measureId: string;
  /** Rounded to 1 decimal; null when there is no data (never 0 for "no data"). */
  value: number | null;
  /** Null only when value is null. */
  band: Band | null;
  /** Why there is no data; present only when value is null. */
  reason?: string;
  /** How the value was reached when that matters to the reader, e.g. "from 5 of 7 days". */
  detail?: string;
  /**
   * Where the figures behind a staffing or incident value came from, e.g. "Staffing: roster import,
   * Sat 6 Dec 07:00 GMT" or "Incidents: FHIR, read Sat 6 Dec 07:00 GMT" (docs/design.md section 6,
   * "Staffing and incidents from CSV feeds"). Absent on other measures, and on scores kept from before.
   */
  source?: string;
}

/** Where one part of a ward's context came from: the FHIR read, or a CSV feed imported at a time (UTC ISO). */
export type ContextSource = { kind: 'fhir'; readAt: string } | { kind: 'import'; importedAt: string };

/** Where a ward context's staffing days and incidents came from, for the cells' `source`. */
export interface ContextSources {
  /** Per London date of a staffing day in the context. */
  staffing: Readonly<Record<string, ContextSource>>;
  /** Every source that spoke for the incident window: the FHIR read, and the latest incident import. */
  incidents: readonly ContextSource[];
}

export interface MeasureInputs {
  profile: WardProfile;
  /** Epoch ms. */
  now: number;
  census: Census;
  patients: PatientOnBoard[];
  wardContext: WardContext | null;
  /** Movements in the last 72 h, or null when not known. */
  flow: { admissions: number; transfersIn: number; transfersOut: number } | null;
  /** Occupied bed days over the incident window, or null to estimate from today's occupancy. */
  occupiedBedDays7d: number | null;
  /** Where `wardContext`'s staffing days and incidents came from (FHIR, CSV feeds); absent: cells name no source. */
  sources?: ContextSources;
}

/** Per measure id; applied in order (profile level, then ward level). */
export type ThresholdOverrides = Partial<Record<string, Partial<Pick<MeasureDefinition, 'amber' | 'red' | 'weight'>>>>;

export interface CompositeScore {
  /** 0..100, higher is worse; null when too much of the weight has no data. */
  value: number | null;
  band: Band | null;
  /** Measures with data. */
  measured: number;
  /** Measures without data. */
  missing: number;
  reason?: string;
}

export type Trend = 'worse' | 'better' | 'steady';
