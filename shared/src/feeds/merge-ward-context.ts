/**
 * A ward's staffing and incidents at scoring time: what FHIR gave (MeasureReport, AdverseEvent) merged
 * with what the CSV feeds imported, and where each part came from (docs/design.md section 6, "Staffing
 * and incidents from CSV feeds"). FHIR stays the first source:
 *
 * - a staffing day FHIR reports (any figure readable) is FHIR's, whole; a roster day fills only a day
 *   FHIR does not report. FHIR is read live from the trust's system every full read, where an export
 *   is a copy made at one moment, and mixing one day's figures from two systems would give a ratio of
 *   numbers nobody reported together;
 * - incidents are one list, de-duplicated by identity: an imported incident whose reference is the id
 *   of a FHIR AdverseEvent is the same incident and counted once, as FHIR has it.
 */
import type { ContextSource, ContextSources } from '../measures/measure.types.js';
import type { IncidentCategory, StaffingDay, WardContext, WardIncident } from '../ward.types.js';
import { ROSTER_FIGURES } from './feed-config.js';

/** A stored roster day of one ward, with when the import that holds it was received (UTC ISO). */
export type ImportedStaffingDay = Omit<StaffingDay, 'reportedAt'> & { importedAt: string };

/** A stored incident of one ward, with when the import that holds it was received. */
export interface ImportedIncident {
  ref: string;
  categories: IncidentCategory[];
  occurredAt: string;
  importedAt: string;
}

/** What the feeds hold for one ward over the scoring windows. */
export interface WardFeeds {
  staffing: readonly ImportedStaffingDay[];
  incidents: readonly ImportedIncident[];
  /**
   * When the newest incident file (of any ward) was received, or null if none ever was: an export with
   * nothing for this ward still says it had no incidents, so it speaks for the ward's count too.
   */
  incidentsImportedAt: string | null;
}

const reports = (day: StaffingDay) => ROSTER_FIGURES.some((f) => day[f] !== null);
const newest = (times: ReadonlyArray<string | null>): string | null =>
  times.reduce<string | null>((a, b) => (b !== null && (a === null || b > a) ? b : a), null);

/**
 * The merged context and its sources. Null only when there is neither a FHIR context nor anything
 * imported; with no FHIR context, the newest import's time stands as the context's read time.
 */
export function mergeWardContext(
  fhir: WardContext | null,
  feeds: WardFeeds,
): { context: WardContext | null; sources: ContextSources } {
  const staffing = new Map<string, { day: StaffingDay; source: ContextSource }>();
  if (fhir !== null)
    for (const day of fhir.staffing) staffing.set(day.date, { day, source: { kind: 'fhir', readAt: fhir.readAt } });
  for (const { importedAt, ...figures } of feeds.staffing) {
    const held = staffing.get(figures.date);
    if (held !== undefined && reports(held.day)) continue;
    staffing.set(figures.date, {
      day: { ...figures, reportedAt: importedAt },
      source: { kind: 'import', importedAt },
    });
  }

  const incidents: WardIncident[] = [...(fhir?.incidents ?? [])];
  const known = new Set(incidents.map((i) => i.id));
  for (const incident of feeds.incidents) {
    if (known.has(incident.ref) || incident.categories.length === 0) continue;
    known.add(incident.ref);
    incidents.push({ id: incident.ref, categories: incident.categories, occurredAt: incident.occurredAt });
  }
  incidents.sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0));

  const incidentSources: ContextSource[] = [
    ...(fhir === null ? [] : [{ kind: 'fhir', readAt: fhir.readAt } as const]),
    ...(feeds.incidentsImportedAt === null ? [] : [{ kind: 'import', importedAt: feeds.incidentsImportedAt } as const]),
  ];
  const days = [...staffing.values()].sort((a, b) => (a.day.date < b.day.date ? -1 : 1));
  const sources: ContextSources = {
    staffing: Object.fromEntries(days.map((d) => [d.day.date, d.source])),
    incidents: incidentSources,
  };
  const readAt = fhir?.readAt ?? newest([...feeds.staffing.map((d) => d.importedAt), feeds.incidentsImportedAt]);
  if (readAt === null) return { context: null, sources };
  return { context: { readAt, incidents, staffing: days.map((d) => d.day) }, sources };
}
