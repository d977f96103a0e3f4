/**
 * Discharge readiness as the ward and the bed manager read it (docs/design.md section 7): who is ready
 * to go, for how many days, on which pathway, and what holds them. Pure; "today" and day counts are
 * Europe/London calendar days (CS-10), so a clock change never makes a day of 23 or 25 hours count
 * differently.
 */
import { formatLondonDay, londonDate, londonNoon } from './london-time.js';
import type { DelayedDischargeSummary } from './api/api.types.js';
import type {
  DischargeDelayReason,
  DischargePathway,
  DischargeReadinessOnBoard,
  PatientOnBoard,
} from './ward.types.js';

/**
 * The words for each reason: `label` for the drill-down and the bed manager, `short` for the card
 * ("awaiting care package"). The categories follow NHS England's discharge situation report.
 */
export const DISCHARGE_DELAY_REASON_TEXT: Readonly<Record<DischargeDelayReason, { label: string; short: string }>> = {
  'medical-decision': {
    label: 'Awaiting a medical decision or intervention (including the discharge summary)',
    short: 'awaiting medical decision',
  },
  'therapy-decision': { label: 'Awaiting a therapy decision or assessment', short: 'awaiting therapy' },
  referral: { label: 'Awaiting referral to the community single point of access', short: 'awaiting referral' },
  assessment: {
    label: 'Awaiting social care or transfer of care hub assessment',
    short: 'awaiting social care assessment',
  },
  equipment: { label: 'Awaiting community equipment or home adaptations', short: 'awaiting equipment' },
  'care-package': { label: 'Awaiting a new home care package (pathway 1)', short: 'awaiting care package' },
  reablement: { label: 'Awaiting reablement or community rehabilitation (pathway 1)', short: 'awaiting reablement' },
  'intermediate-care-bed': {
    label: 'Awaiting a bed-based intermediate care or rehabilitation place (pathway 2)',
    short: 'awaiting rehab bed',
  },
  'residential-home': { label: 'Awaiting a residential care home place (pathway 3)', short: 'awaiting care home' },
  'nursing-home': { label: 'Awaiting a nursing home place (pathway 3)', short: 'awaiting nursing home' },
  hospice: { label: 'Awaiting a hospice bed', short: 'awaiting hospice' },
  'specialist-placement': {
    label: 'Awaiting a specialist or mental health placement',
    short: 'awaiting specialist placement',
  },
  funding: { label: 'Awaiting a funding decision (including continuing healthcare)', short: 'awaiting funding' },
  transport: { label: 'Awaiting transport', short: 'awaiting transport' },
  'patient-family-choice': { label: 'Patient or family choice', short: 'patient or family choice' },
  safeguarding: { label: 'Safeguarding concern or Court of Protection', short: 'safeguarding' },
  housing: { label: 'Housing: homeless or nowhere to go', short: 'housing' },
  repatriation: { label: 'Repatriation or transfer to another trust', short: 'awaiting repatriation' },
  other: { label: 'Other reason', short: 'other reason' },
};

/** The pathways in the words a discharge coordinator uses. */
export const DISCHARGE_PATHWAY_TEXT: Readonly<Record<DischargePathway, string>> = {
  0: 'home, no new support',
  1: 'home with new support',
  2: 'rehabilitation bed',
  3: 'care home',
};

/** Whole calendar days from one London date to another (dates only: the same across a clock change). */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export interface DischargeReadinessNow {
  /** Recorded as ready, with a ready date today or before. */
  ready: boolean;
  /** Whole London days since the ready date (0 on the day itself), or null when not ready. */
  daysSinceReady: number | null;
  /**
   * A delayed discharge: ready since before today and still here (NHS England counts the days after
   * the discharge-ready date). Where no readiness is recorded at all, an open Task coded as a discharge
   * delay still says so, as it did before readiness was read.
   */
  delayed: boolean;
  /** Readiness is recorded (ready or not ready): a patient recorded as not ready is not delayed, whatever the Tasks say. */
  recorded: boolean;
}

const usableDate = (date: string | null): date is string => date !== null && /^\d{4}-\d{2}-\d{2}$/.test(date);

/** Where the patient stands at `now`. Boards stored before readiness was read have none: the Tasks decide. */
export function dischargeReadinessAt(
  patient: Pick<PatientOnBoard, 'discharge' | 'delays'>,
  now: number,
): DischargeReadinessNow {
  const readiness = patient.discharge ?? null;
  const recorded = readiness?.status === 'ready' || readiness?.status === 'not-ready';
  if (readiness === null || !recorded) {
    return {
      ready: false,
      daysSinceReady: null,
      delayed: patient.delays.some((d) => d.kind === 'discharge'),
      recorded: false,
    };
  }
  if (readiness.status !== 'ready' || !usableDate(readiness.readyDate))
    return { ready: false, daysSinceReady: null, delayed: false, recorded };
  const days = daysBetween(readiness.readyDate, londonDate(now));
  if (days < 0) return { ready: false, daysSinceReady: null, delayed: false, recorded };
  return { ready: true, daysSinceReady: days, delayed: days >= 1, recorded };
}

