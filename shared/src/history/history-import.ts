/**
 * Importing a ward's past: one row per ward per day with the day's measure values, from a trust's own
 * spreadsheets or another system (CSV), or as NDJSON (the demo's generated history arrives this way).
 * Every row is checked, and every problem is named by line, column and why, so a file is either
 * wholly good or says exactly what to fix; nothing half-imports (docs/operations.md, "Importing history").
 * Each good day is then scored by the same rules as a live poll: bands, composite, trend.
 */
import { addCalendarDays, londonNoon } from '../london-time.js';
import { compositeScore, trendOf } from '../measures/composite.js';
import { bandFor } from '../measures/measure-catalogue.js';
import type { MeasureCell, MeasureDefinition } from '../measures/measure.types.js';
import type { HistoryImportError, HistoryImportFormat } from '../api/history-import-api.types.js';

/**
 * One ward-day's figures, whether imported from a file or backfilled from FHIR: values by measure id
 * (null where not known), outcome counts where known.
 */
export interface DayFigures {
  wardId: string;
  /** London calendar date "YYYY-MM-DD". */
  date: string;
  values: Record<string, number | null>;
  /** Why a value is null, by measure id; a null without one reads "not recorded that day". */
  reasons?: Record<string, string>;
  harmIncidents: number | null;
  occupiedBedDays: number | null;
}

/** One ward-day as imported, with the file's line for error messages. */
export interface ImportedDay extends DayFigures {
  line: number;
}

/** A day scored as a day-granularity row of the heat map's history. */
export interface ScoredDay {
  wardId: string;
  date: string;
  at: Date;
  cells: MeasureCell[];
  composite: number | null;
  compositeBand: 'green' | 'amber' | 'red' | null;
  trend: 'worse' | 'better' | 'steady' | null;
  harmIncidents7d: number | null;
  occupiedBedDays7d: number | null;
}

export interface ParsedHistory {
  days: ImportedDay[];
  errors: HistoryImportError[];
}

/** What is known of the trust's wards: a ward's measure ids, or undefined for a ward Wardflow does not have. */
export type MeasureIdsOf = (wardId: string) => readonly string[] | undefined;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Errors listed before the report stops listing (the count says how many more). */
export const MAX_LISTED_ERRORS = 200;

/** CSV fields of one record (RFC 4180: quotes, doubled quotes, commas and newlines inside quotes). */
function* csvRecords(text: string): Generator<{ line: number; fields: string[] }> {
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let started = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      started = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
      started = true;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      if (started || field !== '') yield { line: recordLine, fields: [...fields, field] };
      fields = [];
      field = '';
      started = false;
      line++;
      recordLine = line;
    } else {
      field += c;
      started = true;
    }
  }
  if (started || field !== '') yield { line: recordLine, fields: [...fields, field] };
}

/** A non-negative finite number, or null for an empty cell; a string saying why otherwise. */
function measureValue(raw: unknown): number | null | string {
  if (raw === null || raw === undefined || raw === '') return null;
  const value =
    typeof raw === 'number'
      ? raw
      : typeof raw === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(raw)
        ? Number(raw)
        : Number.NaN;
  if (!Number.isFinite(value)) return `not a number: ${JSON.stringify(raw)}`;
  if (value < 0) return `negative: ${value}`;
  return value;
}

function countValue(raw: unknown): number | null | string {
  const value = measureValue(raw);
  if (typeof value === 'number' && !Number.isInteger(value)) return `not a whole number: ${value}`;
  return value;
}

interface RawRow {
  line: number;
  ward: unknown;
  date: unknown;
  measures: Record<string, unknown>;
  harmIncidents: unknown;
  occupiedBedDays: unknown;
  /** Column names as the file spells them, for messages: CSV headers, NDJSON keys. */
  columns: { harmIncidents: string; occupiedBedDays: string; measure: (id: string) => string };
}

const CSV_COLUMNS = {
  harmIncidents: 'harm_incidents',
  occupiedBedDays: 'occupied_bed_days',
  measure: (id: string) => id,
};
const NDJSON_COLUMNS = {
  harmIncidents: 'harmIncidents',
  occupiedBedDays: 'occupiedBedDays',
  measure: (id: string) => `measures.${id}`,
};

