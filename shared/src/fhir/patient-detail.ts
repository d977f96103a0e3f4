/**
 * What the patient detail view reads from FHIR for one patient: who they are (name, NHS number, date
 * of birth: the only place Wardflow shows identifiers) and their NEWS2 over a window, by the same
 * rules as the board (CS-7): reported totals where the trust sends them, else scores computed from
 * complete vital-sign sets only; unusable readings are counted, never drawn.
 */
import type { HumanName, Observation, Patient } from '@medplum/fhirtypes';
import { news2Band } from '../news2.js';
import type { News2Point } from '../api/access-api.types.js';
import { SYSTEMS } from './fhir-codes.js';
import { computeNews2, NEWS2_CODES, readNews2Total } from './news2-from-fhir.js';
import { arr, hasCode, observationTime, str, usableObservations } from './observation-rules.js';

export interface PatientIdentity {
  name: string | null;
  nhsNumber: string | null;
  birthDate: string | null;
}

/** The official name (else the first usable one) as "Given Family", the NHS number, the birth date. */
export function patientIdentity(patient: Patient): PatientIdentity {
  const names = arr<HumanName>(patient.name);
  const name =
    names.find((n) => n.use === 'official') ?? names.find((n) => n.use !== 'old' && n.use !== 'anonymous') ?? names[0];
  const text =
    name === undefined
      ? null
      : (str(name.text) ??
        ([...arr<string>(name.given), str(name.family) ?? '']
          .filter((p) => typeof p === 'string' && p.trim() !== '')
          .join(' ') ||
          null));
  const nhs = arr<{ system?: string; value?: string }>(patient.identifier).find(
    (i) => i.system === SYSTEMS.nhsNumber && typeof i.value === 'string',
  );
  const birthDate = str(patient.birthDate);
  return {
    name: text,
    nhsNumber: nhs?.value?.replace(/\s/g, '') ?? null,
    birthDate: birthDate !== null && /^\d{4}(-\d{2}(-\d{2})?)?$/.test(birthDate) ? birthDate : null,
  };
}

/**
 * NEWS2 points between `from` and `now`, oldest first. Reported totals win: when the trust sends
 * any in the window, only they are drawn (a computed score beside a reported one would be two truths).
 */
export function news2Series(
  observations: readonly Observation[],
  from: number,
  now: number,
): { points: News2Point[]; rejected: number } {
  const { accepted, rejected } = usableObservations(observations, now);
  const inWindow = accepted.filter((o) => {
    const t = observationTime(o);
    return t !== null && t >= from && t <= now;
  });
  const totals = inWindow.filter((o) => hasCode(o.code, SYSTEMS.snomed, NEWS2_CODES.total));
  let unusable = rejected.length;
  const points: News2Point[] = [];
  if (totals.length > 0) {
    for (const total of totals) {
      const result = readNews2Total(total, accepted);
      if (!result.ok) {
        unusable += 1;
        continue;
      }
      const r = result.reading;
      points.push({
        at: r.observedAt,
        score: r.score,
        band: news2Band(r.score, r.anySingleParameterScored3),
        source: 'reported',
      });
    }
  } else {
    // One computed score per complete set: anchor at each reading time and keep the sets that close there.
    const times = [...new Set(inWindow.map((o) => observationTime(o) ?? 0))].sort((a, b) => a - b);
    const seen = new Set<string>();
    for (const t of times) {
      const result = computeNews2(
        accepted.filter((o) => (observationTime(o) ?? Infinity) <= t),
        t,
      );
      if (!result.ok || seen.has(result.reading.observedAt)) continue;
      seen.add(result.reading.observedAt);
      points.push({
        at: result.reading.observedAt,
        score: result.reading.score,
        band: news2Band(result.reading.score, result.reading.anySingleParameterScored3),
        source: 'computed',
      });
    }
  }
  points.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return { points, rejected: unusable };
}
