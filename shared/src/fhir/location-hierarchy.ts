/**
 * A ward's Location tree, of any depth: ward -> bays, rooms, areas -> beds, linked only by `partOf`
 * (docs/design.md section 7). Real PAS feeds differ: some hang beds straight off the ward, many put
 * them in bays or side rooms, a few nest deeper (wing -> bay -> bed). Pure: the caller has fetched the
 * Locations level by level (`Location?partof=`); this decides which are beds, which are containers
 * and which bay or room each bed is in.
 *
 * FHIR is untrusted input (docs/style.md rule 8): a cycle, a Location claiming to be part of itself, a
 * bed with children or a tree deeper than MAX_LOCATION_DEPTH never throws and never loops; anything
 * that cannot be placed is counted, not guessed.
 */
import type { Location } from '@medplum/fhirtypes';
import type { BaySex } from '../ward.types.js';
import { EXTENSIONS, SYSTEMS } from './fhir-codes.js';
import { arr, hasCode, isObject, str } from './observation-rules.js';

/** Levels below the ward that are walked: ward -> wing -> bay -> room -> bed is four; deeper is refused. */
export const MAX_LOCATION_DEPTH = 5;

export interface BedInTree {
  location: Location;
  id: string;
  /** The bay, room or area the bed is in (its nearest container below the ward), or null when the bed hangs off the ward. */
  area: string | null;
  /** A container above the bed is closed (inactive or suspended): the bed is closed with it (a bay shut for norovirus). */
  closedBy: string | null;
  /** Who the bed is for: the bay-sex extension on the bed itself or its nearest container that has one. */
  areaSex: BaySex | null;
  /**
   * The only bed in its room or bay: a side room, where a patient needing isolation can go. A bed
   * hanging off the ward itself is not one (nothing says it has a door).
   */
  sideRoom: boolean;
}

export interface WardTree {
  beds: BedInTree[];
  /** Ids of Locations under the ward that are not beds (bays, rooms, areas): a patient recorded there is on the ward. */
  containerIds: string[];
  /** Locations that could not be placed: a cycle, too deep, or a physical type that cannot be read. */
  unreadable: number;
}

/** The id a `partOf` (or any) reference names, when it is a Location. */
export function parentId(location: unknown): string | null {
  if (!isObject(location) || !isObject(location.partOf)) return null;
  const ref = str(location.partOf.reference);
  if (ref === null) return null;
  const [type, id] = ref.split('/').slice(-2);
  return type === 'Location' && id !== undefined && id !== '' ? id : null;
}

/**
 * A bed: physical type `bd`, or no physical type at all (many feeds leave beds untyped, and a
 * container is nearly always typed: a bay as `ro` or `area`). Never searched below.
 */
export function isBedLocation(location: Location): boolean {
  if (location.physicalType === undefined) return true;
  return hasCode(location.physicalType, SYSTEMS.locationPhysicalType, 'bd');
}

function physicalTypeUnreadable(location: Location): boolean {
  return (
    location.physicalType !== undefined &&
    !(isObject(location.physicalType) && Array.isArray(location.physicalType.coding))
  );
}

const BAY_SEXES: readonly BaySex[] = ['male', 'female', 'mixed'];

/** The bay-sex extension's value when it is one we know; anything else is not recorded, never guessed. */
export function baySexOf(location: Location): BaySex | null {
  const ext = arr<unknown>(location.extension)
    .filter(isObject)
    .find((e) => e.url === EXTENSIONS.baySex);
  const value = typeof ext?.valueCode === 'string' ? ext.valueCode.trim().toLowerCase() : null;
  return BAY_SEXES.find((s) => s === value) ?? null;
}

const closed = (location: Location) => location.status === 'inactive' || location.status === 'suspended';

/**
 * Builds the tree from every Location found under the ward (any order, duplicates allowed: the
 * latest copy of an id wins as the caller merged them). A Location is in the tree only when a chain
 * of `partOf` links leads from it to the ward within MAX_LOCATION_DEPTH steps.
 */
export function wardTree(wardId: string, locations: readonly Location[]): WardTree {
  const byId = new Map<string, Location>();
  for (const location of arr<Location>(locations)) {
    const id = isObject(location) ? str(location.id) : null;
    if (id !== null && id !== wardId) byId.set(id, location);
  }
  // Steps from a Location up to the ward (1 = a direct child), or null when no chain of partOf reaches it.
  const depthOf = (id: string): number | null => {
    const seen = new Set<string>();
    let at = id;
    for (let steps = 1; steps <= MAX_LOCATION_DEPTH; steps++) {
      const location = byId.get(at);
      if (location === undefined || seen.has(at)) return null;
      seen.add(at);
      const parent = parentId(location);
      if (parent === wardId) return steps;
      if (parent === null) return null;
      at = parent;
    }
    return null;
  };

  const beds: Array<Omit<BedInTree, 'sideRoom'> & { areaId: string | null }> = [];
  const containerIds: string[] = [];
  let unreadable = 0;
  for (const [id, location] of byId) {
    const level = depthOf(id);
    if (level === null || physicalTypeUnreadable(location)) {
      unreadable++;
      continue;
    }
    const parent = parentId(location);
    if (!isBedLocation(location)) {
      containerIds.push(id);
      continue;
    }
    // Walk up to the ward: the nearest named container is the bed's area; any closed one closes the bed.
    let area: string | null = null;
    let areaId: string | null = null;
    let closedBy: string | null = null;
    let areaSex = baySexOf(location);
    for (let at = parent, hops = 0; at !== null && at !== wardId && hops < MAX_LOCATION_DEPTH; hops++) {
      const container = byId.get(at);
      if (container === undefined) break;
      const name = str(container.name) ?? at;
      area ??= name;
      areaId ??= at;
      if (closedBy === null && closed(container)) closedBy = name;
      areaSex ??= baySexOf(container);
      at = parentId(container);
    }
    beds.push({ location, id, area, areaId, closedBy, areaSex });
  }
  containerIds.sort();
  const bedsIn = new Map<string, number>();
  for (const bed of beds) if (bed.areaId !== null) bedsIn.set(bed.areaId, (bedsIn.get(bed.areaId) ?? 0) + 1);
  return {
    beds: beds.map(({ areaId, ...bed }) => ({ ...bed, sideRoom: areaId !== null && bedsIn.get(areaId) === 1 })),
    containerIds,
    unreadable,
  };
}

/**
 * The next level to search during a walk: the containers just found (non-bed Locations), less those
 * already searched. Beds are never searched below; the walk stops at MAX_LOCATION_DEPTH.
 */
export function containersToSearch(found: readonly Location[], searched: ReadonlySet<string>): string[] {
  return arr<Location>(found)
    .filter((l) => isObject(l) && str(l.id) !== null)
    .filter((l) => !isBedLocation(l) && parentId(l) !== null)
    .map((l) => l.id as string)
    .filter((id) => !searched.has(id))
    .sort();
}
