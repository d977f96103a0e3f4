/**
 * The safety huddle's agenda: the ward's board ordered as the structured check-ins of the day run
 * (morning safety risks, midday care reviews, afternoon discharges and patients becoming unwell), so
 * a huddle at the screen walks through who needs talking about and why, not bed by bed.
 *
 * Pure: the same board and time give the same agenda. Who is named only as the wall allows (SEC-1):
 * initials, or the bed alone on a bed-only ward. Every reason is words (CS-9).
 */
import type { Board } from './api/api.types.js';
import { expectedSummary } from './arrivals.js';
import { readinessLine } from './discharge.js';
import { fractionWords, vteAt, wardVte } from './vte.js';
import { observationsDue } from './news2.js';
import { formatLondonDay, formatLondonTime, londonDate, londonHourMinute, londonTimeFrom } from './london-time.js';
import type { IsolationKind, PatientOnBoard } from './ward.types.js';

const DAY_MS = 86_400_000;

export type CheckInId = 'safety' | 'care' | 'flow' | 'unwell';

export interface HuddleItem {
  encounterId: string;
  /** "Bed 4", or "Not in a bed" for a patient the data could not place. */
  bed: string;
  /** Initials, or null on a bed-only ward. */
  initials: string | null;
  /** Why this patient is on this part of the agenda, most urgent first. */
  reasons: string[];
  /** `urgent` for what must be acted on now (NEWS2 7+, AWOL, overdue observations, low glucose). */
  severity: 'urgent' | 'attention';
}

export interface HuddleSection {
  id: CheckInId;
  title: string;
  /** The question the huddle answers in this part. */
  prompt: string;
  /** The ward's figures for this part, in words (care reviews: the VTE percentages), when it has any. */
  summary?: string;
  items: HuddleItem[];
}

export interface HuddleAgenda {
  /** The check-in the time of day calls for; its section comes first. */
  current: CheckInId;
  sections: HuddleSection[];
}

const SECTION_TEXT: Record<CheckInId, { title: string; prompt: string }> = {
  safety: {
    title: 'Safety risks',
    prompt: 'Who is at risk today: deteriorating, enhanced observations, falls, low blood sugar, absent without leave?',
  },
  care: { title: 'Care reviews', prompt: 'Which key assessments and care plan reviews are due or overdue?' },
  flow: {
    title: 'Discharges and delays',
    prompt: 'Who goes home today, who is past their date, and what is holding them?',
  },
  unwell: { title: 'Becoming unwell', prompt: 'Whose NEWS2 is raised or whose observations are overdue?' },
};

/** Day order of the check-ins; "becoming unwell" closes the afternoon huddle. */
const DAY_ORDER: readonly CheckInId[] = ['safety', 'care', 'flow', 'unwell'];

/**
 * The check-in for a London time: safety until 11:00 (the 8-9am huddle), care reviews until 14:00
 * (midday), then discharges (the 3-4pm huddle). Clock changes are handled by reading London time.
 */
export function checkInAt(now: number): CheckInId {
  const { hour } = londonHourMinute(now);
  if (hour < 11) return 'safety';
  if (hour < 14) return 'care';
  return 'flow';
}

const passed = (iso: string | null | undefined, now: number): boolean => iso != null && Date.parse(iso) <= now;
const isolationWords: Record<IsolationKind, string> = {
  airborne: 'Isolation: airborne precautions',
  droplet: 'Isolation: droplet precautions',
  contact: 'Isolation: contact precautions',
  protective: 'Protective isolation',
  unspecified: 'Isolation required',
};

function safetyReasons(p: PatientOnBoard, now: number): Array<[string, boolean]> {
  const reasons: Array<[string, boolean]> = [];
  if (p.awol !== null) reasons.push(['Absent without leave', true]);
  const leave = p.mentalHealthAct?.leave ?? null;
  if (leave?.onLeave === true && passed(leave.expectedBackAt, now))
    reasons.push([
      `Section 17 leave: due back ${londonTimeFrom(leave.expectedBackAt as string, now)}, not returned`,
      true,
    ]);
  if (p.mentalHealthAct?.lapsed === true && p.mentalHealthAct.expiresAt != null)
    reasons.push([`Section lapsed ${formatLondonDay(p.mentalHealthAct.expiresAt)}: no renewal recorded`, true]);
  const infection = p.infection ?? null;
  if (infection !== null && (infection.isolation !== null || infection.alerts.length > 0))
    reasons.push([
      [
        ...(infection.isolation === null ? [] : [isolationWords[infection.isolation.kind]]),
        ...infection.alerts.map((a) => a.label),
      ].join(' · '),
      false,
    ]);
  if (p.news2 !== null && p.news2.score >= 5)
    reasons.push([`Deteriorating: NEWS2 ${p.news2.score}`, p.news2.score >= 7]);
  else if (p.news2?.anySingleParameterScored3 === true)
    reasons.push([`NEWS2 ${p.news2.score} with a single parameter scoring 3`, false]);
  if (p.observationLevel?.level === 'arms-length') reasons.push(["Arm's length observation", false]);
  if (p.observationLevel?.level === 'within-eyesight') reasons.push(['Within eyesight observation', false]);
  if (p.glucose?.low === true) reasons.push([`Low blood sugar ${p.glucose.mmolPerL.toFixed(1)} mmol/L`, true]);
  if (p.fallsRisk !== null && (p.fallsRisk.level === 'high' || p.fallsRisk.flagged))
    reasons.push([p.fallsRisk.level === 'high' ? 'High falls risk' : 'Falls risk flagged', false]);
  return reasons;
}

