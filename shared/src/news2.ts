/**
 * NEWS2 clinical response bands and monitoring frequency (Royal College of Physicians, 2017).
 * The score itself comes from FHIR; these rules decide how the board shows it and when it is overdue (CS-6).
 */
import type { News2Band, ObservationScheduleOnBoard } from './ward.types.js';

/** Band for a total score; `anySingleParameterScored3` raises a low aggregate to low-medium. */
export function news2Band(score: number, anySingleParameterScored3 = false): News2Band {
  if (score >= 7) return 'high';
  if (score >= 5) return 'medium';
  if (anySingleParameterScored3) return 'low-medium';
  return 'low';
}

/**
 * Minimum monitoring interval for a band, in minutes. RCP: 0 -> 12-hourly; 1-4 -> 4-6-hourly
 * (we take 4 h, the safer end); single 3 or 5-6 -> hourly; 7+ -> continuous, which a board can only
 * show as "due every 30 minutes".
 */
export function news2FrequencyMinutes(score: number, band: News2Band): number {
  switch (band) {
    case 'high':
      return 30;
    case 'medium':
    case 'low-medium':
      return 60;
    case 'low':
      return score === 0 ? 12 * 60 : 4 * 60;
  }
}

/** When the next observation set is due, as UTC ISO. */
export function news2DueAt(observedAt: string, score: number, band: News2Band): string {
  return new Date(Date.parse(observedAt) + news2FrequencyMinutes(score, band) * 60_000).toISOString();
}

/** Whether observations are overdue at `now` (server time). */
export function isNews2Overdue(dueAt: string, now: number): boolean {
  return now > Date.parse(dueAt);
}

/**
 * Whether a patient's observations are overdue at `now`, and when they are due: the one reading of
 * it for the card, the huddle and the overdue-observations measure. Snapshots stored before plans
 * were read have no schedule: the NEWS2 due time is used.
 */
export function observationsDue(
  patient: { news2: { dueAt: string } | null; observations?: ObservationScheduleOnBoard | null },
  now: number,
): { stopped: boolean; dueAt: string | null; overdue: boolean } {
  const schedule = patient.observations ?? null;
  if (schedule?.basis === 'stopped') return { stopped: true, dueAt: null, overdue: false };
  const dueAt = schedule !== null ? schedule.dueAt : (patient.news2?.dueAt ?? null);
  // An unreadable due time counts as overdue: better a false prompt than a missed set.
  return { stopped: false, dueAt, overdue: dueAt === null || !(Date.parse(dueAt) > now) };
}
