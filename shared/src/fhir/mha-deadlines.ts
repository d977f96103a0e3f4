/**
 * Mental Health Act deadlines (docs/design.md section 7): when the section in force ends unless
 * renewed, section 132 rights given and due again, section 17 leave (authorised, on leave now,
 * expected back), the section 58 three-month date and the next tribunal or managers' hearing.
 *
 * No national FHIR profile carries these, so they are read from Flags (periods), Observations and
 * Procedures coded in a local code system a trust maps its own codes to (WARDS_CONFIG
 * `mentalHealthAct.codes`). Pure: the caller gives the stay's records and the time.
 */
import type { Flag, Observation, Procedure } from '@medplum/fhirtypes';
import type { MhaLeave, MentalHealthActOnBoard } from '../ward.types.js';
import { arr, codeTokens, isObject, parseTime, str, withAdded, hasAnyCode } from './observation-rules.js';
import { LEGAL_STATUS, legalCoding, type CurrentLegalStatus } from './legal-status.js';

export const MHA_SYSTEM = 'https://fhir.wardflow.org/CodeSystem/mental-health-act';

/** What each local code means. */
export const MHA_EVENTS = [
  'rights-given',
  'leave-authorised',
  'on-leave',
  'consent-to-treatment',
  'tribunal',
  'managers-hearing',
] as const;
export type MhaEvent = (typeof MHA_EVENTS)[number];

export interface MhaRules {
  /** Codes ("system|code") for each event: the local ones plus the trust's. */
  codes: Readonly<Record<MhaEvent, readonly string[]>>;
  /** The card warns this many days before a section ends, and is urgent from `urgentDays`. */
  warnDays: number;
  urgentDays: number;
  /** Section 132 rights are due within this many days of the detention starting. */
  rightsWithinDays: number;
  /** And again this many days after they were last given (trust policy); null for never. */
  rightsRepeatDays: number | null;
  /** A section whose period ended this recently, with nothing newer recorded, is shown as lapsed. */
  lapsedLookbackDays: number;
}

const LOCAL_CODES: Readonly<Record<MhaEvent, readonly string[]>> = Object.freeze({
  'rights-given': [`${MHA_SYSTEM}|rights-s132`],
  'leave-authorised': [`${MHA_SYSTEM}|leave-s17-authorised`],
  'on-leave': [`${MHA_SYSTEM}|leave-s17`],
  'consent-to-treatment': [`${MHA_SYSTEM}|consent-s58`],
  tribunal: [`${MHA_SYSTEM}|tribunal`],
  'managers-hearing': [`${MHA_SYSTEM}|managers-hearing`],
});

export const DEFAULT_MHA_RULES: MhaRules = Object.freeze({
  codes: LOCAL_CODES,
  warnDays: 7,
  urgentDays: 1,
  rightsWithinDays: 1,
  rightsRepeatDays: 30,
  lapsedLookbackDays: 14,
});

/** The rules with the trust's codes added to the local ones and its numbers over the defaults. */
export function mhaRulesWith(
  overrides: Partial<Omit<MhaRules, 'codes'>> & { codes?: Partial<Record<MhaEvent, readonly string[]>> } = {},
): MhaRules {
  const { codes, ...numbers } = overrides;
  return {
    ...DEFAULT_MHA_RULES,
    ...numbers,
    codes: Object.fromEntries(
      MHA_EVENTS.map((event) => [event, withAdded(LOCAL_CODES[event], codes?.[event])]),
    ) as unknown as MhaRules['codes'],
  };
}

const DAY_MS = 24 * 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

type MhaRecord = Flag | Observation | Procedure;

/** Which events a record is coded as. */
function eventsOf(record: MhaRecord, rules: MhaRules): MhaEvent[] {
  if (!isObject(record)) return [];
  const coded = codeTokens(record.code);
  return MHA_EVENTS.filter((event) => rules.codes[event].some((code) => coded.has(code)));
}

/** An Observation or Procedure that stands: final, amended or corrected; completed for a Procedure. */
function stands(record: MhaRecord): boolean {
  if (record.resourceType === 'Procedure') return record.status === 'completed';
  if (record.resourceType === 'Observation')
    return ['final', 'amended', 'corrected'].includes(str(record.status) ?? '');
  return false;
}

