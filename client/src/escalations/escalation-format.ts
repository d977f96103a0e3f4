/** Words for escalations on screen. Pure; "now" is the estimated server time. */
import { formatLondonDay, formatLondonTime, londonDate, type EscalationRuleKind } from '@wardflow/shared';

/** "12 min", "3 h 05 min", "2 days"; "–" when the time is unknown. */
export function ageLabel(sinceIso: string, now: number | null): string {
  if (now === null) return '–';
  const minutes = Math.max(0, Math.floor((now - Date.parse(sinceIso)) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
  return `${Math.floor(minutes / (24 * 60))} days`;
}

/** "09:15 GMT" today, "Sat 21 Nov 09:15 GMT" another day (London days). */
export function whenLabel(iso: string, now: number | null): string {
  const sameDay = now !== null && londonDate(Date.parse(iso)) === londonDate(now);
  return sameDay ? formatLondonTime(iso) : `${formatLondonDay(iso)} ${formatLondonTime(iso)}`;
}

/** An icon per kind, always beside words (CS-9: never colour alone). */
export const KIND_ICON: Record<EscalationRuleKind | 'unknown', string> = {
  news2: '♥',
  awol: '⚑',
  composite: '▲',
  occupancy: '▦',
  'cleaning-long': '↻',
  'past-expected-discharge': '◷',
  'mha-section-expiry': '§',
  'mha-rights': '§',
  'mha-leave-overdue': '⚑',
  unknown: '!',
};
