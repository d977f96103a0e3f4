/**
 * Patient movements on and off one ward in a window, from encounters' location histories: the
 * "turbulence" safety measure (admissions and transfers in and out, docs/design.md section 6). A move
 * between two beds of the same ward is not a movement; a transfer keeps the encounter and completes
 * the old ward's location entries, an admission starts the encounter on this ward.
 *
 * Untrusted FHIR: read through the guards of observation-rules.ts; an encounter whose times cannot
 * be read contributes nothing rather than a guess, and is counted.
 */
import type { Encounter } from '@medplum/fhirtypes';
import { arr, isObject, parseTime, str } from './observation-rules.js';
import type { FlowEventKind, WardFlow } from '../ward.types.js';

/** An arrival this close to the encounter's start is the admission itself (PAS systems stamp the two separately). */
const SAME_EVENT_MS = 60 * 60_000;

function refId(reference: unknown): string | null {
  if (!isObject(reference)) return null;
  const ref = str(reference.reference);
  if (ref === null) return null;
  const [type, id] = ref.split('/').slice(-2);
  return type === 'Location' && id !== undefined && id !== '' ? id : null;
}

/**
 * Counts movements in [since, now] for the ward `wardId` with beds `bedIds`. `encounters` are every
 * encounter the ward's location search found (current, transferred out, finished), in any order.
 */
export function wardMovements(
  encounters: readonly Encounter[],
  wardId: string,
  bedIds: ReadonlySet<string>,
  since: number,
  now: number,
): WardFlow {
  const flow: WardFlow = {
    since: new Date(since).toISOString(),
    admissions: 0,
    transfersIn: 0,
    transfersOut: 0,
    discharges: 0,
    unreadable: 0,
  };
  const events: Array<{ kind: FlowEventKind; at: number }> = [];
  const inWindow = (t: number | null): t is number => t !== null && t >= since && t <= now;
  const seen = new Set<string>();
  for (const encounter of arr<Encounter>(encounters)) {
    if (!isObject(encounter)) continue;
    const id = str(encounter.id);
    if (id === null || seen.has(id)) continue;
    // A stay not begun (planned, in ED awaiting a bed) or cancelled has not moved anyone.
    if (!['in-progress', 'onleave', 'finished'].includes(str(encounter.status) ?? '')) continue;
    seen.add(id);
    const entries = arr<unknown>(encounter.location)
      .filter(isObject)
      .map((entry) => {
        const locationId = refId(entry.location);
        const period = isObject(entry.period) ? entry.period : {};
        const open = entry.status === undefined || entry.status === 'active';
        // A planned or reserved entry is a patient expected here (expected-arrivals.ts), not a movement.
        const coming = entry.status === 'planned' || entry.status === 'reserved';
        return {
          here: !coming && locationId !== null && (locationId === wardId || bedIds.has(locationId)),
          start: parseTime(period.start),
          end: parseTime(period.end),
          open,
        };
      });
    const here = entries.filter((e) => e.here);
    if (here.length === 0) continue;
    const period = isObject(encounter.period) ? encounter.period : {};
    const encounterStart = parseTime(period.start);
    const encounterEnd = parseTime(period.end);
    const starts = here.map((e) => e.start).filter((t): t is number => t !== null);
    const arrived = starts.length > 0 ? Math.min(...starts) : encounterStart;
    const stillHere = here.some((e) => e.open && e.end === null);
    const ends = here.map((e) => e.end).filter((t): t is number => t !== null);
    const left = stillHere ? null : ends.length > 0 ? Math.max(...ends) : encounterEnd;
    if (arrived === null || (!stillHere && left === null)) {
      flow.unreadable++;
      continue;
    }
    if (inWindow(arrived)) {
      const admitted = encounterStart !== null && Math.abs(arrived - encounterStart) <= SAME_EVENT_MS;
      if (admitted) flow.admissions++;
      else flow.transfersIn++;
      events.push({ kind: admitted ? 'admission' : 'transfer-in', at: arrived });
    }
    if (inWindow(left)) {
      const finished =
        encounter.status === 'finished' && encounterEnd !== null && Math.abs(left - encounterEnd) <= SAME_EVENT_MS;
      if (finished) flow.discharges++;
      else flow.transfersOut++;
      events.push({ kind: finished ? 'discharge' : 'transfer-out', at: left });
    }
  }
  // Sorted by time then kind, so the snapshot does not depend on the order FHIR returned encounters in.
  flow.events = events
    .sort((a, b) => a.at - b.at || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0))
    .map((e) => ({ kind: e.kind, at: new Date(e.at).toISOString() }));
  return flow;
}
