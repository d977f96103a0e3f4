/**
 * Mental Health Act status (docs/design.md section 7). The UK Core LegalStatus extension on Encounter records
 * the status at admission or discharge only; the section in force now comes from a Flag or an
 * Observation coded with the same code systems and carrying a period.
 */
import type { Encounter, Flag, Observation, Period } from '@medplum/fhirtypes';
import { arr, cmp, codingsOf, parseTime } from './observation-rules.js';

export const LEGAL_STATUS = {
  extension: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-LegalStatus',
  england: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-LegalStatusClassificationEngland',
  wales: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-LegalStatusClassificationWales',
  context: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-LegalStatusContext',
} as const;

const LEGAL_SYSTEMS: readonly string[] = [LEGAL_STATUS.england, LEGAL_STATUS.wales];

/** A legal status classification code (e.g. Wales `02`, Section 2). */
export interface LegalStatus {
  code: string;
  display: string | null;
  system: string;
}

/** A legal status in force, with when it started and (if known) ends. */
export interface CurrentLegalStatus extends LegalStatus {
  start: string;
  end: string | null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The England or Wales legal status classification a concept is coded with, or null. */
export function legalCoding(concept: unknown): LegalStatus | null {
  for (const system of LEGAL_SYSTEMS) {
    const first = codingsOf(concept, system).sort(
      (a, b) => cmp(a.code, b.code) || cmp(a.display ?? '', b.display ?? ''),
    )[0];
    if (first !== undefined) return { code: first.code, display: first.display, system };
  }
  return null;
}

/**
 * Legal status from the Encounter's UK Core LegalStatus extension. When the encounter records both,
 * the discharge status wins over the admission one, being the later.
 */
export function legalStatusFromEncounter(encounter: Encounter): LegalStatus | null {
  if (!isObject(encounter)) return null;
  const found: Array<{ rank: number; status: LegalStatus }> = [];
  for (const ext of arr<unknown>(encounter.extension)) {
    if (!isObject(ext) || ext.url !== LEGAL_STATUS.extension) continue;
    const parts = arr<unknown>(ext.extension).filter(isObject);
    const classification = parts.find((p) => p.url === 'legalStatusClassification');
    const context = parts.find((p) => p.url === 'legalStatusContext');
    const status = classification === undefined ? null : legalCoding(classification.valueCodeableConcept);
    if (status === null) continue;
    const contextCode =
      context === undefined ? null : (codingsOf(context.valueCodeableConcept, LEGAL_STATUS.context)[0]?.code ?? null);
    found.push({ rank: contextCode === 'discharge' ? 2 : contextCode === 'admission' ? 1 : 0, status });
  }
  found.sort(
    (a, b) =>
      b.rank - a.rank ||
      cmp(a.status.system, b.status.system) ||
      cmp(a.status.code, b.status.code) ||
      cmp(a.status.display ?? '', b.status.display ?? ''),
  );
  return found[0]?.status ?? null;
}

function covers(period: Period | undefined | unknown, now: number): { start: number; end: number | null } | null {
  if (!isObject(period)) return null;
  const start = parseTime(period.start);
  if (start === null || start > now) return null;
  const end = period.end === undefined ? null : parseTime(period.end);
  if (period.end !== undefined && end === null) return null;
  if (end !== null && end <= now) return null;
  return { start, end };
}

/**
 * The section in force at `now` from Flags (status active) and Observations (final, amended or
 * corrected) coded with the England or Wales legal status code systems, in `code` or (for an
 * Observation) `valueCodeableConcept`. In force means the period has started and not ended; a record
 * without a readable start is not trusted as current. When several are in force the latest start wins.
 */
export function currentLegalStatus(
  resources: ReadonlyArray<Flag | Observation>,
  now: number,
): CurrentLegalStatus | null {
  const candidates: Array<CurrentLegalStatus & { startMs: number }> = [];
  for (const r of arr<Flag | Observation>(resources)) {
    if (!isObject(r)) continue;
    let status: LegalStatus | null = null;
    let period: unknown;
    if (r.resourceType === 'Flag') {
      if (r.status !== 'active') continue;
      status = legalCoding(r.code);
      period = r.period;
    } else if (r.resourceType === 'Observation') {
      if (r.status !== 'final' && r.status !== 'amended' && r.status !== 'corrected') continue;
      status = legalCoding(r.valueCodeableConcept) ?? legalCoding(r.code);
      period = r.effectivePeriod;
    }
    if (status === null) continue;
    const span = covers(period, now);
    if (span === null) continue;
    candidates.push({
      ...status,
      start: new Date(span.start).toISOString(),
      end: span.end === null ? null : new Date(span.end).toISOString(),
      startMs: span.start,
    });
  }
  candidates.sort(
    (a, b) =>
      b.startMs - a.startMs ||
      cmp(a.system, b.system) ||
      cmp(a.code, b.code) ||
      cmp(a.end ?? '', b.end ?? '') ||
      cmp(a.display ?? '', b.display ?? ''),
  );
  const best = candidates[0];
  if (best === undefined) return null;
  return { code: best.code, display: best.display, system: best.system, start: best.start, end: best.end };
}
