/**
 * What one worker remembers of a ward between polls, so that later polls fetch only what changed
 * (`_lastUpdated`, docs/design.md section 8). Pure: no I/O, no clock of its own.
 *
 * Kept in the worker's memory only, never in Redis (SEC-7: no patient data in Redis). A worker that
 * has no state for a ward (first poll, restart, or another worker took the job) simply does a full
 * read, so several workers stay correct; they are merely less frugal.
 */
import type { AdverseEvent, Location, MeasureReport, Observation, Resource } from '@medplum/fhirtypes';
import { londonDate, patientOf, stayOf, type WardStays } from '@wardflow/shared';

export interface WardReadState {
  /** Our clock when the last full read started. */
  fullReadAt: number;
  /** Our clock when the last successful read (full or changes-only) started: the next change search reaches back to here, less the clock skew. */
  lastReadAt: number;
  /**
   * Every Location under the ward (bays, rooms, beds) by id: walked level by level on a full read,
   * updated from change searches in between (a new bay's beds arrive with the next full read).
   */
  locations: Map<string, Location>;
  /** Patients whose observations are all held here (those on the ward at the last read). */
  patientIds: Set<string>;
  /** Observations of those patients' current stays inside the look-back window, by id. */
  observations: Map<string, Observation>;
  /**
   * Observations kept whatever their age: Mental Health Act events (rights given, s58 date, hearings)
   * of the patients with a legal status, and observation plans (a recorded NEWS2 frequency). Read in
   * full on a full read, kept up to date by the change searches between.
   */
  heldRecords?: Map<string, Observation>;
  /** The patients whose held records `heldRecords` holds in full. */
  heldPatientIds?: Set<string>;
  /** Ward-level incidents and staffing reports, as of the last full read. */
  incidents: AdverseEvent[];
  staffingReports: MeasureReport[];
}

export type ReadKind = { kind: 'full'; why: string } | { kind: 'changes'; since: number };

/**
 * Full read or changes only? Full when there is nothing to build on, when the last full read is older
 * than the reconcile interval, when the London day has turned since (a clean start for the day's
 * counts and for incidents and staffing), or when the caller insists (the census-drop confirmation:
 * a held drop is only believed on a complete read).
 */
export function chooseRead(
  state: WardReadState | undefined,
  now: number,
  opts: { reconcileIntervalMs: number; clockSkewMs: number; forceFull: boolean },
): ReadKind {
  if (state === undefined) return { kind: 'full', why: 'first read' };
  if (opts.forceFull) return { kind: 'full', why: 'confirmation' };
  if (now - state.fullReadAt >= opts.reconcileIntervalMs) return { kind: 'full', why: 'reconciliation' };
  if (londonDate(now) !== londonDate(state.fullReadAt)) return { kind: 'full', why: 'new day' };
  return { kind: 'changes', since: state.lastReadAt - opts.clockSkewMs };
}

/** Latest version wins; a resource without an id cannot be merged and is kept under a synthetic key so it still shows as a data error. */
export function mergeById<T extends Resource>(into: Map<string, T>, incoming: readonly T[]): void {
  let anonymous = 0;
  for (const resource of incoming) {
    const id =
      typeof resource.id === 'string' && resource.id !== '' ? resource.id : `#unidentified-${into.size}-${anonymous++}`;
    const held = into.get(id);
    const heldAt = Date.parse(held?.meta?.lastUpdated ?? '');
    const newAt = Date.parse(resource.meta?.lastUpdated ?? '');
    // A change search overlaps the last one (clock skew): never let an older copy replace a newer one.
    if (held !== undefined && Number.isFinite(heldAt) && Number.isFinite(newAt) && newAt < heldAt) continue;
    into.set(id, resource);
  }
}

/**
 * Whether an observation is still inside the window a full read would fetch (`date=ge<cutoff>`): a
 * time at or after the cutoff, or a period that has not ended before it (a section or level in force).
 */
export function withinLookback(observation: Observation, cutoff: number): boolean {
  const period = observation.effectivePeriod;
  if (period !== undefined && typeof period === 'object' && period !== null) {
    const end = Date.parse(typeof period.end === 'string' ? period.end : '');
    return !Number.isFinite(end) || end >= cutoff;
  }
  const at = Date.parse(observation.effectiveDateTime ?? observation.effectiveInstant ?? '');
  return Number.isFinite(at) && at >= cutoff;
}

/**
 * Drops readings that have aged out of the window, and those of patients no longer on the ward. A
 * reading of a current patient is kept even when it belongs to no stay here yet (it names a stay
 * about to arrive, say): patients are "known" by id, so a change read would not fetch it again, and
 * which stay each reading shows on is decided when the board is built (stay-links.ts).
 */
export function pruneObservations(
  observations: Map<string, Observation>,
  stays: WardStays,
  patientIds: ReadonlySet<string>,
  cutoff: number,
): void {
  for (const [id, observation] of observations) {
    const patient = patientOf(observation);
    const ours = stayOf(observation, stays) !== null || (patient !== null && patientIds.has(patient));
    if (!ours || !withinLookback(observation, cutoff)) observations.delete(id);
  }
}

/**
 * A Coding's display is vocabulary; a Reference's is not (it may be the patient's name, which must not
 * outlive the reading in a table kept for the life of the process).
 */
const isCoding = (node: Record<string, unknown>) => 'code' in node || 'system' in node;

/** Properties whose values come from a small vocabulary (code systems, codes, units, profiles), shared between readings. */
const VOCABULARY_KEYS = new Set(['system', 'code', 'unit', 'display', 'resourceType', 'status', 'url', 'profile']);

/**
 * One copy of each vocabulary string for every reading held between polls. JSON.parse gives every
 * reading its own copy of "http://unitsofmeasure.org", of each NEWS2 sub-score's SNOMED code and its
 * long display text, and so on: in a heap snapshot of the soak bench's server at 30 wards
 * (test/bench/soak.bench.mjs), such copies were about 16 MB of the 45 MB the read states held. The
 * table only grows with the trust's vocabulary, and stops taking new strings at `maxEntries` (a
 * server sending unique values under these keys costs memory as before, never more).
 */
export class SharedVocabulary {
  private readonly strings = new Map<string, string>();

  constructor(private readonly maxEntries = 20_000) {}

  get size(): number {
    return this.strings.size;
  }

  /** Replaces, in place, the resource's vocabulary strings with the shared copies, and returns it. */
  share<T extends object>(resource: T): T {
    this.visit(resource as Record<string, unknown>);
    return resource;
  }

  private shared(value: string): string {
    const held = this.strings.get(value);
    if (held !== undefined) return held;
    if (this.strings.size < this.maxEntries && value.length <= 200) this.strings.set(value, value);
    return value;
  }

  private visit(node: Record<string, unknown> | unknown[]): void {
    if (Array.isArray(node)) {
      for (const item of node)
        if (item !== null && typeof item === 'object') this.visit(item as Record<string, unknown>);
      return;
    }
    for (const key of Object.keys(node)) {
      const value = node[key];
      if (typeof value === 'string') {
        if (VOCABULARY_KEYS.has(key) && (key !== 'display' || isCoding(node))) node[key] = this.shared(value);
      } else if (Array.isArray(value) && VOCABULARY_KEYS.has(key)) {
        for (let i = 0; i < value.length; i++)
          if (typeof value[i] === 'string') value[i] = this.shared(value[i] as string);
      } else if (value !== null && typeof value === 'object') {
        this.visit(value as Record<string, unknown>);
      }
    }
  }
}
