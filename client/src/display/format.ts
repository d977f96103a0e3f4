/**
 * Words the wall display uses. Pure, and always given the estimated server time, never the screen's
 * own clock (CS-2).
 */
import {
  formatLondonDay,
  formatLondonTime,
  freshnessOnScreen,
  londonDate,
  londonDaysUntil,
  shortLondonClock,
  type MentalHealthActOnBoard,
  type BaySex,
  type BedStatus,
  type IsolationKind,
  type Board,
  type DelayKind,
  type Freshness,
  type News2Band,
  type ObservationLevel,
} from '@wardflow/shared';

/** Freshness as the screen shows it: `waiting` before the ward's first complete poll. */
export type ScreenFreshness = Freshness | 'waiting';

/**
 * Recomputes freshness for the moment on screen, so data that ages past a threshold while no message
 * arrives is caught. The server's own verdict is a floor: it may know something (a future-dated
 * snapshot, a failed poll) that the age alone does not show.
 */
export function screenFreshness(board: Board, serverNow: number): ScreenFreshness {
  // A retired ward's board is history: never current, whatever it last held.
  if (board.ward.retired !== undefined && board.ward.retired !== null) return 'expired';
  if (board.asOf === null) return 'waiting';
  return freshnessOnScreen(
    board.freshness,
    board.asOf,
    serverNow,
    board.freshness === 'stale' && board.staleReason != null,
  );
}

export function freshnessLabel(freshness: ScreenFreshness): string {
  switch (freshness) {
    case 'fresh':
      return 'Current';
    case 'stale':
      return 'May be out of date';
    case 'expired':
      return 'NOT CURRENT';
    case 'waiting':
      return 'Waiting for first data';
  }
}

export function bedStatusLabel(status: BedStatus): string {
  switch (status) {
    case 'occupied':
      return 'Occupied';
    case 'free':
      return 'Free';
    case 'cleaning':
      return 'Cleaning';
    case 'closed':
      return 'Closed';
    case 'reserved':
      return 'Reserved';
    case 'blocked':
      return 'Blocked';
    case 'isolated':
      return 'Isolated';
    case 'contaminated':
      return 'Contaminated';
    case 'unknown':
      return 'Status unknown';
  }
}

/** Who a bay is for, as the sign on its door says it. */
export function baySexLabel(sex: BaySex): string {
  switch (sex) {
    case 'male':
      return 'Male';
    case 'female':
      return 'Female';
    case 'mixed':
      return 'Mixed';
  }
}

/** "Isolate: airborne" or "Isolate" when the precautions are not recorded. */
export function isolationLabel(kind: IsolationKind): string {
  return kind === 'unspecified' ? 'Isolate' : `Isolate: ${kind}`;
}

export function news2BandLabel(band: News2Band): string {
  switch (band) {
    case 'low':
      return 'Low';
    case 'low-medium':
      return 'Low-medium';
    case 'medium':
      return 'Medium';
    case 'high':
      return 'High';
  }
}

/** "just now", "35 min ago", "2 h ago", "3 d ago": whole units, rounded down, short enough for a bed card. */
export function ageLabel(fromIso: string, now: number): string {
  const minutes = Math.floor((now - Date.parse(fromIso)) / 60_000);
  if (Number.isNaN(minutes)) return 'time unknown';
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}

export interface EddLabel {
  text: string;
  /** The expected discharge date has gone by: a flow problem worth a second look. */
  past: boolean;
}

/**
 * Expected discharge date relative to the ward's "today" (Europe/London). The date part is compared,
 * as the census counts "expected discharges today" the same way.
 */
export function eddLabel(expectedDischargeDate: string, now: number): EddLabel {
  const edd = expectedDischargeDate.slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(edd)) return { text: 'EDD unreadable', past: false };
  const today = londonDate(now);
  // Noon UTC falls on the same calendar day in London in both GMT and BST.
  const shown = formatLondonDay(`${edd}T12:00:00Z`);
  // Past dates drop the weekday: "Past EDD" is the point, and the card is narrow.
  if (edd < today) return { text: `Past EDD · ${shown.replace(/^\w+ /, '')}`, past: true };
  if (edd === today) return { text: 'EDD Today', past: false };
  if (edd === nextDate(today)) return { text: 'EDD Tomorrow', past: false };
  return { text: `EDD ${shown}`, past: false };
}