/** When an Observation or Procedure happened. */
function happenedAt(record: MhaRecord): number | null {
  if (record.resourceType === 'Observation')
    return (
      parseTime(record.effectiveDateTime) ??
      (isObject(record.effectivePeriod) ? parseTime(record.effectivePeriod.start) : null)
    );
  if (record.resourceType === 'Procedure')
    return (
      parseTime(record.performedDateTime) ??
      (isObject(record.performedPeriod) ? parseTime(record.performedPeriod.start) : null)
    );
  return null;
}

/** The date an Observation records as its value (the s58 date, a hearing date). */
function valueDate(record: MhaRecord): number | null {
  return record.resourceType === 'Observation' ? parseTime(record.valueDateTime) : null;
}

function periodOf(flag: Flag): { start: number | null; end: number | null; readable: boolean } {
  const period: unknown = flag.period;
  if (period === undefined) return { start: null, end: null, readable: true };
  if (!isObject(period)) return { start: null, end: null, readable: false };
  const start = period.start === undefined ? null : parseTime(period.start);
  const end = period.end === undefined ? null : parseTime(period.end);
  return {
    start,
    end,
    readable: (period.start === undefined || start !== null) && (period.end === undefined || end !== null),
  };
}

/** Informal patients are not detained: no rights under s132, no renewal, no s17 leave. */
export function isDetention(status: { code: string; display: string | null; system: string }): boolean {
  if (status.system === LEGAL_STATUS.england && status.code === '01') return false;
  return !/\binformal\b/i.test(status.display ?? '');
}

/**
 * Section 17 leave from the stay's Flags: the latest authorisation in force, and leave taken now (an
 * active on-leave Flag that has started; its period's end is when the patient is expected back, and
 * stays on the card, overdue, until the Flag is closed on return).
 */
function leaveOf(flags: readonly Flag[], rules: MhaRules, now: number): MhaLeave | null {
  let authorisedUntil: number | null = null;
  let authorised = false;
  let onLeave: { since: number | null; back: number | null } | null = null;
  for (const flag of flags) {
    if (flag.resourceType !== 'Flag' || flag.status !== 'active') continue;
    const events = eventsOf(flag, rules);
    const period = periodOf(flag);
    if (!period.readable || (period.start !== null && period.start > now)) continue;
    if (events.includes('leave-authorised') && (period.end === null || period.end > now)) {
      authorised = true;
      if (period.end !== null) authorisedUntil = Math.max(authorisedUntil ?? 0, period.end);
    }
    if (events.includes('on-leave') && (onLeave === null || (period.start ?? 0) > (onLeave.since ?? 0)))
      onLeave = { since: period.start, back: period.end };
  }
  if (!authorised && onLeave === null) return null;
  return {
    authorised,
    authorisedUntil: authorisedUntil === null ? null : iso(authorisedUntil),
    onLeaveSince: onLeave?.since == null ? null : iso(onLeave.since),
    onLeave: onLeave !== null,
    expectedBackAt: onLeave?.back == null ? null : iso(onLeave.back),
  };
}

/**
 * The deadlines of the section in force (`current`, from legal-status.ts), or of one that has lapsed.
 * `section` is what the card already shows; this adds the dates.
 */