function careReasons(p: PatientOnBoard, now: number): Array<[string, boolean]> {
  const reasons: Array<[string, boolean]> = [];
  const mha = p.mentalHealthAct;
  if (mha != null && mha.lapsed !== true && mha.expiresAt != null && passed(mha.expiryWarnFrom, now))
    reasons.push([
      `Section ends ${formatLondonDay(mha.expiresAt)}: renewal or discharge`,
      passed(mha.expiryUrgentFrom, now),
    ]);
  if (mha?.rights?.dueAt != null && passed(mha.rights.dueAt, now))
    reasons.push([
      mha.rights.lastGivenAt === null ? 'Section 132 rights not given' : 'Section 132 rights due again',
      false,
    ]);
  const soon = (iso: string) => Date.parse(iso) > now - DAY_MS && Date.parse(iso) - now <= 7 * DAY_MS;
  if (mha?.consentToTreatmentDueAt != null && soon(mha.consentToTreatmentDueAt))
    reasons.push([`Section 58 date ${formatLondonDay(mha.consentToTreatmentDueAt)}: consent or SOAD`, false]);
  if (mha?.hearing != null && soon(mha.hearing.at))
    reasons.push([
      `${mha.hearing.kind === 'tribunal' ? 'Tribunal' : 'Managers’ hearing'} ${formatLondonDay(mha.hearing.at)} ${formatLondonTime(mha.hearing.at)}`,
      false,
    ]);
  for (const a of p.assessments ?? []) {
    if (a.state === 'overdue') reasons.push([`${a.label} overdue`, false]);
    else if (a.state === 'due-soon') reasons.push([`${a.label} due`, false]);
  }
  if (p.carePlanReview?.overdue === true) reasons.push(['Care plan review overdue', false]);
  const vte = vteAt(p.vte, now);
  if (vte?.assessment === 'overdue' && p.vte?.assessment.dueAt != null)
    reasons.push([`VTE risk assessment overdue (due ${londonTimeFrom(p.vte.assessment.dueAt, now)})`, false]);
  if (vte?.prophylaxisMissing === true) reasons.push(['VTE prophylaxis indicated, none prescribed', false]);
  for (const d of p.delays)
    if (d.kind === 'assessment') reasons.push([`${d.description}${d.overdue ? ' (overdue)' : ''}`, false]);
  return reasons;
}

function flowReasons(p: PatientOnBoard, now: number): Array<[string, boolean]> {
  const reasons: Array<[string, boolean]> = [];
  const today = londonDate(now);
  // Ready to go (no longer meets the criteria to reside): for how long, the pathway and what holds them.
  const ready = readinessLine(p.discharge, now, 'full');
  if (ready !== null) reasons.push([ready, false]);
  const notReady = p.discharge?.status === 'not-ready';
  const edd = p.expectedDischargeDate?.slice(0, 10) ?? null;
  if (edd !== null && /^\d{4}-\d{2}-\d{2}$/.test(edd)) {
    if (edd === today)
      reasons.push([notReady ? 'Expected home today, but not yet ready' : 'Expected home today', false]);
    // Noon UTC is the same calendar day in London in GMT and BST.
    else if (edd < today)
      reasons.push([
        `Past expected discharge (${formatLondonDay(`${edd}T12:00:00Z`)})${notReady ? ': still meets the criteria to reside' : ''}`,
        false,
      ]);
  }
  for (const d of p.delays)
    if (d.kind !== 'assessment') reasons.push([`${d.description}${d.overdue ? ' (overdue)' : ''}`, false]);
  return reasons;
}

