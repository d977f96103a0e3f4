/**
 * How a trust's CSV exports map onto Wardflow (docs/configuration.md, "FEEDS_CONFIG"): which column
 * holds what, how dates are written, which ward a unit or location name means, and which incident
 * categories and harm grades the export's words stand for. The defaults fit HealthRoster / SafeCare
 * style roster exports and Datix / InPhase style incident exports; a trust's file changes only what
 * differs. The server reads and validates the file; the parsers here only apply it.
 */
import type { IncidentCategory } from '../ward.types.js';

/**
 * How dates are written. `DD/MM/YYYY` (also with `-` or `.`, one-digit day and month allowed),
 * `YYYY-MM-DD` (ISO, optionally with a time and an offset), `DD-MMM-YYYY` ("06-Dec-2026", also with
 * spaces). A time after the date ("06/12/2026 14:30") is allowed where the feed can use one.
 */
export const FEED_DATE_FORMATS = ['DD/MM/YYYY', 'YYYY-MM-DD', 'DD-MMM-YYYY'] as const;
export type FeedDateFormat = (typeof FEED_DATE_FORMATS)[number];

/** The figures of one roster row, as StaffingDay names them. */
export const ROSTER_FIGURES = ['plannedHours', 'actualHours', 'bankHours', 'agencyHours', 'sicknessHours'] as const;
export type RosterFigure = (typeof ROSTER_FIGURES)[number];

export const ROSTER_FIELDS = ['ward', 'date', ...ROSTER_FIGURES] as const;
export type RosterField = (typeof ROSTER_FIELDS)[number];
/** Fields a roster export must have: the ward, the day, and what was planned and worked. */
export const ROSTER_REQUIRED: readonly RosterField[] = ['ward', 'date', 'plannedHours', 'actualHours'];

export const INCIDENT_FIELDS = ['ref', 'date', 'time', 'ward', 'category', 'harm'] as const;
export type IncidentField = (typeof INCIDENT_FIELDS)[number];
export const INCIDENT_REQUIRED: readonly IncidentField[] = ['ref', 'date', 'ward', 'category'];

/** Degrees of harm as the NHS reports them (NRLS, LFPSE): none, low, moderate, severe, death. */
export const HARM_LEVELS = ['none', 'low', 'moderate', 'severe', 'death'] as const;
export type HarmLevel = (typeof HARM_LEVELS)[number];

/** Field separators a feed may use (Excel in some locales writes `;`). */
export const FEED_DELIMITERS = [',', ';', '\t', '|'] as const;
export type FeedDelimiter = (typeof FEED_DELIMITERS)[number];

export interface RosterFeedConfig {
  /** The header of each field's column; null for an optional figure the export does not have (always "not reported"). */
  columns: Record<RosterField, string | null>;
  dateFormat: FeedDateFormat;
  delimiter: FeedDelimiter;
}

export interface IncidentFeedConfig {
  /** The header of each field's column; null for `time` or `harm` when the export has no such column. */
  columns: Record<IncidentField, string | null>;
  dateFormat: FeedDateFormat;
  delimiter: FeedDelimiter;
  /**
   * The export's category text (matched ignoring case and spacing) -> the categories Wardflow counts;
   * `[]` for a category Wardflow does not count. A category not listed is an error, never a guess.
   */
  categories: Record<string, IncidentCategory[]>;
  /** The export's harm text (matched ignoring case and spacing) -> a degree of harm. An empty cell is "not graded yet". */
  harm: Record<string, HarmLevel>;
}

export interface FeedsConfig {
  /**
   * A unit or location name (or code) as the exports write it -> the Wardflow ward id (the FHIR
   * Location id). A name not listed is matched against ward ids and ward names, ignoring case and spacing.
   */
  wards: Record<string, string>;
  roster: RosterFeedConfig;
  incidents: IncidentFeedConfig;
}

/** A name compared the way people read it: trimmed, runs of spaces as one, case ignored. */
export function feedKey(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

export const DEFAULT_ROSTER_CONFIG: RosterFeedConfig = {
  columns: {
    ward: 'Unit',
    date: 'Date',
    plannedHours: 'Planned Hours',
    actualHours: 'Actual Hours',
    bankHours: 'Bank Hours',
    agencyHours: 'Agency Hours',
    sicknessHours: 'Sickness Hours',
  },
  dateFormat: 'DD/MM/YYYY',
  delimiter: ',',
};

/** Wardflow's own category words, so a file that uses them needs no mapping. */
export const DEFAULT_INCIDENT_CATEGORIES: Readonly<Record<string, IncidentCategory[]>> = {
  'violence and aggression': ['violence-aggression'],
  'violence-aggression': ['violence-aggression'],
  restraint: ['restraint'],
  seclusion: ['seclusion'],
  'rapid tranquillisation': ['rapid-tranquillisation'],
  'rapid-tranquillisation': ['rapid-tranquillisation'],
  'self-harm': ['self-harm'],
  'self harm': ['self-harm'],
  fall: ['fall'],
  falls: ['fall'],
  hypoglycaemia: ['hypoglycaemia'],
};

/** NRLS and LFPSE harm grades, and the common severity scale (minor, major, catastrophic) they correspond to. */
export const DEFAULT_HARM_LEVELS: Readonly<Record<string, HarmLevel>> = {
  none: 'none',
  'no harm': 'none',
  low: 'low',
  'low harm': 'low',
  minor: 'low',
  moderate: 'moderate',
  'moderate harm': 'moderate',
  severe: 'severe',
  'severe harm': 'severe',
  major: 'severe',
  death: 'death',
  fatal: 'death',
  catastrophic: 'death',
};

export const DEFAULT_INCIDENT_CONFIG: IncidentFeedConfig = {
  columns: {
    ref: 'Incident Ref',
    date: 'Incident Date',
    time: null,
    ward: 'Location (exact)',
    category: 'Type/Category',
    harm: 'Severity/Harm',
  },
  dateFormat: 'DD/MM/YYYY',
  delimiter: ',',
  categories: { ...DEFAULT_INCIDENT_CATEGORIES },
  harm: { ...DEFAULT_HARM_LEVELS },
};

export const DEFAULT_FEEDS_CONFIG: FeedsConfig = {
  wards: {},
  roster: DEFAULT_ROSTER_CONFIG,
  incidents: DEFAULT_INCIDENT_CONFIG,
};
