/**
 * VTE as the ward reads it at a given time (fhir/vte.ts reads it from FHIR at the poll): whether the
 * risk assessment is due, overdue or done, whether prophylaxis is missing where the assessment calls
 * for it, and the ward's two percentages for the huddle (M-BRACE's blood thinners). Pure.
 */
import type { PatientOnBoard, VteOnBoard } from './ward.types.js';

export interface VteNow {
  /** The assessment as at `now`: a `due` at the poll may be `overdue` by now. */
  assessment: VteOnBoard['assessment']['state'];
  /** The assessment calls for prophylaxis and none is prescribed. */
  prophylaxisMissing: boolean;
}

export function vteAt(vte: VteOnBoard | null | undefined, now: number): VteNow | null {
  if (vte == null) return null;
  const due = vte.assessment.dueAt === null ? null : Date.parse(vte.assessment.dueAt);
  const assessment = vte.assessment.state === 'due' && due !== null && now > due ? 'overdue' : vte.assessment.state;
  return {
    assessment,
    prophylaxisMissing: vte.outcome === 'indicated' && vte.prophylaxis === null && vte.prophylaxisNotRead !== true,
  };
}

export interface Fraction {
  numerator: number;
  denominator: number;
}

export interface WardVte {
  /** Of the patients assessed or whose 14 hours have passed: those assessed within them. */
  assessedInTime: Fraction;
  /** Of the patients whose assessment calls for prophylaxis: those with it prescribed. */
  prophylaxisWhereIndicated: Fraction;
  /** Patients whose VTE status cannot be told (no admission time, no assessment). */
  unknown: number;
}

/** The ward's VTE percentages at `now`, over its current inpatients (boards stored before VTE was read have none). */
export function wardVte(patients: ReadonlyArray<Pick<PatientOnBoard, 'vte'>>, now: number): WardVte {
  const result: WardVte = {
    assessedInTime: { numerator: 0, denominator: 0 },
    prophylaxisWhereIndicated: { numerator: 0, denominator: 0 },
    unknown: 0,
  };
  for (const patient of patients) {
    const vte = patient.vte ?? null;
    const at = vteAt(vte, now);
    if (vte === null || at === null) continue;
    if (at.assessment === 'unknown') result.unknown++;
    // Counted once assessed or once the window has closed: a patient admitted an hour ago and not yet
    // assessed is neither in time nor late.
    const due = vte.assessment.dueAt === null ? null : Date.parse(vte.assessment.dueAt);
    const assessed = at.assessment === 'done' || at.assessment === 'done-late';
    if (assessed || (due !== null && now > due)) {
      result.assessedInTime.denominator++;
      if (at.assessment === 'done') result.assessedInTime.numerator++;
    }
    if (vte.outcome === 'indicated' && vte.prophylaxisNotRead !== true) {
      result.prophylaxisWhereIndicated.denominator++;
      if (vte.prophylaxis !== null) result.prophylaxisWhereIndicated.numerator++;
    }
  }
  return result;
}

/** "92% (23 of 25)", or "none yet" when nobody is counted. */
export function fractionWords(fraction: Fraction): string {
  if (fraction.denominator === 0) return 'none yet';
  return `${Math.round((fraction.numerator / fraction.denominator) * 100)}% (${fraction.numerator} of ${fraction.denominator})`;
}
