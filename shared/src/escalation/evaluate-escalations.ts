/**
 * Which escalation conditions hold on one ward now: pure, from the ward's stored snapshot and its
 * latest score. The server reconciles the result with the open escalations (reconcile-escalations.ts).
 *
 * Detail is what a bed manager reads on screen and may receive by email, so it carries ward-level
 * words and bed labels only, never initials, names or NHS numbers. A condition whose start is unknown
 * (a bed whose cleaning nobody dated, an AWOL with no start when the rule needs hours) is not raised:
 * never guessed.
 */
import { unavailableBeds } from '../census.js';
import { formatLondonDay, formatLondonTime, londonDate } from '../london-time.js';
import { minutesSince, type SiteSnapshot } from '../sites.js';
import type { PatientOnBoard } from '../ward.types.js';
import type { EscalationRule } from './escalation-rules.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** One condition currently true. `subject` is '' for the ward, else the bed's or encounter's FHIR id. */
export interface EscalationCondition {
  ruleId: string;
  subject: string;
  value: number | null;
  detail: string;
}

export interface EscalationInput {
  snapshot: Pick<SiteSnapshot, 'beds' | 'unplaced'> & {
    census: {
      beds: number;
      occupied: number;
      closed: number;
      blocked: number;
      isolated?: number;
      contaminated?: number;
    };
  };
  /** The ward's latest composite safety score (0-100), or null when there is none or too little data. */
  composite: number | null;
  now: number;
}

/** Every condition of every enabled rule that holds, in rule order then bed order. */
export function evaluateEscalations(input: EscalationInput, rules: readonly EscalationRule[]): EscalationCondition[] {
  return rules.filter((r) => r.enabled).flatMap((rule) => evaluateRule(rule, input));
}

function evaluateRule(rule: EscalationRule, input: EscalationInput): EscalationCondition[] {
  const { snapshot, now } = input;
  const ward = (value: number | null, detail: string): EscalationCondition[] => [
    { ruleId: rule.id, subject: '', value, detail },
  ];
  switch (rule.kind) {
    case 'occupancy': {
      const { beds, occupied } = snapshot.census;
      const open = beds - unavailableBeds(snapshot.census);
      if (open <= 0) return [];
      const percent = (occupied / open) * 100;
      return percent > rule.threshold
        ? ward(
            round1(percent),
            `Occupancy ${Math.round(percent)}% (${occupied} of ${open} open beds; above ${rule.threshold}%)`,
          )
        : [];
    }
    case 'composite':
      return input.composite !== null && input.composite >= rule.threshold
        ? ward(
            round1(input.composite),
            `Composite safety score ${Math.round(input.composite)} (${rule.threshold} or more)`,
          )
        : [];
    case 'cleaning-long':
      return snapshot.beds.flatMap((bed) => {
        if (bed.status !== 'cleaning') return [];
        const minutes = minutesSince(bed.statusSince, now);
        if (minutes === null || minutes * 60_000 <= rule.threshold * HOUR_MS) return [];
        return [
          {
            ruleId: rule.id,
            subject: bed.id,
            value: round1(minutes / 60),
            detail: `${bed.label}: in cleaning for ${hoursAndMinutes(minutes)}`,
          },
        ];
      });
    case 'news2':
      return patientConditions(rule, snapshot, (p) =>
        p.news2 !== null && p.news2.score >= rule.threshold
          ? { value: p.news2.score, words: `NEWS2 ${p.news2.score}` }
          : null,
      );
    case 'awol':
      return patientConditions(rule, snapshot, (p) => {
        if (p.awol === null) return null;
        const minutes = minutesSince(p.awol.since, now);
        // With a threshold of 0 an AWOL is raised at once; a longer one needs a known start.
        if (minutes === null)
          return rule.threshold === 0 ? { value: null, words: 'absent without leave (since unknown)' } : null;
        return rule.threshold === 0 || minutes * 60_000 > rule.threshold * HOUR_MS
          ? { value: round1(minutes / 60), words: `absent without leave for ${hoursAndMinutes(minutes)}` }
          : null;
      });
    case 'mha-section-expiry':
      return patientConditions(rule, snapshot, (p) => {
        const mha = p.mentalHealthAct;
        const end = mha?.expiresAt == null ? Number.NaN : Date.parse(mha.expiresAt);
        if (mha == null || Number.isNaN(end)) return null;
        const section = sectionName(mha);
        if (mha.lapsed === true) return { value: 0, words: `${section} ended ${dayAndTime(end)}, no renewal recorded` };
        if (end - now > rule.threshold * DAY_MS) return null;
        const days = Math.max(0, Math.ceil((end - now) / DAY_MS));
        return {
          value: days,
          words: `${section} ends ${dayAndTime(end)} (${days === 0 ? 'today' : days === 1 ? 'within a day' : `in ${days} days`})`,
        };
      });
    case 'mha-rights':
      return patientConditions(rule, snapshot, (p) => {
        const rights = p.mentalHealthAct?.rights ?? null;
        const due = rights?.dueAt == null ? Number.NaN : Date.parse(rights.dueAt);
        if (rights === null || Number.isNaN(due) || now - due < rule.threshold * HOUR_MS || now < due) return null;
        return {
          value: round1((now - due) / HOUR_MS),
          words: `section 132 rights due ${dayAndTime(due)}${rights.lastGivenAt === null ? ', not recorded as given' : ', not given again'}`,
        };
      });
    case 'mha-leave-overdue':
      return patientConditions(rule, snapshot, (p) => {
        const leave = p.mentalHealthAct?.leave ?? null;
        const back = leave?.expectedBackAt == null ? Number.NaN : Date.parse(leave.expectedBackAt);
        if (
          leave === null ||
          !leave.onLeave ||
          Number.isNaN(back) ||
          now - back <= rule.threshold * HOUR_MS ||
          now <= back
        )
          return null;
        return {
          value: round1((now - back) / HOUR_MS),
          words: `section 17 leave, due back ${dayAndTime(back)}, not returned`,
        };
      });
    case 'past-expected-discharge':
      return patientConditions(rule, snapshot, (p) => {
        const days = daysPastExpectedDischarge(p.expectedDischargeDate, now);
        return days !== null && days > rule.threshold
          ? {
              value: days,
              words: `${days} ${days === 1 ? 'day' : 'days'} past expected discharge (${p.expectedDischargeDate?.slice(0, 10) ?? ''})`,
            }
          : null;
      });
  }
}

