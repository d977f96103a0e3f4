/**
 * REST shapes of sign-in, wall-screen enrolment, API tokens, sessions, the audit log, the
 * configuration view and patient detail (SEC-2..6). The server returns these; the client and the
 * end-to-end tests read them.
 */
import type { Board, EscalationView } from './api.types.js';
import type { News2Band, PatientOnBoard, Ward } from '../ward.types.js';
import type { Grant, GrantRole, Role, ScopeList } from '../access/roles.js';

/** Who is calling: a signed-in person, an enrolled wall screen, or an integration's API token. */
export type PrincipalKind = 'user' | 'device' | 'token';

/** What a wall screen is bound to. */
export type DeviceBinding = { kind: 'ward'; wardId: string; siteId: string } | { kind: 'site-heatmap'; siteId: string };

export interface Identity {
  kind: PrincipalKind;
  /** The session's, device's or token's id (never its secret). */
  id: string;
  /** The person's name, the screen's label or the token's name. */
  name: string;
  /** People only: the identity provider's stable id for the person (the same across sessions). */
  subject?: string;
  grants: Grant[];
  /** Wall screens only. */
  device?: DeviceBinding;
  /** Sessions: when the session ends at the latest (absolute timeout), and after how long without use (idle). */
  expiresAt?: string;
  idleTimeoutMs?: number;
}

/** Socket event `access:ended` and the 401 bodies' `reason`: why a credential stopped working. */
export const ACCESS_ENDED_REASONS = [
  'signed-out',
  'session-revoked',
  'session-expired',
  'session-idle',
  'device-revoked',
  'token-revoked',
  'token-expired',
] as const;
export type AccessEndedReason = (typeof ACCESS_ENDED_REASONS)[number];

/**
 * GET /api/session. Signed out, the sign-in address is given so any page can link to it, and, when
 * the request carried a credential that no longer works, why (so a removed screen says so even
 * after a reload, and a person learns they timed out rather than just "sign in").
 */
export type SessionResponse =
  { signedIn: false; signInUrl: string; ended?: AccessEndedReason } | { signedIn: true; identity: Identity };

/** POST /api/devices/pairings: a screen asks to be enrolled; the code is what it shows. */
export interface PairingStarted {
  code: string;
  expiresAt: string;
}

/** GET /api/devices/pairings/current: the screen asks whether someone has approved its code yet. */
export type PairingStatus =
  | { state: 'waiting'; code: string; expiresAt: string }
  | { state: 'approved'; device: DeviceView }
  | { state: 'expired' }
  | { state: 'none' };

/**
 * A screen waiting for approval, as /admin/devices lists it: never its code. Whoever approves must
 * read the code off the screen itself, so a code asked for from some laptop on the network cannot be
 * approved by a click on a list.
 */
export interface PendingPairingView {
  /** The ward the screen was opened for, if it names a real ward (a hint: the approver chooses the binding). */
  wardHint: string | null;
  requestedAt: string;
  expiresAt: string;
  address: string | null;
}

export interface DeviceView {
  id: string;
  name: string;
  binding: DeviceBinding;
  /** Ward or site name, for lists. */
  bindingLabel: string;
  enrolledAt: string;
  enrolledBy: string;
  lastSeenAt: string | null;
  lastAddress: string | null;
  /** When its credential last changed (rotated automatically). */
  credentialRotatedAt: string;
  revokedAt: string | null;
  revokedBy: string | null;
}

/** GET /api/devices */
export interface DevicesResponse {
  pending: PendingPairingView[];
  devices: DeviceView[];
}

/** POST /api/devices: approve the code shown on a screen, binding it to a ward or a site's heat map. */
export type DeviceEnrolRequest =
  { code: string; name: string; wardId: string } | { code: string; name: string; siteId: string };

