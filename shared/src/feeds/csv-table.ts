/**
 * A CSV export as a header and rows, each row with the line it starts on, so every problem can be
 * named by line and column. Parsing is csv-parse's (its synchronous, pure API: no streams, no I/O):
 * exports from rostering and incident systems, and from Excel, bring quoted fields with commas,
 * doubled quotes and line breaks inside them, a byte-order mark, CRLF or bare CR line ends, and stray
 * quotes in unquoted fields; a well-kept, widely used parser gets all of that right where a
 * hand-written one tends not to. What is ours: which columns are wanted and how headers are matched.
 */
import { parse } from 'csv-parse/sync';
import type { FeedError } from '../api/feeds-api.types.js';
import { feedKey, type FeedDelimiter } from './feed-config.js';

export interface CsvRow {
  /** The line the row starts on (line 1 is the header). */
  line: number;
  cells: string[];
}

export interface CsvTable {
  /** Column names as the file writes them. */
  header: string[];
  rows: CsvRow[];
}

interface Parsed {
  record: string[];
  info: { lines: number };
}

const blank = (cells: readonly string[]) => cells.every((c) => c.trim() === '');

/**
 * The header and the rows, with the problems of the file's shape. Blank lines and rows of empty
 * fields (",,,", which Excel leaves at the end of an export) are not rows. A row may have trailing
 * empty fields beyond the header; any other difference in the number of fields is an error on that
 * row, which is left out (the others are still checked). A file CSV cannot read at all (a quote never
 * closed) has no table, and one error at the line where reading stopped.
 */
export function readCsvTable(text: string, delimiter: FeedDelimiter): { table: CsvTable | null; errors: FeedError[] } {
  // One kind of line end: csv-parse counts a CRLF inside a quoted field as two lines otherwise.
  const normalised = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  let records: Parsed[];
  try {
    records = parse(normalised, {
      delimiter,
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
    }) as unknown as Parsed[];
  } catch (error) {
    const lines = (error as { lines?: unknown }).lines;
    return {
      table: null,
      errors: [
        {
          line: typeof lines === 'number' && lines > 0 ? lines : 1,
          column: null,
          message: `not readable as CSV: ${error instanceof Error ? error.message : String(error)}`,
        },
      ],
    };
  }
  const rows: CsvRow[] = [];
  for (const { record, info } of records) {
    if (blank(record)) continue;
    // csv-parse says where a record ends; it starts as many lines earlier as its fields hold line breaks.
    const inside = record.reduce((n, cell) => n + cell.split('\n').length - 1, 0);
    rows.push({ line: info.lines - inside, cells: record });
  }
  const [first, ...rest] = rows;
  if (first === undefined)
    return { table: null, errors: [{ line: 1, column: null, message: 'empty file: a header row is needed' }] };
  const header = first.cells.map((c) => c.trim());
  const errors: FeedError[] = [];
  const kept: CsvRow[] = [];
  for (const row of rest) {
    if (row.cells.length < header.length || !blank(row.cells.slice(header.length)))
      errors.push({
        line: row.line,
        column: null,
        message: `${row.cells.length} fields where the header has ${header.length}`,
      });
    else kept.push({ line: row.line, cells: row.cells.slice(0, header.length) });
  }
  return { table: { header, rows: kept }, errors };
}

/**
 * Where each wanted column is, matching headers ignoring case and spacing. A wanted column missing
 * from the header, or named twice, is an error on line 1; columns nobody wants are ignored.
 */
export function locateColumns<F extends string>(
  header: readonly string[],
  wanted: Readonly<Record<F, string | null>>,
): { at: Record<F, number | null> } | { errors: FeedError[] } {
  const errors: FeedError[] = [];
  const keys = header.map(feedKey);
  const at = {} as Record<F, number | null>;
  for (const field of Object.keys(wanted) as F[]) {
    const name = wanted[field];
    if (name === null) {
      at[field] = null;
      continue;
    }
    const matches = keys.flatMap((k, i) => (k === feedKey(name) ? [i] : []));
    if (matches.length === 0)
      errors.push({
        line: 1,
        column: name,
        message: `column missing from the header (it has: ${header.filter((h) => h !== '').join(', ') || 'nothing'})`,
      });
    else if (matches.length > 1)
      errors.push({ line: 1, column: name, message: `column appears ${matches.length} times in the header` });
    at[field] = matches[0] ?? null;
  }
  return errors.length > 0 ? { errors } : { at };
}

/** A feed file read and its columns located: what each feed's row checks work on. */
export interface FeedSheet<F extends string> {
  rows: CsvRow[];
  /** Problems already found (lines the parser could not split); row checks add theirs. */
  errors: FeedError[];
  /** Data rows in the file, those the parser could not split included. */
  rowCount: number;
  /** A field's column as the file's header spells it, for error reports. */
  name(field: F): string;
  /** A row's cell for a field: '' when the field is not mapped or the row is short. */
  cell(cells: readonly string[], field: F): string;
}

/**
 * Reads a feed file and locates its configured columns. When the file or its header cannot be used,
 * `failed` is the whole answer (no rows imported, every problem said).
 */
export function readFeedSheet<F extends string>(
  text: string,
  delimiter: FeedDelimiter,
  columns: Readonly<Record<F, string | null>>,
): { sheet: FeedSheet<F> } | { failed: { rows: number; errors: FeedError[] } } {
  const read = readCsvTable(text, delimiter);
  if (read.table === null) return { failed: { rows: 0, errors: read.errors } };
  const { header, rows } = read.table;
  const rowCount = rows.length + new Set(read.errors.map((e) => e.line)).size;
  const located = locateColumns(header, columns);
  if ('errors' in located) return { failed: { rows: rowCount, errors: [...located.errors, ...read.errors] } };
  const { at } = located;
  return {
    sheet: {
      rows,
      errors: [...read.errors],
      rowCount,
      name: (field) => header[at[field] ?? -1] ?? field,
      cell: (cells, field) => {
        const i = at[field];
        return i === null ? '' : (cells[i] ?? '');
      },
    },
  };
}