/** Whole London calendar days from the expected discharge date to today; null when there is none or it cannot be read. */
export function daysPastExpectedDischarge(expectedDischargeDate: string | null, now: number): number | null {
  if (expectedDischargeDate === null) return null;
  const edd = expectedDischargeDate.slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(edd) || Number.isNaN(Date.parse(`${edd}T00:00:00Z`))) return null;
  // Both are calendar dates, so the difference of their UTC midnights is whole days whatever the clocks did.
  return Math.round((Date.parse(`${londonDate(now)}T00:00:00Z`) - Date.parse(`${edd}T00:00:00Z`)) / DAY_MS);
}

/**
 * One condition per patient for whom `test` holds: subject the encounter id (the patient's stay, so a
 * move to another bed keeps the escalation), detail named by the bed label only.
 */
function patientConditions(
  rule: EscalationRule,
  snapshot: EscalationInput['snapshot'],
  test: (p: PatientOnBoard) => { value: number | null; words: string } | null,
): EscalationCondition[] {
  const where = new Map<string, string>();
  for (const bed of snapshot.beds) if (bed.patient !== null) where.set(bed.patient.encounterId, bed.label);
  // Patients the data could not put in a bed are escalated too (nobody disappears), without a bed label.
  const everyone = [
    ...snapshot.beds.flatMap((b) => (b.patient === null ? [] : [b.patient])),
    ...(snapshot.unplaced ?? []).map((u) => u.patient),
  ];
  return everyone.flatMap((p) => {
    const hit = test(p);
    if (hit === null) return [];
    return [
      {
        ruleId: rule.id,
        subject: p.encounterId,
        value: hit.value,
        detail: `${where.get(p.encounterId) ?? 'No bed recorded'}: ${hit.words}`,
      },
    ];
  });
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** "Section 3" from the label or code as the trust sent it; "Mental Health Act section" otherwise. */
function sectionName(mha: { code: string; label: string }): string {
  const found = /\bsection\s*(\d+[A-Z]?(?:\s*\(\d+\))?)/i.exec(mha.label);
  return found?.[1] === undefined ? 'Mental Health Act section' : `Section ${found[1].replace(/\s+/g, '')}`;
}

/** "Wed 25 Nov 12:00 GMT": a day and time in London, as the email and the screen say it. */
function dayAndTime(ms: number): string {
  const at = new Date(ms).toISOString();
  return `${formatLondonDay(at)} ${formatLondonTime(at)}`;
}

function hoursAndMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h === 0 ? `${m} min` : `${h} h ${String(m).padStart(2, '0')} min`;
}
