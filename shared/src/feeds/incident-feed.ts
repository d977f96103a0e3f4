/**
 * An incident system's export (Datix, InPhase and the like): one row per incident with its reference,
 * when and where it happened, its category and its degree of harm. Categories and harm grades are the
 * trust's own words, mapped in FEEDS_CONFIG; a word not mapped is an error, never a guess, because an
 * incident counted under the wrong measure (or silently not counted) misleads the safety view.
 */
import type { FeedError } from '../api/feeds-api.types.js';
import { londonDate, londonNoon, londonWallClock } from '../london-time.js';
import { INCIDENT_CATEGORIES, type IncidentCategory } from '../ward.types.js';
import { readFeedSheet } from './csv-table.js';
import { feedKey, type HarmLevel, type IncidentFeedConfig } from './feed-config.js';
import { readFeedDate, readFeedTime, type FeedDate } from './feed-values.js';
import type { WardMatch } from './feed-wards.js';
import type { ParsedFeed } from './roster-feed.js';

/** One incident of the export. */
export interface IncidentRow {
  /** The incident system's reference: the incident's identity across exports. */
  ref: string;
  wardId: string;
  /** When it happened (UTC ISO). */
  occurredAt: string;
  /** The categories Wardflow counts, in INCIDENT_CATEGORIES order; empty for an incident of a kind it does not count. */
  categories: IncidentCategory[];
  /** Null when the export leaves it empty (not graded yet) or has no harm column. */
  harm: HarmLevel | null;
  line: number;
}

/** How far ahead of now an incident may be dated (clocks disagree a little), as for FHIR incidents. */
export const INCIDENT_FUTURE_SKEW_MS = 5 * 60_000;
const MAX_REF_LENGTH = 128;

const sameIncident = (a: IncidentRow, b: IncidentRow) =>
  a.wardId === b.wardId &&
  a.occurredAt === b.occurredAt &&
  a.harm === b.harm &&
  a.categories.join() === b.categories.join();

/**
 * When it happened: a date and time with an offset is that instant; a time of day without one (in
 * the date cell, or the time column) is London wall-clock time; a date alone is London midday, or now
 * if midday has not come yet, so a date-only incident of today is never "in the future".
 */
function occurredAt(date: FeedDate, time: FeedDate['time'], now: number): number {
  if (time === null) return Math.min(londonNoon(date.date).getTime(), now);
  if (date.offsetMinutes === null) return londonWallClock(date.date, time.hour, time.minute, time.second).getTime();
  const [y, m, d] = date.date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d, time.hour, time.minute, time.second) - date.offsetMinutes * 60_000;
}

/** Reads and checks an incident export. An incident reference given twice must say the same both times. */
export function parseIncidents(
  text: string,
  feed: IncidentFeedConfig,
  matchWard: (text: string) => WardMatch,
  now: number,
): ParsedFeed<IncidentRow> {
  const read = readFeedSheet(text, feed.delimiter, feed.columns);
  if ('failed' in read) return { items: [], ...read.failed };
  const { rows, errors, rowCount, name, cell } = read.sheet;
  type Field = keyof typeof feed.columns;
  const categories = new Map(Object.entries(feed.categories).map(([k, v]) => [feedKey(k), v]));
  const harms = new Map(Object.entries(feed.harm).map(([k, v]) => [feedKey(k), v]));
  const today = londonDate(now);

  const incidents: IncidentRow[] = [];
  const seen = new Map<string, IncidentRow>();
  for (const { line, cells } of rows) {
    const problems: FeedError[] = [];
    const problem = (field: Field | null, message: string) =>
      problems.push({ line, column: field === null ? null : name(field), message });

    const ref = cell(cells, 'ref').trim();
    if (ref === '') problem('ref', 'required');
    else if (ref.length > MAX_REF_LENGTH) problem('ref', `longer than ${MAX_REF_LENGTH} characters`);

    const ward = matchWard(cell(cells, 'ward'));
    if ('problem' in ward) problem('ward', ward.problem);

    let when: number | null = null;
    const date = readFeedDate(cell(cells, 'date'), feed.dateFormat);
    const time = readFeedTime(cell(cells, 'time'));
    if ('problem' in date) problem('date', date.problem);
    if (time !== null && 'problem' in time) problem('time', time.problem);
    else if (!('problem' in date)) {
      // Excel writes a date-only cell as "06/12/2026 00:00:00": midnight there means "no time given".
      const t = date.time;
      const inDate = t === null || (t.hour === 0 && t.minute === 0 && t.second === 0) ? null : t;
      if (time !== null && inDate !== null && (time.hour !== inDate.hour || time.minute !== inDate.minute))
        problem('time', `the date cell says ${JSON.stringify(cell(cells, 'date').trim())}, this column another time`);
      else if (date.date > today) problem('date', `${date.date} has not happened yet (today is ${today})`);
      else {
        when = occurredAt(date, time ?? inDate, now);
        if (when > now + INCIDENT_FUTURE_SKEW_MS) problem(time === null ? 'date' : 'time', 'in the future');
      }
    }

    const categoryText = cell(cells, 'category');
    const counted = categories.get(feedKey(categoryText));
    if (feedKey(categoryText) === '') problem('category', 'required');
    else if (counted === undefined)
      problem(
        'category',
        `category "${categoryText.trim()}" is not in FEEDS_CONFIG incidents.categories: map it to the categories Wardflow counts (${INCIDENT_CATEGORIES.join(', ')}), or to [] if Wardflow does not count it`,
      );

    const harmText = cell(cells, 'harm');
    const harm = feedKey(harmText) === '' ? null : harms.get(feedKey(harmText));
    if (harm === undefined)
      problem(
        'harm',
        `harm "${harmText.trim()}" is not in FEEDS_CONFIG incidents.harm (known: ${[...harms.keys()].join(', ')})`,
      );

    if (problems.length > 0 || 'problem' in ward || when === null || counted === undefined || harm === undefined) {
      errors.push(...problems);
      continue;
    }
    const incident: IncidentRow = {
      ref,
      wardId: ward.wardId,
      occurredAt: new Date(when).toISOString(),
      categories: INCIDENT_CATEGORIES.filter((c) => counted.includes(c)),
      harm,
      line,
    };
    const first = seen.get(ref);
    if (first === undefined) {
      seen.set(ref, incident);
      incidents.push(incident);
    } else if (!sameIncident(first, incident)) {
      errors.push({
        line,
        column: name('ref'),
        message: `incident ${ref} is already on line ${first.line} with different details`,
      });
    }
  }
  errors.sort((a, b) => a.line - b.line);
  return { items: errors.length > 0 ? [] : incidents, rows: rowCount, errors };
}