function rawRows(text: string, format: HistoryImportFormat, errors: HistoryImportError[]): RawRow[] {
  const rows: RawRow[] = [];
  if (format === 'ndjson') {
    text.split(/\r?\n/).forEach((source, index) => {
      const line = index + 1;
      if (source.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(source);
      } catch {
        errors.push({ line, column: null, message: 'not a JSON object' });
        return;
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        errors.push({ line, column: null, message: 'not a JSON object' });
        return;
      }
      const o = value as Record<string, unknown>;
      const unknownKeys = Object.keys(o).filter(
        (k) => !['ward', 'date', 'measures', 'harmIncidents', 'occupiedBedDays'].includes(k),
      );
      for (const key of unknownKeys)
        errors.push({
          line,
          column: key,
          message: 'unknown field (expected ward, date, measures, harmIncidents, occupiedBedDays)',
        });
      if (unknownKeys.length > 0) return;
      const measures = o.measures;
      if (typeof measures !== 'object' || measures === null || Array.isArray(measures)) {
        errors.push({ line, column: 'measures', message: 'required: an object of measure values by measure id' });
        return;
      }
      rows.push({
        line,
        ward: o.ward,
        date: o.date,
        measures: measures as Record<string, unknown>,
        harmIncidents: o.harmIncidents,
        occupiedBedDays: o.occupiedBedDays,
        columns: NDJSON_COLUMNS,
      });
    });
    return rows;
  }
  const records = csvRecords(text.replace(/^\uFEFF/, ''));
  const header = records.next();
  if (header.done === true) {
    errors.push({ line: 1, column: null, message: 'empty file: a header row is required (ward,date,<measure ids>)' });
    return rows;
  }
  const names = header.value.fields.map((f) => f.trim());
  for (const required of ['ward', 'date'])
    if (!names.includes(required))
      errors.push({ line: 1, column: required, message: 'required column missing from the header' });
  names.forEach((name, i) => {
    if (name === '') errors.push({ line: 1, column: `column ${i + 1}`, message: 'a column has no name' });
    else if (names.indexOf(name) !== i) errors.push({ line: 1, column: name, message: 'column named twice' });
  });
  if (errors.length > 0) return rows;
  for (const { line, fields } of records) {
    if (fields.length !== names.length) {
      errors.push({ line, column: null, message: `${fields.length} fields where the header has ${names.length}` });
      continue;
    }
    const cell = (name: string) => fields[names.indexOf(name)]?.trim();
    const measures: Record<string, unknown> = {};
    for (const name of names)
      if (!['ward', 'date', 'harm_incidents', 'occupied_bed_days'].includes(name)) measures[name] = cell(name);
    rows.push({
      line,
      ward: cell('ward'),
      date: cell('date'),
      measures,
      harmIncidents: cell('harm_incidents'),
      occupiedBedDays: cell('occupied_bed_days'),
      columns: CSV_COLUMNS,
    });
  }
  return rows;
}

/**
 * Reads and checks a history file. `today` is the London date now: history is about days that are
 * over, so today and later are refused. A ward-day given twice is an error on its second line.
 */