export function mhaDeadlines(
  section: CurrentLegalStatus,
  records: ReadonlyArray<MhaRecord>,
  rules: MhaRules,
  now: number,
  lapsed = false,
): Omit<MentalHealthActOnBoard, 'code' | 'label' | 'since'> {
  const list = arr<MhaRecord>(records).filter(isObject);
  const start = Date.parse(section.start);
  const end = section.end === null ? null : Date.parse(section.end);
  const detained = isDetention(section);
  const standing = list.filter((r) => r.resourceType !== 'Flag' && stands(r));
  const latest = (event: MhaEvent, at: (r: MhaRecord) => number | null, keep: (t: number) => boolean) =>
    standing
      .filter((r) => eventsOf(r, rules).includes(event))
      .map(at)
      .filter((t): t is number => t !== null && keep(t))
      .sort((a, b) => b - a)[0] ?? null;

  // Rights given for this detention (not for an earlier section), and not in the future.
  const rightsGiven = latest('rights-given', happenedAt, (t) => t >= start && t <= now + 5 * 60_000);
  const rightsDue =
    rightsGiven === null
      ? start + rules.rightsWithinDays * DAY_MS
      : rules.rightsRepeatDays === null
        ? null
        : rightsGiven + rules.rightsRepeatDays * DAY_MS;
  // The latest s58 date recorded, and the next hearing from the start of today (London or not, a day back is enough).
  const consent = latest('consent-to-treatment', valueDate, () => true);
  const hearings = standing
    .flatMap((r) =>
      eventsOf(r, rules)
        .filter((e): e is 'tribunal' | 'managers-hearing' => e === 'tribunal' || e === 'managers-hearing')
        .map((kind) => ({ kind, at: valueDate(r) })),
    )
    .filter((h): h is { kind: 'tribunal' | 'managers-hearing'; at: number } => h.at !== null && h.at >= now - DAY_MS)
    .sort((a, b) => a.at - b.at);
  const hearing = hearings[0];

  return {
    expiresAt: end === null ? null : iso(end),
    expiryWarnFrom: end === null ? null : iso(end - rules.warnDays * DAY_MS),
    expiryUrgentFrom: end === null ? null : iso(end - rules.urgentDays * DAY_MS),
    lapsed,
    rights:
      detained && !lapsed
        ? {
            lastGivenAt: rightsGiven === null ? null : iso(rightsGiven),
            dueAt: rightsDue === null ? null : iso(rightsDue),
          }
        : null,
    leave:
      detained && !lapsed
        ? leaveOf(
            list.filter((r): r is Flag => r.resourceType === 'Flag'),
            rules,
            now,
          )
        : null,
    consentToTreatmentDueAt: detained && consent !== null ? iso(consent) : null,
    hearing: hearing === undefined ? null : { kind: hearing.kind, at: iso(hearing.at) },
  };
}

/**
 * A section that has ended with nothing newer recorded: an active Flag (or a standing Observation) in
 * a legal status code system whose period ended within the look-back. The record says detention has
 * lapsed unrenewed, which a ward must see at once; a section ended on purpose has its Flag closed.
 */
export function lapsedLegalStatus(
  records: ReadonlyArray<Flag | Observation>,
  rules: MhaRules,
  now: number,
): CurrentLegalStatus | null {
  let best: CurrentLegalStatus | null = null;
  for (const r of arr<Flag | Observation>(records)) {
    if (!isObject(r)) continue;
    const active = r.resourceType === 'Flag' ? r.status === 'active' : r.resourceType === 'Observation' && stands(r);
    if (!active) continue;
    const status =
      r.resourceType === 'Flag' ? legalCoding(r.code) : (legalCoding(r.valueCodeableConcept) ?? legalCoding(r.code));
    const period: unknown = r.resourceType === 'Flag' ? r.period : r.effectivePeriod;
    if (status === null || !isObject(period)) continue;
    const start = parseTime(period.start);
    const end = parseTime(period.end);
    if (start === null || end === null || end > now || end < now - rules.lapsedLookbackDays * DAY_MS) continue;
    if (!isDetention(status)) continue;
    if (best === null || end > Date.parse(best.end ?? '')) best = { ...status, start: iso(start), end: iso(end) };
  }
  return best;
}

/** The codes of the events a trust records as Observations (rights given, the s58 date, hearings). */
export function mhaObservationCodes(rules: MhaRules): string[] {
  return [
    ...new Set(
      (['rights-given', 'consent-to-treatment', 'tribunal', 'managers-hearing'] as const).flatMap(
        (e) => rules.codes[e],
      ),
    ),
  ];
}

/** Whether a resource's `code` carries any of `codes` ("system|code"). */
export function codedAsAnyOf(resource: unknown, codes: readonly string[]): boolean {
  return isObject(resource) && hasAnyCode(resource.code, codes);
}

/**
 * The patients with a Mental Health Act status recorded in a Flag or Observation (any status, any
 * period): those whose older MHA events are worth a search of their own. Informal included, as the
 * record may be mid-change; the rules decide what applies.
 */
export function patientsWithLegalStatus(resources: ReadonlyArray<Flag | Observation>): string[] {
  const ids = new Set<string>();
  for (const r of arr<Flag | Observation>(resources)) {
    if (!isObject(r)) continue;
    const coded =
      r.resourceType === 'Flag'
        ? legalCoding(r.code) !== null
        : r.resourceType === 'Observation' &&
          (legalCoding(r.valueCodeableConcept) !== null || legalCoding(r.code) !== null);
    const subject: unknown = r.subject;
    const ref = isObject(subject) ? str(subject.reference) : null;
    const id = ref?.startsWith('Patient/') === true ? ref.slice('Patient/'.length) : null;
    if (coded && id !== null && id !== '') ids.add(id);
  }
  return [...ids].sort();
}