/** "Mon" within the last week, "30 Nov" before: what a nurse says of a day. */
function dayWords(date: string, now: number): string {
  const shown = formatLondonDay(londonNoon(date).toISOString());
  const days = daysBetween(date, londonDate(now));
  return days >= 0 && days < 7 ? (shown.split(' ')[0] ?? shown) : shown.replace(/^\w+ /, '');
}

/** The reasons in words, each once, the national ones first in their list order. */
export function delayReasonWords(
  readiness: Pick<DischargeReadinessOnBoard, 'delayReasons'>,
  form: 'label' | 'short',
): string[] {
  return readiness.delayReasons.map((r) => (r.reason === null ? r.text : DISCHARGE_DELAY_REASON_TEXT[r.reason][form]));
}

/**
 * Readiness in words, or null when the patient is not recorded as ready. `full` (the huddle, the bed
 * manager): "Ready since Mon (2 days), pathway 1, awaiting care package, awaiting equipment". `card`
 * (the wall, where a card has room for a line or two): "Ready since Mon (2 days) · P1 · care package +1".
 * "Ready today"; "Ready from Thu" for a date still to come.
 */
export function readinessLine(
  readiness: DischargeReadinessOnBoard | null | undefined,
  now: number,
  form: 'card' | 'full' = 'full',
): string | null {
  if (readiness == null || readiness.status !== 'ready' || !usableDate(readiness.readyDate)) return null;
  const days = daysBetween(readiness.readyDate, londonDate(now));
  const when =
    days === 0
      ? 'Ready today'
      : days < 0
        ? `Ready from ${dayWords(readiness.readyDate, now)}`
        : `Ready since ${dayWords(readiness.readyDate, now)} (${days} day${days === 1 ? '' : 's'})`;
  const words = delayReasonWords(readiness, 'short');
  if (form === 'full')
    return [when, ...(readiness.pathway === null ? [] : [`pathway ${readiness.pathway}`]), ...words].join(', ');
  const first = words[0]?.replace(/^awaiting /, '');
  return [
    when,
    ...(readiness.pathway === null ? [] : [`P${readiness.pathway}`]),
    ...(first === undefined ? [] : [`${first}${words.length > 1 ? ` +${words.length - 1}` : ''}`]),
  ].join(' · ');
}

/**
 * Delayed discharges among current inpatients at `now`, by reason and pathway: where the bed manager's
 * beds are held (GET /api/sites/:siteId/flow). Counts the same patients as the site's "Delayed
 * discharge" number, which reads {@link dischargeReadinessAt} too.
 */
export function delayedDischargeSummary(
  patients: ReadonlyArray<Pick<PatientOnBoard, 'discharge' | 'delays'>>,
  now: number,
): DelayedDischargeSummary {
  const rows = new Map<string, DelayedDischargeSummary['byReason'][number]>();
  const byPathway = new Map<DischargePathway | null, number>();
  let delayed = 0;
  let daysWaiting = 0;
  let readyToday = 0;
  let withoutReason = 0;
  let fromTasksOnly = 0;
  for (const patient of patients) {
    const at = dischargeReadinessAt(patient, now);
    if (at.ready && at.daysSinceReady === 0) readyToday++;
    if (!at.delayed) continue;
    delayed++;
    const days = at.daysSinceReady ?? 0;
    daysWaiting += days;
    if (!at.recorded) fromTasksOnly++;
    const pathway = patient.discharge?.pathway ?? null;
    byPathway.set(pathway, (byPathway.get(pathway) ?? 0) + 1);
    const reasons = patient.discharge?.delayReasons ?? [];
    if (reasons.length === 0) withoutReason++;
    for (const r of reasons) {
      const key = r.reason ?? `local:${r.text.toLowerCase()}`;
      const row = rows.get(key) ?? {
        reason: r.reason,
        label: r.reason === null ? r.text : DISCHARGE_DELAY_REASON_TEXT[r.reason].label,
        patients: 0,
        daysWaiting: 0,
        byPathway: [0, 0, 0, 0, 0] as [number, number, number, number, number],
      };
      row.patients++;
      row.daysWaiting += days;
      row.byPathway[pathway ?? 4]++;
      rows.set(key, row);
    }
  }
  return {
    patients: delayed,
    daysWaiting,
    readyToday,
    byPathway: ([0, 1, 2, 3, null] as const).map((pathway) => ({ pathway, patients: byPathway.get(pathway) ?? 0 })),
    byReason: [...rows.values()].sort(
      (a, b) => b.patients - a.patients || b.daysWaiting - a.daysWaiting || (a.label < b.label ? -1 : 1),
    ),
    withoutReason,
    fromTasksOnly,
  };
}
