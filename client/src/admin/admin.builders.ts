/** Typed builders for the admin pages' tests (docs/style.md rule 11). */
import type {
  AuditEntry,
  BackfillRun,
  BackfillWardProgress,
  DeviceView,
  PendingPairingView,
  SessionView,
  TokenView,
  WardSummary,
} from '@wardflow/shared';
import { makeWardSummary } from '../testing/builders';

export const WARDS: WardSummary[] = [
  makeWardSummary(),
  makeWardSummary({ id: 'ward-birch', name: 'Birch Ward' }),
  makeWardSummary({ id: 'ward-cedar', name: 'Cedar Ward', siteId: 'site-south', siteName: 'South Community' }),
];

export function makeDevice(overrides: Partial<DeviceView> = {}): DeviceView {
  return {
    id: 'device-1',
    name: 'Ash Ward nurses’ station',
    binding: { kind: 'ward', wardId: 'ward-ash', siteId: 'site-north' },
    bindingLabel: 'Ash Ward',
    enrolledAt: '2026-01-13T09:00:00Z',
    enrolledBy: 'Amy Okafor',
    lastSeenAt: '2026-01-14T13:59:00Z',
    lastAddress: '10.1.2.3',
    credentialRotatedAt: '2026-01-14T13:00:00Z',
    revokedAt: null,
    revokedBy: null,
    ...overrides,
  };
}

export function makePending(overrides: Partial<PendingPairingView> = {}): PendingPairingView {
  return {
    wardHint: 'ward-birch',
    requestedAt: '2026-01-14T13:55:00Z',
    expiresAt: '2026-01-14T14:10:00Z',
    address: '10.1.2.9',
    ...overrides,
  };
}

export function makeToken(overrides: Partial<TokenView> = {}): TokenView {
  return {
    id: 'token-1',
    name: 'Data warehouse',
    prefix: 'wft_3kQ',
    roles: ['inpatient-lead'],
    wards: [],
    sites: ['site-north'],
    createdAt: '2026-01-10T10:00:00Z',
    createdBy: 'Sam Admin',
    expiresAt: '2026-04-10T10:00:00Z',
    lastUsedAt: null,
    revokedAt: null,
    ...overrides,
  };
}

export function makeSessionView(overrides: Partial<SessionView> = {}): SessionView {
  return {
    id: 'session-1',
    userName: 'Amy Okafor',
    subject: 'amy@trust.example',
    roles: ['ward-staff'],
    createdAt: '2026-01-14T08:00:00Z',
    lastSeenAt: '2026-01-14T13:58:00Z',
    expiresAt: '2026-01-14T20:00:00Z',
    address: '10.1.2.3',
    userAgent: 'Mozilla/5.0',
    current: false,
    ...overrides,
  };
}

export function makeAuditEntry(seq: number, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    seq,
    at: '2026-01-14T13:05:09Z',
    actorKind: 'user',
    actorId: 'amy@trust.example',
    actorName: 'Amy Okafor',
    role: 'ward-staff',
    action: 'patient.view',
    outcome: 'success',
    wardId: 'ward-ash',
    patientId: 'pat-123',
    detail: { bedId: 'bed-4' },
    address: '10.1.2.3',
    hash: 'h',
    ...overrides,
  };
}

/** A ward's part of a backfill run: not started yet. */
export function makeBackfillWard(overrides: Partial<BackfillWardProgress> = {}): BackfillWardProgress {
  return {
    wardId: 'ward-ash',
    status: 'waiting',
    doneThrough: null,
    written: 0,
    unchanged: 0,
    kept: 0,
    requests: 0,
    error: null,
    ...overrides,
  };
}

/** A 180-day backfill asked for by Sam Admin, running, over Ash, Birch and Cedar wards (none started). */
export function makeBackfillRun(overrides: Partial<BackfillRun> = {}): BackfillRun {
  return {
    id: 3,
    requestedAt: '2026-01-14T13:50:00Z',
    requestedBy: 'Sam Admin',
    days: 180,
    from: '2025-07-18',
    to: '2026-01-13',
    status: 'running',
    finishedAt: null,
    error: null,
    wards: WARDS.map((w) => makeBackfillWard({ wardId: w.id })),
    ...overrides,
  };
}
