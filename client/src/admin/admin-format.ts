/**
 * Words for the admin pages: times in Europe/London with GMT or BST named (CS-1), scopes and
 * bindings as people say them, audit actions and the chain check in sentences. Pure.
 */
import {
  londonZoneAbbreviation,
  type AuditAction,
  type AuditOutcome,
  type AuditVerification,
  type DeviceView,
  type ScopeList,
} from '@wardflow/shared';
import { londonDayTimeOf } from '../display/format';

/** "Tue 13 Jan 14:05 GMT", or a dash for "never". */
export function stampOf(iso: string | null, never = '—'): string {
  return iso === null ? never : londonDayTimeOf(iso);
}

const auditStamp = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** "Tue 13 Jan 2026 14:05:09 GMT": the audit log needs the year and the second. Built from parts: ICU builds differ in commas. */
export function auditTimeOf(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return 'unknown time';
  const parts = auditStamp.formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('weekday')} ${part('day')} ${part('month')} ${part('year')} ${part('hour')}:${part('minute')}:${part('second')} ${londonZoneAbbreviation(at)}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** London wall-clock offset from UTC at an instant, in minutes (0 in GMT, 60 in BST). */
function londonOffsetMinutes(at: number): number {
  return londonZoneAbbreviation(new Date(at)) === 'BST' ? 60 : 0;
}

/**
 * A London wall-clock time as typed in a `datetime-local` box ("2026-07-01T09:30") to a UTC ISO
 * instant, whatever time zone the browser itself is set to; null when it cannot be read.
 */
export function londonLocalToIso(local: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (m === null) return null;
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  // The offset at the guessed instant, then checked again at the result (the hour a clock change moves).
  const first = asUtc - londonOffsetMinutes(asUtc) * 60_000;
  const at = asUtc - londonOffsetMinutes(first) * 60_000;
  return new Date(at).toISOString();
}

/** A UTC ISO instant as London wall-clock time for a `datetime-local` box. */
export function isoToLondonLocal(iso: string): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return '';
  const local = new Date(at + londonOffsetMinutes(at) * 60_000);
  return `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
}

/** "Whole trust", or the wards and sites named (by name where known). */
export function scopeText(wards: ScopeList, sites: ScopeList, names: ReadonlyMap<string, string> = new Map()): string {
  if (wards === '*' || sites === '*') return 'Whole trust';
  const name = (id: string) => names.get(id) ?? id;
  const parts = [
    ...(sites.length > 0 ? [`${sites.length === 1 ? 'site' : 'sites'} ${sites.map(name).join(', ')}`] : []),
    ...(wards.length > 0 ? [`${wards.length === 1 ? 'ward' : 'wards'} ${wards.map(name).join(', ')}`] : []),
  ];
  return parts.length === 0 ? 'Nowhere' : parts.join('; ');
}

/** "Ash Ward board" / "North General heat map" (the server names a site's heat map in its label). */
export function bindingText(device: Pick<DeviceView, 'binding' | 'bindingLabel'>): string {
  return device.binding.kind === 'ward' ? `${device.bindingLabel} board` : device.bindingLabel;
}

export const AUDIT_ACTION_WORDS: Record<AuditAction, string> = {
  'patient.view': 'Viewed a patient',
  'auth.sign-in': 'Signed in',
  'auth.sign-in-failed': 'Sign-in failed',
  'auth.sign-out': 'Signed out',
  'session.revoke': 'Ended a session',
  'device.enrol': 'Enrolled a wall screen',
  'device.revoke': 'Removed a wall screen',
  'token.create': 'Created an API token',
  'token.revoke': 'Revoked an API token',
  'poll.request': 'Asked for a poll now',
  'digest.run': 'Sent the weekly digests',
  'digest.release': 'Released a digest for resending',
  'escalation.acknowledge': 'Acknowledged an escalation',
  'huddle.action.create': 'Recorded a huddle action',
  'huddle.action.close': 'Closed a huddle action',
  'audit.retention': 'Removed old audit entries (retention)',
  'history.import': 'Imported ward history',
  'history.backfill': 'Backfilled ward history from FHIR',
  'feeds.import': 'Imported a staffing or incident file',
};

export const AUDIT_OUTCOME_WORDS: Record<AuditOutcome, string> = {
  success: 'Done',
  failure: 'Failed',
  denied: 'Refused',
};

/** The chain check in words: what was checked, and what it means. */
export function verificationWords(v: AuditVerification): { ok: boolean; headline: string; details: string[] } {
  const details: string[] = [];
  if (v.retentionRemovedThrough !== null)
    details.push(
      `Entries up to number ${v.retentionRemovedThrough} were removed by the retention job, as the chain itself records.`,
    );
  if (v.lastHash !== null) {
    details.push(
      `Fingerprint of the newest entry (number ${v.lastSeq ?? '?'}): ${v.lastHash}. A chain cannot show its newest entries being removed: compare this with the fingerprint the worker writes to its log every day.`,
    );
  }
  details.push(`Checked at ${auditTimeOf(v.checkedAt)}.`);
  if (!v.ok) {
    const where = v.problem === undefined ? 'somewhere' : `at entry number ${v.problem.seq}: ${v.problem.reason}`;
    return {
      ok: false,
      headline: `The audit log has been altered or damaged: the chain breaks ${where}. Entries from there on cannot be trusted. Tell the clinical safety officer and IT.`,
      details,
    };
  }
  if (v.rowsChecked === 0)
    return { ok: true, headline: 'The audit log is empty: there is nothing to check yet.', details };
  const range = v.firstSeq === null || v.lastSeq === null ? '' : ` (numbers ${v.firstSeq} to ${v.lastSeq})`;
  return {
    ok: true,
    headline: `The chain is whole: all ${v.rowsChecked.toLocaleString('en-GB')} entries${range} are as they were written.`,
    details,
  };
}
