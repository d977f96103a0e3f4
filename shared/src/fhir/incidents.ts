/**
 * Ward incidents from AdverseEvent (FHIR contract, "Incidents"): the restrictive-practice and harm
 * categories the ward safety measures count. The caller searched by ward location and picks the
 * window; this reader only decides which events count and when they happened.
 */
import type { AdverseEvent, Observation } from '@medplum/fhirtypes';
import { WARD_CONTEXT } from './fhir-codes.js';
import { arr, cmp, codingsOf, compareVersions, isObject, str, type Rejection } from './observation-rules.js';
import { INCIDENT_CATEGORIES, type IncidentCategory, type WardIncident } from '../ward.types.js';

export interface IncidentOptions {
  /** How far ahead of `now` an incident date may be (clock skew). Default 5 min, as the contract says. */
  futureSkewMs?: number;
}

const DEFAULT_SKEW_MS = 5 * 60_000;

const FULL = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * A FHIR dateTime read strictly, or why not. Stricter than `parseTime` on purpose, because these
 * times decide which day or window something falls in: Date.parse reads a time without an offset
 * in the server's own zone, rolls 30 February over into March, and turns "2026" into 1 January.
 * A date-only value is UTC midnight, which is still the same London day (00:00 GMT or 01:00 BST).
 * Seconds may be left out, as some feeds do.
 */
export function readDateTime(value: unknown): { at: number } | { problem: string } {
  const s = str(value);
  if (s === null) return { problem: 'missing' };
  const m = FULL.exec(s);
  if (m === null) {
    if (/^\d{4}(-\d{2})?$/.test(s)) return { problem: 'not precise to the day' };
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(s)) return { problem: 'time without a zone offset' };
    return { problem: 'unreadable' };
  }
  const [y, mo, d, h, mi, se] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((p) => (p === undefined ? 0 : Number(p))) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth || h > 23 || mi > 59 || se > 59) return { problem: 'unreadable' };
  const at = Date.parse(s);
  return Number.isFinite(at) ? { at } : { problem: 'unreadable' };
}

/** The known categories of an event, each once, in a fixed order. */
function categoriesOf(event: Record<string, unknown>): IncidentCategory[] {
  const codes = new Set(
    arr<unknown>(event.category).flatMap((c) => codingsOf(c, WARD_CONTEXT.incidentCategorySystem).map((x) => x.code)),
  );
  return INCIDENT_CATEGORIES.filter((c) => codes.has(c));
}

/**
 * The incidents that count. Per contract: only `actual` events (a `potential` near miss is not
 * counted and not an error); an event with no known category is ignored silently (trusts record many
 * kinds we do not measure); a missing, unreadable or future (beyond the skew) `date` is rejected with
 * a reason, as is an unknown actuality or a missing id (which could not be de-duplicated).
 * Versions sharing an id are resolved first (later meta.lastUpdated wins), so a later version that
 * turns into a near miss withdraws the incident; an older version is not a data error and is not
 * listed as rejected.
 */
export function readIncidents(
  events: readonly unknown[] | readonly AdverseEvent[],
  now: number,
  opts: IncidentOptions = {},
): { incidents: WardIncident[]; rejected: Rejection[] } {
  const skew = opts.futureSkewMs ?? DEFAULT_SKEW_MS;
  const rejected: Rejection[] = [];
  const latestById = new Map<string, Record<string, unknown>>();
  const withoutId: Array<Record<string, unknown>> = [];
  for (const event of arr<unknown>(events)) {
    if (!isObject(event)) {
      rejected.push({ id: '(none)', reason: 'not a resource' });
      continue;
    }
    const id = str(event.id);
    if (id === null || id === '') {
      withoutId.push(event);
      continue;
    }
    const previous = latestById.get(id);
    // compareVersions reads only meta and status, which AdverseEvent shares in shape with Observation.
    if (
      previous === undefined ||
      compareVersions(event as unknown as Observation, previous as unknown as Observation) > 0
    )
      latestById.set(id, event);
  }

  const incidents: WardIncident[] = [];
  for (const event of [...latestById.values(), ...withoutId]) {
    const id = str(event.id) ?? '';
    const rejectAs = id === '' ? '(none)' : id;
    if (event.resourceType !== 'AdverseEvent') {
      rejected.push({ id: rejectAs, reason: `not an AdverseEvent (${str(event.resourceType) ?? 'no resourceType'})` });
      continue;
    }
    const categories = categoriesOf(event);
    if (categories.length === 0) continue;
    const actuality = str(event.actuality);
    if (actuality === 'potential') continue;
    if (actuality !== 'actual') {
      rejected.push({ id: rejectAs, reason: `actuality ${actuality ?? 'missing'}` });
      continue;
    }
    if (id === '') {
      rejected.push({ id: rejectAs, reason: 'missing id' });
      continue;
    }
    const date = readDateTime(event.date);
    if ('problem' in date) {
      rejected.push({ id, reason: `date ${date.problem}` });
      continue;
    }
    if (date.at > now + skew) {
      rejected.push({ id, reason: 'date in the future' });
      continue;
    }
    incidents.push({ id, categories, occurredAt: new Date(date.at).toISOString() });
  }
  incidents.sort((a, b) => cmp(a.occurredAt, b.occurredAt) || cmp(a.id, b.id));
  rejected.sort((a, b) => cmp(a.id, b.id) || cmp(a.reason, b.reason));
  return { incidents, rejected };
}
