/**
 * FEEDS_CONFIG: a JSON file saying how the trust's roster and incident CSV exports map onto Wardflow
 * (docs/configuration.md, "FEEDS_CONFIG"). Kept apart from WARDS_CONFIG because it belongs to other
 * people (workforce and risk teams keep the unit names and category lists) and changes with their
 * systems, not with the wards. Read once at start-up by app-config.ts; every section is optional and
 * changes only what it names, over defaults for HealthRoster / SafeCare and Datix / InPhase shapes.
 * A mistake stops the process with the file, the field and what was expected.
 */
import { readJsonFile } from './read-json-file.js';
import {
  DEFAULT_FEEDS_CONFIG,
  FEED_DATE_FORMATS,
  FEED_DELIMITERS,
  feedKey,
  HARM_LEVELS,
  INCIDENT_CATEGORIES,
  INCIDENT_REQUIRED,
  ROSTER_REQUIRED,
  type FeedsConfig,
  type HarmLevel,
  type IncidentCategory,
} from '@wardflow/shared';
import { z } from 'zod';
import { validate } from '../core/validate.js';

const column = z.string().trim().min(1, 'expected the column header as the export writes it').max(200);
const optionalColumn = column.nullable().optional();
const required = column.optional();
const wardId = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{1,128}$/, 'expected a ward id as GET /api/wards lists it (the FHIR Location id)');

const rosterSchema = z
  .object({
    columns: z
      .object({
        ward: required,
        date: required,
        plannedHours: required,
        actualHours: required,
        bankHours: optionalColumn,
        agencyHours: optionalColumn,
        sicknessHours: optionalColumn,
      })
      .strict()
      .optional(),
    dateFormat: z.enum(FEED_DATE_FORMATS).optional(),
    delimiter: z.enum(FEED_DELIMITERS).optional(),
  })
  .strict();

const incidentsSchema = z
  .object({
    columns: z
      .object({
        ref: required,
        date: required,
        time: optionalColumn,
        ward: required,
        category: required,
        harm: optionalColumn,
      })
      .strict()
      .optional(),
    dateFormat: z.enum(FEED_DATE_FORMATS).optional(),
    delimiter: z.enum(FEED_DELIMITERS).optional(),
    categories: z.record(z.string().trim().min(1), z.array(z.enum(INCIDENT_CATEGORIES))).optional(),
    harm: z.record(z.string().trim().min(1), z.enum(HARM_LEVELS)).optional(),
  })
  .strict();

const feedsSchema = z
  .object({
    wards: z.record(z.string().trim().min(1), wardId).optional(),
    roster: rosterSchema.optional(),
    incidents: incidentsSchema.optional(),
  })
  .strict();

/**
 * Entries keyed the way the parsers compare them (case and spacing ignored), the trust's over the
 * defaults; two of the trust's entries that read the same but say different things are a problem.
 */
function keyed<V>(
  path: string,
  defaults: Readonly<Record<string, V>>,
  given: Readonly<Record<string, V>> | undefined,
  problems: string[],
): Record<string, V> {
  const out: Record<string, V> = Object.fromEntries(Object.entries(defaults).map(([k, v]) => [feedKey(k), v]));
  const from = new Map<string, string>();
  for (const [name, value] of Object.entries(given ?? {})) {
    const key = feedKey(name);
    const earlier = from.get(key);
    if (earlier !== undefined && JSON.stringify(out[key]) !== JSON.stringify(value))
      problems.push(`${path}: "${earlier}" and "${name}" read the same (case and spacing are ignored) but differ`);
    from.set(key, name);
    out[key] = value;
  }
  return out;
}

/** One column for one field: two fields reading the same column is a mistake in the mapping. */
function columnProblems(path: string, columns: Readonly<Record<string, string | null>>): string[] {
  const seen = new Map<string, string>();
  const problems: string[] = [];
  for (const [field, name] of Object.entries(columns)) {
    if (name === null) continue;
    const other = seen.get(feedKey(name));
    if (other !== undefined) problems.push(`${path}.columns: ${other} and ${field} both read "${name}"`);
    seen.set(feedKey(name), field);
  }
  return problems;
}

/** Reads and validates the file (absent: the defaults); returns problems (each naming the field) instead of throwing. */
export function readFeedsConfig(path: string | undefined): { config: FeedsConfig; problems: string[] } {
  if (path === undefined) return { config: DEFAULT_FEEDS_CONFIG, problems: [] };
  const file = readJsonFile('FEEDS_CONFIG', path);
  if ('problem' in file) return { config: DEFAULT_FEEDS_CONFIG, problems: [file.problem] };
  const { json } = file;
  const where = (at: string) => `FEEDS_CONFIG: ${path}: ${at || '(top level)'}`;
  const parsed = validate(feedsSchema, json, where);
  if (!parsed.ok) return { config: DEFAULT_FEEDS_CONFIG, problems: parsed.problems };
  const given = parsed.data;
  const problems: string[] = [];
  const defaults = DEFAULT_FEEDS_CONFIG;
  const rosterColumns = { ...defaults.roster.columns, ...given.roster?.columns };
  const incidentColumns = { ...defaults.incidents.columns, ...given.incidents?.columns };
  const config: FeedsConfig = {
    wards: keyed(where('wards'), {}, given.wards, problems),
    roster: {
      columns: rosterColumns,
      dateFormat: given.roster?.dateFormat ?? defaults.roster.dateFormat,
      delimiter: given.roster?.delimiter ?? defaults.roster.delimiter,
    },
    incidents: {
      columns: incidentColumns,
      dateFormat: given.incidents?.dateFormat ?? defaults.incidents.dateFormat,
      delimiter: given.incidents?.delimiter ?? defaults.incidents.delimiter,
      categories: keyed<IncidentCategory[]>(
        where('incidents.categories'),
        defaults.incidents.categories,
        given.incidents?.categories,
        problems,
      ),
      harm: keyed<HarmLevel>(where('incidents.harm'), defaults.incidents.harm, given.incidents?.harm, problems),
    },
  };
  problems.push(
    ...columnProblems(where('roster'), config.roster.columns),
    ...columnProblems(where('incidents'), config.incidents.columns),
  );
  // The schema lets only optional figures be null; this keeps it so if the required lists change.
  for (const field of ROSTER_REQUIRED)
    if (config.roster.columns[field] === null) problems.push(`${where(`roster.columns.${field}`)}: required`);
  for (const field of INCIDENT_REQUIRED)
    if (config.incidents.columns[field] === null) problems.push(`${where(`incidents.columns.${field}`)}: required`);
  return problems.length > 0 ? { config: DEFAULT_FEEDS_CONFIG, problems } : { config, problems: [] };
}