/** "yesterday" or "Mon 30 Nov" for a London calendar day "YYYY-MM-DD" before today. */
export function londonDayLabel(ymd: string, now: number): string {
  if (nextDate(ymd) === londonDate(now)) return 'yesterday';
  return formatLondonDay(`${ymd}T12:00:00Z`);
}

/** The calendar day after "YYYY-MM-DD", by date arithmetic: adding 24 h misses on a 25-hour day. */
function nextDate(ymd: string): string {
  const next = new Date(`${ymd}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

/** "Tue 13 Jan 14:05 GMT" (a time on another day needs its day), or a plain warning when it cannot be read. */
export function londonDayTimeOf(iso: string): string {
  return Number.isNaN(Date.parse(iso)) ? 'unknown time' : `${formatLondonDay(iso)} ${formatLondonTime(iso)}`;
}

/** "14:05 GMT", or a plain warning when the time cannot be read: a bad timestamp must not blank the screen. */
export function londonTimeOf(iso: string): string {
  return Number.isNaN(Date.parse(iso)) ? 'unknown time' : formatLondonTime(iso);
}

/**
 * A Mental Health Act section short enough for a bed card: "MHA S3", "MHA S5(2)", "MHA S37/41".
 * The section is read from the label ("Formally detained under Mental Health Act Section 3") or the
 * code; an informal patient reads "Informal"; anything else falls back to the code, never to nothing.
 */
export function mentalHealthActLabel(mha: { code: string; label: string }): string {
  const section = /\b(?:section|s\.?)\s*(\d+[A-Z]?(?:\s*\(\d+\))?(?:\/\d+)?)/i;
  const found = section.exec(mha.label) ?? section.exec(mha.code);
  if (found?.[1] !== undefined) return `MHA S${found[1].replace(/\s+/g, '')}`;
  if (/\binformal\b/i.test(mha.label)) return 'Informal';
  if (/^cto$/i.test(mha.code) || /community treatment order/i.test(mha.label)) return 'MHA CTO';
  const code = mha.code.trim();
  return code === '' ? 'MHA' : `MHA ${code}`;
}

/** Observation levels worth a word on the card; general observation is the default and says nothing. */
export function observationLevelLabel(level: ObservationLevel): string | null {
  switch (level) {
    case 'general':
      return null;
    case 'intermittent':
      return 'Intermittent obs';
    case 'within-eyesight':
      return 'Eyesight obs';
    case 'arms-length':
      return 'Arm’s length obs';
  }
}

/** "since 13:05 GMT" on the same London day, "since Tue 13 Jan" before it; null when no time was recorded. */
export function sinceLabel(sinceIso: string | null, now: number): string | null {
  if (sinceIso === null || Number.isNaN(Date.parse(sinceIso))) return null;
  return londonDate(Date.parse(sinceIso)) === londonDate(now)
    ? `since ${formatLondonTime(sinceIso)}`
    : `since ${formatLondonDay(sinceIso)}`;
}

/** "Glucose 3.4 LOW": one decimal place, as a meter shows it. */
export function glucoseLabel(mmolPerL: number): string {
  return `Glucose ${mmolPerL.toFixed(1)} LOW`;
}

const DESCRIPTION_MAX = 30;

/**
 * Overdue delays in words, one per kind with a count when repeated: "Transport delayed",
 * "Discharge delayed ×2", "Assessment overdue"; a delay of no known kind says "Overdue:" and its
 * description, shortened with an ellipsis so one long note cannot push the rest of the card out of sight.
 */
export function overdueDelayLabels(
  delays: ReadonlyArray<{ kind: DelayKind | null; description: string; overdue: boolean }>,
): string[] {
  const counts = new Map<string, number>();
  for (const delay of delays) {
    if (!delay.overdue) continue;
    const text =
      delay.kind === 'transport'
        ? 'Transport delayed'
        : delay.kind === 'discharge'
          ? 'Discharge delayed'
          : delay.kind === 'assessment'
            ? 'Assessment overdue'
            : `Overdue: ${shorten(delay.description.trim() || 'task', DESCRIPTION_MAX)}`;
    counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  return [...counts].map(([text, n]) => (n > 1 ? `${text} ×${n}` : text));
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** How loudly an item about the Mental Health Act speaks on the card. */
export type MhaTone = 'urgent' | 'attention' | 'quiet' | 'neutral';

export interface MhaItem {
  kind: 'mha' | 'mha-rights' | 'mha-leave' | 'mha-s58' | 'mha-hearing';
  text: string;
  tone: MhaTone;
  /** Smaller words beside the text where the card gives them a line of their own (the late return). */
  detail?: string;
}

/**
 * A clock time short enough for a card beside another: "16:10" today, "tomorrow 08:00", "Tue 08:00"
 * later or earlier (the screen's header shows the clock and the zone).
 */
export function cardClockLabel(iso: string, now: number): string {
  return shortLondonClock(iso, now);
}

/** "today 12:00 GMT", "tomorrow", "in 5 days", "yesterday", "3 days ago": London calendar days. */
export function whenLabel(iso: string, now: number): string {
  const days = londonDaysUntil(iso, now);
  if (days === 0) return `today ${formatLondonTime(iso)}`;
  if (days === 1) return 'tomorrow';
  if (days === -1) return 'yesterday';
  return days > 1 ? `in ${days} days` : `${-days} days ago`;
}

const past = (iso: string | null | undefined, now: number): boolean => iso != null && Date.parse(iso) <= now;

/**
 * The Mental Health Act items a card shows, most urgent first. Calm while nothing is due: the section
 * alone, as before. The end of the section speaks from the configured warning days (attention) and
 * the urgent day; a lapse, a late return from leave and rights past due say so in words.
 */
export function mhaItems(mha: MentalHealthActOnBoard, now: number): MhaItem[] {
  const section = mentalHealthActLabel(mha);
  const items: MhaItem[] = [];
  const leave = mha.leave ?? null;
  if (leave?.onLeave === true && leave.expectedBackAt !== null && past(leave.expectedBackAt, now))
    items.push({
      kind: 'mha-leave',
      text: 's17 LATE',
      detail: `due back ${shortWhen(leave.expectedBackAt, now)}`,
      tone: 'urgent',
    });
  if (mha.lapsed === true && mha.expiresAt != null)
    items.push({ kind: 'mha', text: `${section} LAPSED ${shortWhen(mha.expiresAt, now)}`, tone: 'urgent' });
  else if (mha.expiresAt != null && past(mha.expiryWarnFrom, now))
    items.push({
      kind: 'mha',
      text: `${section} ends ${whenLabel(mha.expiresAt, now)}`,
      tone: past(mha.expiryUrgentFrom, now) ? 'urgent' : 'attention',
    });
  else items.push({ kind: 'mha', text: section, tone: 'neutral' });
  if (mha.rights?.dueAt != null && past(mha.rights.dueAt, now))
    items.push({
      kind: 'mha-rights',
      text: mha.rights.lastGivenAt === null ? 's132 rights not given' : 's132 rights due again',
      tone: 'attention',
    });
  if (leave?.onLeave === true && !(leave.expectedBackAt !== null && past(leave.expectedBackAt, now)))
    items.push({
      kind: 'mha-leave',
      text: leave.expectedBackAt === null ? 's17 leave' : `s17 leave, back ${formatLondonTime(leave.expectedBackAt)}`,
      tone: 'quiet',
    });
  const s58 = mha.consentToTreatmentDueAt ?? null;
  if (s58 !== null && !past(s58, now) && londonDaysUntil(s58, now) <= 7)
    items.push({ kind: 'mha-s58', text: `s58 date ${whenLabel(s58, now)}`, tone: 'attention' });
  const hearing = mha.hearing ?? null;
  if (hearing !== null && londonDaysUntil(hearing.at, now) <= 7)
    items.push({
      kind: 'mha-hearing',
      text: `${hearing.kind === 'tribunal' ? 'Tribunal' : 'Managers’ hearing'} ${whenLabel(hearing.at, now)}`,
      tone: 'quiet',
    });
  return items;
}

/** "09:30 GMT" today, else "17 Nov" (the weekday left off: the card is narrow). */
function shortWhen(iso: string, now: number): string {
  return londonDate(Date.parse(iso)) === londonDate(now)
    ? formatLondonTime(iso)
    : formatLondonDay(iso).replace(/^\w+ /, '');
}
