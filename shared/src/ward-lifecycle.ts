/**
 * Which wards are live, which are retired and which come back (docs/design.md section 9), decided
 * from what is stored and what discovery found on the FHIR server in use. Pure.
 *
 * Wards are keyed by their source, the FHIR server they came from: pointing a data folder at another
 * server never mixes two trusts' wards, even when Location ids collide. A stored ward from another
 * server keeps its history under a new id (`<id>@<server tag>`), retired, so the id is free for the
 * ward of the server in use; rows stored before sources were recorded are adopted by the first
 * server that has their id.
 */
import type { Ward } from './ward.types.js';

export interface KnownWard {
  ward: Ward;
  /** The FHIR server the ward came from (normalised base URL), or null when stored before sources were recorded. */
  source: string | null;
}

export interface WardChanges {
  /** Discovered and served: inserted or updated, with the source, and live (resumed if retired). */
  live: Ward[];
  /** Known wards to retire now, with why (those already retired stay as they are). */
  retire: Array<{ id: string; reason: string }>;
  /** Retired wards discovery finds again. */
  resume: string[];
  /** Wards of another server whose id the server in use also has: their history moves to a new id. */
  moveAside: Array<{ from: string; to: string; reason: string }>;
}

/** "https://ehr.example.nhs.uk/fhir/R4/" and "HTTPS://EHR.example.nhs.uk/fhir/R4" are one server. */
export function normaliseSource(baseUrl: string): string {
  try {
    const url = new URL(baseUrl);
    return `${url.protocol}//${url.host.toLowerCase()}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return baseUrl.trim().replace(/\/+$/, '');
  }
}

/** The source wards are keyed by: the configured id (FHIR_SOURCE_ID), else the normalised base URL. */
export function wardSource(configuredId: string | null, baseUrl: string): string {
  return configuredId ?? normaliseSource(baseUrl);
}

/** A short stable tag of a source for the moved-aside id: readable host, plus a hash so two paths on one host differ. */
export function sourceTag(source: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < source.length; i++) hash = Math.imul(hash ^ source.charCodeAt(i), 0x01000193) >>> 0;
  let host = source;
  try {
    host = new URL(source).host;
  } catch {
    // keep the raw text
  }
  return `${host.replace(/[^A-Za-z0-9.-]+/g, '-')}-${hash.toString(16).padStart(8, '0').slice(0, 6)}`;
}

export function reconcileWards(
  known: readonly KnownWard[],
  discovered: readonly Ward[],
  source: string,
  excluded: ReadonlySet<string> = new Set(),
): WardChanges {
  const served = discovered.filter((w) => !excluded.has(w.id));
  const servedIds = new Set(served.map((w) => w.id));
  const discoveredIds = new Set(discovered.map((w) => w.id));
  const changes: WardChanges = { live: served, retire: [], resume: [], moveAside: [] };
  const taken = new Set(known.map((k) => k.ward.id));
  for (const { ward, source: from } of known) {
    const foreign = from !== null && from !== source;
    if (foreign && discoveredIds.has(ward.id)) {
      let to = `${ward.id}@${sourceTag(from)}`;
      for (let n = 2; taken.has(to); n++) to = `${ward.id}@${sourceTag(from)}-${n}`;
      taken.add(to);
      changes.moveAside.push({ from: ward.id, to, reason: `From another FHIR server (${from})` });
      continue;
    }
    if (servedIds.has(ward.id)) {
      if (ward.retired !== undefined && ward.retired !== null) changes.resume.push(ward.id);
      continue;
    }
    if (ward.retired !== undefined && ward.retired !== null) continue;
    changes.retire.push({
      id: ward.id,
      reason: foreign
        ? `From another FHIR server (${from})`
        : excluded.has(ward.id)
          ? 'Excluded in WARDS_CONFIG'
          : 'No longer found on the FHIR server',
    });
  }
  return changes;
}