function unwellReasons(p: PatientOnBoard, now: number): Array<[string, boolean]> {
  const reasons: Array<[string, boolean]> = [];
  const due = observationsDue(p, now);
  const notDone = p.observations?.notDone ?? null;
  const notDoneWords =
    notDone === null
      ? null
      : `${notDone.reason === 'refused' ? 'refused' : 'not done'} ${londonTimeFrom(notDone.at, now)}`;
  if (p.news2 === null) {
    if (notDoneWords !== null) reasons.push([`Observations ${notDoneWords}, none on record`, due.overdue]);
    else if (!p.onLeave && !due.stopped) reasons.push(['No NEWS2 recorded', false]);
    return reasons;
  }
  if (due.overdue)
    reasons.push([
      `Observations overdue (last NEWS2 ${p.news2.score}${notDoneWords === null ? '' : `; ${notDoneWords}`})`,
      true,
    ]);
  else if (notDoneWords !== null)
    reasons.push([`Observations ${notDoneWords}, next due ${londonTimeFrom(due.dueAt ?? '', now)}`, false]);
  if (p.news2.score >= 5) reasons.push([`NEWS2 ${p.news2.score}`, p.news2.score >= 7]);
  else if (p.news2.anySingleParameterScored3) reasons.push([`NEWS2 ${p.news2.score}, single parameter 3`, false]);
  return reasons;
}

interface Placed {
  bed: string;
  patient: PatientOnBoard;
}

function sectionItems(
  placed: readonly Placed[],
  reasonsOf: (p: PatientOnBoard) => Array<[string, boolean]>,
  showInitials: boolean,
): HuddleItem[] {
  const items: HuddleItem[] = [];
  for (const { bed, patient } of placed) {
    const reasons = reasonsOf(patient);
    if (reasons.length === 0) continue;
    const urgent = reasons.some(([, u]) => u);
    items.push({
      encounterId: patient.encounterId,
      bed,
      initials: showInitials ? patient.initials : null,
      // Two records can say the same thing (two open Tasks for one delay): say it once.
      reasons: [...new Set([...reasons.filter(([, u]) => u), ...reasons.filter(([, u]) => !u)].map(([text]) => text))],
      severity: urgent ? 'urgent' : 'attention',
    });
  }
  // Urgent first; otherwise the ward's own bed order, which the team knows by heart.
  return items.sort((a, b) => Number(b.severity === 'urgent') - Number(a.severity === 'urgent'));
}

/** The agenda for the board at server time `now`. */
export function huddleAgenda(
  board: Pick<Board, 'beds' | 'unplaced' | 'ward'> & Partial<Pick<Board, 'expected'>>,
  now: number,
): HuddleAgenda {
  const showInitials = board.ward.displayLabel === 'initials';
  const placed: Placed[] = [
    ...board.beds.flatMap((b) => (b.patient === null ? [] : [{ bed: b.label, patient: b.patient }])),
    ...board.unplaced.map((u) => ({ bed: 'Not in a bed', patient: u.patient })),
  ];
  const reasonsFor: Record<CheckInId, (p: PatientOnBoard) => Array<[string, boolean]>> = {
    safety: (p) => safetyReasons(p, now),
    care: (p) => careReasons(p, now),
    flow: (p) => flowReasons(p, now),
    unwell: (p) => unwellReasons(p, now),
  };
  const current = checkInAt(now);
  const order = [current, ...DAY_ORDER.filter((id) => id !== current)];
  // M-BRACE's blood thinners: the ward's VTE figures, where its patients are assessed at all.
  const assessed = placed.some(({ patient }) => patient.vte != null);
  const vte = wardVte(
    placed.map(({ patient }) => patient),
    now,
  );
  // The window as configured, read back from a patient's due time (14 h unless the trust says otherwise).
  const windowed = placed.find(({ patient }) => patient.vte?.assessment.dueAt != null && patient.admittedAt !== null);
  const hours =
    windowed === undefined
      ? 14
      : Math.round(
          (Date.parse(windowed.patient.vte?.assessment.dueAt ?? '') - Date.parse(windowed.patient.admittedAt ?? '')) /
            3_600_000,
        );
  // The afternoon check-in plans the beds: who is coming, beside who is going.
  const arriving = expectedSummary(board.expected ?? [], now);
  const summaries: Partial<Record<CheckInId, string>> = {
    ...(assessed
      ? {
          care: `VTE assessed within ${hours} h: ${fractionWords(vte.assessedInTime)} · prophylaxis where indicated: ${fractionWords(vte.prophylaxisWhereIndicated)}`,
        }
      : {}),
    ...(arriving === null ? {} : { flow: arriving }),
  };
  return {
    current,
    sections: order.map((id) => ({
      id,
      ...SECTION_TEXT[id],
      ...(summaries[id] === undefined ? {} : { summary: summaries[id] }),
      items: sectionItems(placed, reasonsFor[id], showInitials),
    })),
  };
}