export function parseHistory(
  text: string,
  format: HistoryImportFormat,
  measureIdsOf: MeasureIdsOf,
  today: string,
): ParsedHistory {
  const errors: HistoryImportError[] = [];
  const days: ImportedDay[] = [];
  const seen = new Map<string, number>();
  for (const row of rawRows(text, format, errors)) {
    const problems: HistoryImportError[] = [];
    const problem = (column: string | null, message: string) => problems.push({ line: row.line, column, message });
    const wardId = typeof row.ward === 'string' ? row.ward.trim() : '';
    const measureIds = wardId === '' ? undefined : measureIdsOf(wardId);
    if (wardId === '') problem('ward', 'required');
    else if (measureIds === undefined)
      problem('ward', `unknown ward "${wardId}" (use the ward ids GET /api/wards lists)`);
    const date = typeof row.date === 'string' ? row.date.trim() : '';
    if (
      !DATE.test(date) ||
      Number.isNaN(Date.parse(`${date}T12:00:00Z`)) ||
      new Date(`${date}T12:00:00Z`).toISOString().slice(0, 10) !== date
    ) {
      problem('date', `expected a date YYYY-MM-DD, got ${JSON.stringify(row.date ?? '')}`);
    } else if (date >= today)
      problem('date', `${date} is not over yet: history ends yesterday (${addCalendarDays(today, -1)})`);
    const values: Record<string, number | null> = {};
    for (const [id, raw] of Object.entries(row.measures)) {
      const value = measureValue(raw);
      if (typeof value === 'string') problem(row.columns.measure(id), value);
      else if (measureIds !== undefined && !measureIds.includes(id)) {
        if (value !== null)
          problem(row.columns.measure(id), `not a measure of ward ${wardId} (its measures: ${measureIds.join(', ')})`);
      } else if (measureIds !== undefined) values[id] = value;
    }
    const harm = countValue(row.harmIncidents);
    if (typeof harm === 'string') problem(row.columns.harmIncidents, harm);
    const bedDays = measureValue(row.occupiedBedDays);
    if (typeof bedDays === 'string') problem(row.columns.occupiedBedDays, bedDays);
    const key = `${wardId}|${date}`;
    const first = seen.get(key);
    if (problems.length === 0 && first !== undefined)
      problem(null, `ward ${wardId} on ${date} is already on line ${first}`);
    if (problems.length > 0) {
      errors.push(...problems);
      continue;
    }
    seen.set(key, row.line);
    if (measureIds !== undefined) for (const id of measureIds) values[id] ??= null;
    days.push({
      wardId,
      date,
      values,
      harmIncidents: harm as number | null,
      occupiedBedDays: bedDays as number | null,
      line: row.line,
    });
  }
  return { days, errors };
}

/**
 * Scores imported days as the live poll scores a snapshot. The week-over-week trend compares with the
 * composite a week before (from the file, else `storedComposite`, the ward's kept day); the 7-day
 * outcome counts need all seven days in the file: a window with a day missing gives null, not a guess.
 */
export function scoreImportedDays(
  days: readonly DayFigures[],
  definitionsOf: (wardId: string) => readonly MeasureDefinition[],
  storedComposite: (wardId: string, date: string) => number | null = () => null,
  /** Days whose kept composite is the better week-before (a backfill's lead days, worked out from less). */
  preferStored: (wardId: string, date: string) => boolean = () => false,
): ScoredDay[] {
  const scored = days.map((day) => {
    const definitions = definitionsOf(day.wardId);
    const cells: MeasureCell[] = definitions.map((def) => {
      const value = day.values[def.id] ?? null;
      return value === null
        ? { measureId: def.id, value: null, band: null, reason: day.reasons?.[def.id] ?? 'not recorded that day' }
        : { measureId: def.id, value, band: bandFor(value, def) };
    });
    return { day, cells, composite: compositeScore(cells, definitions) };
  });
  const byKey = new Map(scored.map((s) => [`${s.day.wardId}|${s.day.date}`, s]));
  const lookup = (wardId: string, date: string) => byKey.get(`${wardId}|${date}`)?.day;
  const compositeOn = (wardId: string, date: string) => {
    const inFile = byKey.get(`${wardId}|${date}`);
    if (inFile === undefined) return storedComposite(wardId, date);
    if (preferStored(wardId, date)) return storedComposite(wardId, date) ?? inFile.composite.value;
    return inFile.composite.value;
  };
  const weekTotal = (wardId: string, date: string, pick: 'harmIncidents' | 'occupiedBedDays'): number | null => {
    let total = 0;
    for (let back = 0; back < 7; back++) {
      const value = lookup(wardId, addCalendarDays(date, -back))?.[pick] ?? null;
      if (value === null) return null;
      total += value;
    }
    return total;
  };
  return scored.map(({ day, cells, composite }) => ({
    wardId: day.wardId,
    date: day.date,
    at: londonNoon(day.date),
    cells,
    composite: composite.value,
    compositeBand: composite.band,
    trend: trendOf(composite.value, compositeOn(day.wardId, addCalendarDays(day.date, -7))),
    harmIncidents7d: weekTotal(day.wardId, day.date, 'harmIncidents'),
    occupiedBedDays7d: weekTotal(day.wardId, day.date, 'occupiedBedDays'),
  }));
}
