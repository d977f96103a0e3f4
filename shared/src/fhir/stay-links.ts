/**
 * Which of the ward's current stays a clinical resource belongs to (docs/design.md section 7). Many
 * systems link a reading to the encounter; many others, e-obs systems and devices above all, name
 * only the patient (UK Core allows it). Pure.
 *
 * The rules, in order:
 *   1. a resource that names an encounter belongs to that stay if it is current on this ward, and to
 *      nothing here otherwise (a reading of the stay on another ward, or of an earlier admission, is
 *      never shown on this one);
 *   2. a resource that names only the patient belongs to that patient's current stay on this ward
 *      (the latest admitted, should the record hold two);
 *   3. anything else belongs to no stay.
 */
import type { Encounter } from '@medplum/fhirtypes';
import { arr, isObject, parseTime, str } from './observation-rules.js';

export interface WardStays {
  /** Encounter ids of the ward's current stays. */
  encounterIds: ReadonlySet<string>;
  /** Patient id -> the encounter id of their current stay on this ward. */
  stayOfPatient: ReadonlyMap<string, string>;
}

/**
 * Id from a reference "Type/id" (absolute URLs and a version, "Type/id/_history/2", allowed), or null
 * when absent, malformed or of another type.
 */
export function referencedId(reference: unknown, type: string): string | null {
  if (!isObject(reference)) return null;
  const ref = str(reference.reference);
  if (ref === null) return null;
  const [refType, id] = ref
    .replace(/\/_history\/[^/]*$/, '')
    .split('/')
    .slice(-2);
  return refType === type && id !== undefined && id !== '' ? id : null;
}

/** Location entries in force now: active (or unstated) and not ended, in the order the encounter lists them. */
export function entriesInForce(encounter: Encounter): Array<Record<string, unknown>> {
  return arr<unknown>(encounter.location)
    .filter(isObject)
    .filter(
      (l) => (l.status === undefined || l.status === 'active') && !(isObject(l.period) && l.period.end !== undefined),
    );
}

/** The Locations of the entries in force now. */
export function activeLocationIds(encounter: Encounter): string[] {
  return entriesInForce(encounter)
    .map((l) => referencedId(l.location, 'Location'))
    .filter((id): id is string => id !== null);
}

/**
 * Whether an encounter is on this ward now. A ward transfer usually keeps the encounter and completes
 * the old ward's entry, and a search by location still finds it on the old ward: it belongs to a
 * ward only while an entry for the ward or one of its beds is in force.
 */
export function isOnWard(encounter: Encounter, wardId: string, placeIds: ReadonlySet<string>): boolean {
  return activeLocationIds(encounter).some((id) => id === wardId || placeIds.has(id));
}

export function wardStays(encounters: readonly Encounter[]): WardStays {
  const encounterIds = new Set<string>();
  const latest = new Map<string, { encounterId: string; start: number }>();
  for (const encounter of arr<Encounter>(encounters)) {
    const id = isObject(encounter) ? str(encounter.id) : null;
    if (id === null) continue;
    encounterIds.add(id);
    const patientId = referencedId(encounter.subject, 'Patient');
    if (patientId === null) continue;
    const start = (isObject(encounter.period) ? parseTime(encounter.period.start) : null) ?? 0;
    const held = latest.get(patientId);
    if (held === undefined || start > held.start || (start === held.start && id > held.encounterId))
      latest.set(patientId, { encounterId: id, start });
  }
  return {
    encounterIds,
    stayOfPatient: new Map([...latest].map(([patientId, { encounterId }]) => [patientId, encounterId])),
  };
}

/** The patient a resource names: `subject` on most, `for` on Task, `patient` on a few older shapes. */
export function patientOf(resource: unknown): string | null {
  if (!isObject(resource)) return null;
  return (
    referencedId(resource.subject, 'Patient') ??
    referencedId(resource.for, 'Patient') ??
    referencedId(resource.patient, 'Patient')
  );
}

/** The encounter a resource names: `encounter`, or `context` on older shapes. */
export function encounterOf(resource: unknown): string | null {
  if (!isObject(resource)) return null;
  return referencedId(resource.encounter ?? resource.context, 'Encounter');
}

/** The current stay on this ward a resource belongs to, or null (see the rules above). */
export function stayOf(resource: unknown, stays: WardStays): string | null {
  const encounterId = encounterOf(resource);
  if (encounterId !== null) return stays.encounterIds.has(encounterId) ? encounterId : null;
  // An encounter link we cannot read (an identifier only, another type) may name an earlier stay:
  // never guess it is this one.
  if (isObject(resource) && (resource.encounter !== undefined || resource.context !== undefined)) return null;
  const patientId = patientOf(resource);
  return patientId === null ? null : (stays.stayOfPatient.get(patientId) ?? null);
}

/** Resources grouped by the stay they belong to; those of no current stay are left out. */
export function groupByStay<T>(resources: readonly T[], stays: WardStays): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const resource of arr<T>(resources)) {
    const stay = stayOf(resource, stays);
    if (stay === null) continue;
    const group = groups.get(stay);
    if (group === undefined) groups.set(stay, [resource]);
    else group.push(resource);
  }
  return groups;
}