export interface TokenView {
  id: string;
  name: string;
  /** The first characters of the token, so a person can tell tokens apart. */
  prefix: string;
  roles: Role[];
  wards: ScopeList;
  sites: ScopeList;
  createdAt: string;
  createdBy: string;
  expiresAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** POST /api/tokens */
export interface TokenCreateRequest {
  name: string;
  roles: Role[];
  wards: ScopeList;
  sites: ScopeList;
  /** 1 to 366 days. */
  expiresInDays: number;
}

/** The answer to POST /api/tokens: the only time the secret is shown. */
export interface TokenCreated {
  token: TokenView;
  secret: string;
}

export interface SessionView {
  id: string;
  userName: string;
  subject: string;
  roles: GrantRole[];
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  address: string | null;
  userAgent: string | null;
  /** The caller's own session. */
  current: boolean;
}

export const AUDIT_ACTIONS = [
  'patient.view',
  'auth.sign-in',
  'auth.sign-in-failed',
  'auth.sign-out',
  'session.revoke',
  'device.enrol',
  'device.revoke',
  'token.create',
  'token.revoke',
  'poll.request',
  'digest.run',
  'digest.release',
  'escalation.acknowledge',
  'huddle.action.create',
  'huddle.action.close',
  'audit.retention',
  'history.import',
  'history.backfill',
  'feeds.import',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export type AuditOutcome = 'success' | 'failure' | 'denied';

export type AuditActorKind = PrincipalKind | 'anonymous' | 'system';

/** One row of the audit log (SEC-6). Patients appear only by FHIR id. */
export interface AuditEntry {
  seq: number;
  at: string;
  actorKind: AuditActorKind;
  actorId: string | null;
  actorName: string | null;
  /** The role the action needed and the actor held (or the actor's roles, for sign-in). */
  role: string | null;
  action: AuditAction;
  outcome: AuditOutcome;
  wardId: string | null;
  patientId: string | null;
  /** Small facts about the action (ids, counts, reasons); never names or identifiers. */
  detail: Record<string, string | number | boolean | null>;
  address: string | null;
  hash: string;
}

/** GET /api/audit */
export interface AuditPage {
  entries: AuditEntry[];
  /** Pass as `before` for the next (older) page; null at the start of the log. */
  nextBefore: number | null;
  serverTime: string;
}

/** GET /api/audit/verify: whether the hash chain is whole. */
export interface AuditVerification {
  ok: boolean;
  rowsChecked: number;
  firstSeq: number | null;
  lastSeq: number | null;
  /**
   * The newest row's hash. A chain cannot show its newest rows being removed: compare the head with
   * one noted elsewhere (the worker logs it daily).
   */
  lastHash: string | null;
  /** The first row where the chain breaks, and how. */
  problem?: { seq: number; reason: string };
  /** Rows removed by the retention job, as recorded in the chain. */
  retentionRemovedThrough: number | null;
  checkedAt: string;
}

/** One NEWS2 in the patient's last 72 hours. */
export interface News2Point {
  at: string;
  score: number;
  band: News2Band;
  source: 'reported' | 'computed';
}

/** GET /api/wards/:wardId/beds/:bedId/patient: the only place identifiers appear, audited on every view. */
export interface PatientDetail {
  ward: Ward;
  bed: { id: string; label: string };
  /** The board's data time for the fields that come from it. */
  boardAsOf: string | null;
  boardFreshness: Board['freshness'];
  /** When the identifiers and NEWS2 history were read from FHIR for this view. */
  readAt: string;
  serverTime: string;
  patient: {
    fhirId: string;
    name: string | null;
    nhsNumber: string | null;
    birthDate: string | null;
  };
  onBoard: PatientOnBoard;
  news2: {
    from: string;
    to: string;
    points: News2Point[];
    /** Readings that could not be used (entered in error, incomplete sets, bad units). */
    rejected: number;
  };
  escalations: EscalationView[];
}

/** GET /api/admin/config: what the server runs with, secrets never included. */
export interface ConfigView {
  role: string;
  publicUrl: string;
  host: string;
  port: number;
  trustProxy: string | false;
  demo: boolean;
  fhir: { baseUrl: string | null; auth: string; timeoutMs: number; pollIntervalMs: number };
  oidc: { issuer: string; clientId: string; clientAuth: string; scopes: string; embedded: boolean };
  sessions: { idleTimeoutMs: number; absoluteTimeoutMs: number; cookieName: string; secure: boolean };
  access: {
    claim: string;
    nameClaim: string;
    rules: Array<{ value: string; role: Role; wards: ScopeList; sites: ScopeList; requires?: Record<string, string> }>;
  };
  wards: Array<{
    id: string;
    name: string;
    siteId: string;
    profile: string;
    displayLabel: string;
    showMentalHealthAct: boolean;
  }>;
  database: 'postgresql' | 'pglite';
  redis: string;
  digest: { schedule: string; smtp: string; from: string; emailDomains: string[] };
  /** The CSV feeds' drop folder and how often it is read (FEEDS_DIR, FEEDS_SCAN_INTERVAL, FEEDS_SETTLE). */
  feeds: { dropDir: string; scanIntervalMs: number; settleMs: number };
  /** Days backfilled from FHIR on first start (HISTORY_BACKFILL_DAYS; 0: none). */
  historyBackfillDays: number;
  auditRetentionDays: number;
}
