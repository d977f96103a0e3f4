/**
 * A rostering system's export (HealthRoster, SafeCare and the like): one row per ward per day with the
 * hours planned, worked, worked by bank and agency staff, and lost to sickness. Every row is checked
 * against clear rules and every problem named by line and column; the caller stores the file only
 * when there is none (docs/operations.md, "Feeding staffing and incidents as CSV").
 */
import type { FeedError } from '../api/feeds-api.types.js';
import { readFeedSheet } from './csv-table.js';
import { ROSTER_FIGURES, ROSTER_REQUIRED, type RosterFeedConfig, type RosterFigure } from './feed-config.js';
import { readFeedDate, readHours } from './feed-values.js';
import type { WardMatch } from './feed-wards.js';

/** One ward-day of the export. A figure the export leaves empty, or has no column for, is null: not reported. */
export interface RosterDay {
  wardId: string;
  /** London calendar date, "YYYY-MM-DD". */
  date: string;
  plannedHours: number | null;
  actualHours: number | null;
  bankHours: number | null;
  agencyHours: number | null;
  sicknessHours: number | null;
  /** The line of the file it came from. */
  line: number;
}

/** What a file held: the good items, the data rows counted, and every problem. */
export interface ParsedFeed<T> {
  items: T[];
  rows: number;
  errors: FeedError[];
}

/** Hours worked above this many times the hours planned are refused as a likely error in the export. */
export const SUSPICIOUS_ACTUAL_RATIO = 3;

const LABEL: Readonly<Record<RosterFigure, string>> = {
  plannedHours: 'planned',
  actualHours: 'actual',
  bankHours: 'bank',
  agencyHours: 'agency',
  sicknessHours: 'sickness',
};

const sameFigures = (a: RosterDay, b: RosterDay) => ROSTER_FIGURES.every((f) => a[f] === b[f]);

/**
 * Reads and checks a roster export. `today` is the London date now: a day after it has not happened,
 * so it is refused. A ward-day given twice with the same hours is kept once; with different hours it
 * is an error on the later line.
 */
export function parseRoster(
  text: string,
  feed: RosterFeedConfig,
  matchWard: (text: string) => WardMatch,
  today: string,
): ParsedFeed<RosterDay> {
  const read = readFeedSheet(text, feed.delimiter, feed.columns);
  if ('failed' in read) return { items: [], ...read.failed };
  const { rows, errors, rowCount, name, cell } = read.sheet;

  const days: RosterDay[] = [];
  const seen = new Map<string, RosterDay>();
  for (const { line, cells } of rows) {
    const problems: FeedError[] = [];
    const problem = (field: keyof typeof feed.columns | null, message: string) =>
      problems.push({ line, column: field === null ? null : name(field), message });

    const ward = matchWard(cell(cells, 'ward'));
    if ('problem' in ward) problem('ward', ward.problem);
    const date = readFeedDate(cell(cells, 'date'), feed.dateFormat);
    if ('problem' in date) problem('date', date.problem);
    else if (date.time !== null && (date.time.hour !== 0 || date.time.minute !== 0 || date.time.second !== 0))
      problem(
        'date',
        `a roster row is a whole day: expected a date without a time of day, got ${JSON.stringify(cell(cells, 'date').trim())}`,
      );
    else if (date.date > today) problem('date', `${date.date} has not happened yet (today is ${today})`);

    const figures = {} as Record<RosterFigure, number | null>;
    for (const figure of ROSTER_FIGURES) {
      const hours = readHours(cell(cells, figure));
      figures[figure] = typeof hours === 'number' ? hours : null;
      if (hours !== null && typeof hours === 'object') problem(figure, hours.problem);
      else if (hours === null && feed.columns[figure] !== null && ROSTER_REQUIRED.includes(figure))
        problem(figure, 'required');
    }
    const { plannedHours: planned, actualHours: actual, bankHours: bank, agencyHours: agency } = figures;
    if (planned !== null && actual !== null && planned > 0 && actual > SUSPICIOUS_ACTUAL_RATIO * planned)
      problem(
        'actualHours',
        `${actual} ${LABEL.actualHours} hours is more than ${SUSPICIOUS_ACTUAL_RATIO} times the ${planned} planned: check the export`,
      );
    if (actual !== null && (bank ?? 0) + (agency ?? 0) > actual)
      problem(
        feed.columns.bankHours !== null ? 'bankHours' : 'agencyHours',
        `bank and agency hours (${(bank ?? 0) + (agency ?? 0)}) are more than the ${actual} hours worked, which include them`,
      );

    if (problems.length > 0 || 'problem' in ward || 'problem' in date) {
      errors.push(...problems);
      continue;
    }
    const day: RosterDay = { wardId: ward.wardId, date: date.date, ...figures, line };
    const key = `${day.wardId}|${day.date}`;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, day);
      days.push(day);
    } else if (!sameFigures(first, day)) {
      errors.push({
        line,
        column: null,
        message: `ward ${day.wardId} on ${day.date} is already on line ${first.line} with different hours`,
      });
    }
  }
  errors.sort((a, b) => a.line - b.line);
  return { items: errors.length > 0 ? [] : days, rows: rowCount, errors };
}
