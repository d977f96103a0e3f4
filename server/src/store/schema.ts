/**
 * PostgreSQL schema (drizzle), the system of record for what the dashboard derives. The same schema
 * runs on PostgreSQL and on embedded PGlite. Change it here, then `npm run db:generate -w server`
 * writes the next SQL migration under server/drizzle/.
 */
import type {
  BackfillRunStatus,
  BackfillWardStatus,
  AuditActorKind,
  AuditOutcome,
  Census,
  DeviceBinding,
  FeedKind,
  FeedVia,
  Grant,
  HarmLevel,
  IncidentCategory,
  LogisticModel,
  MeasureCell,
  WardPrediction,
  WardSnapshot,
} from '@wardflow/shared';
import {
  bigint,
  bigserial,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

/** Wards known to the dashboard: discovered from FHIR (Location physicalType wa) or configured. */
export const wards = pgTable('wards', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  siteId: text('site_id').notNull(),
  siteName: text('site_name').notNull(),
  profile: text('profile', { enum: ['mental-health', 'acute'] }).notNull(),
  displayLabel: text('display_label', { enum: ['initials', 'bed-only'] })
    .notNull()
    .default('initials'),
  showMentalHealthAct: boolean('show_mental_health_act').notNull().default(true),
  discoveredAt: timestamp('discovered_at', { withTimezone: true, mode: 'date' }).notNull(),
  /**
   * The FHIR server the ward came from (normalised base URL): wards are keyed by their source, so a
   * data folder pointed at another server never mixes two trusts' wards. Null on rows stored before
   * sources were recorded; the first server that has the id adopts them.
   */
  source: text('source'),
  /** Set while the ward is not served (gone from the server, excluded, or of another server): history kept, no polling. */
  retiredAt: timestamp('retired_at', { withTimezone: true, mode: 'date' }),
  retiredReason: text('retired_reason'),
});

/**
 * The current board of each ward: the last complete snapshot (CS-4) and the state of the latest poll.
 * `version` increases with every change to what the board shows, including a failed poll marking it stale.
 */
export const boardState = pgTable('board_state', {
  wardId: text('ward_id')
    .primaryKey()
    .references(() => wards.id),
  version: bigint('version', { mode: 'number' }).notNull().default(0),
  asOf: timestamp('as_of', { withTimezone: true, mode: 'date' }),
  snapshot: jsonb('snapshot').$type<WardSnapshot>(),
  staleReason: text('stale_reason'),
  lastPollAt: timestamp('last_poll_at', { withTimezone: true, mode: 'date' }),
  lastPollOk: boolean('last_poll_ok'),
  /** Patients on the board in a snapshot held by the census-drop guard (CS-5), awaiting a confirming poll. */
  pendingDropOccupied: integer('pending_drop_occupied'),
});

/** Every accepted snapshot's counts, for history and the early-warning measures. No patient data. */
export const snapshotHistory = pgTable(
  'snapshot_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    wardId: text('ward_id')
      .notNull()
      .references(() => wards.id),
    asOf: timestamp('as_of', { withTimezone: true, mode: 'date' }).notNull(),
    census: jsonb('census').$type<Census>().notNull(),
    requestCount: integer('request_count').notNull(),
    /** 'poll' for every accepted snapshot; thinned to the last of each hour after 7 days and of each day after 90. */
    granularity: text('granularity', { enum: ['poll', 'hour', 'day'] })
      .notNull()
      .default('poll'),
  },
  (t) => [index('snapshot_history_ward_time').on(t.wardId, t.asOf)],
);

/**
 * Every score of every ward: the ten cells, the composite and the prediction, with the 7-day harm
 * figures the weekly refit learns from. No patient data. `id` orders all scores of the trust, so
 * the heat map's version is the largest id. Old detail is thinned by the history compaction job:
 * `granularity` says whether a row is one poll's score, the last of its hour, or the last of its day.
 */
export const wardScores = pgTable(
  'ward_scores',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    wardId: text('ward_id')
      .notNull()
      .references(() => wards.id),
    /** The time of the snapshot scored (or, for an imported day, London noon of that day). */
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    granularity: text('granularity', { enum: ['poll', 'hour', 'day'] }).notNull(),
    cells: jsonb('cells').$type<MeasureCell[]>().notNull(),
    composite: integer('composite'),
    compositeBand: text('composite_band', { enum: ['green', 'amber', 'red'] }),
    trend: text('trend', { enum: ['worse', 'better', 'steady'] }),
    prediction: jsonb('prediction').$type<WardPrediction>(),
    /** Harm incidents of the ward's profile over the 7 days to `at`, and occupied bed days over them: the refit's outcome. */
    harmIncidents7d: integer('harm_incidents_7d'),
    occupiedBedDays7d: real('occupied_bed_days_7d'),
    /**
     * Where the row came from: the live poll, the history import, or the history backfill from FHIR
     * (`simulated`: the demo's history before the import existed).
     */
    source: text('source', { enum: ['live', 'imported', 'backfilled', 'simulated'] })
      .notNull()
      .default('live'),
  },
  (t) => [uniqueIndex('ward_scores_ward_at').on(t.wardId, t.at), index('ward_scores_at').on(t.at)],
);

/** Each fitted (or expert default) prediction model, per ward profile; the newest one is in use. */
export const modelFits = pgTable(
  'model_fits',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    profile: text('profile', { enum: ['mental-health', 'acute'] }).notNull(),
    fittedAt: timestamp('fitted_at', { withTimezone: true, mode: 'date' }).notNull(),
    model: jsonb('model').$type<LogisticModel>().notNull(),
    /** Why this model: fitted on N rows, or the expert defaults because history was short (and how short). */
    summary: text('summary').notNull(),
  },
  (t) => [index('model_fits_profile_time').on(t.profile, t.fittedAt)],
);

/**
 * The weekly digest ledger (JOB, CS-10): one row per inpatient lead and London week, checked before
 * sending so a retried or duplicated job never sends twice. `state` moves due -> sending -> sent, or
 * -> failed with the reason (retried later, and shown); `messageId` is the SMTP server's id or the
 * outbox file. No patient data: the digest is ward-level only.
 */
export const digestLedger = pgTable(
  'digest_ledger',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    leadId: text('lead_id').notNull(),
    /** The Monday (Europe/London calendar date, YYYY-MM-DD) of the week the digest is for. */
    week: text('week').notNull(),
    state: text('state', { enum: ['due', 'sending', 'sent', 'failed'] }).notNull(),
    email: text('email').notNull(),
    messageId: text('message_id'),
    reason: text('reason'),
    attempts: integer('attempts').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [uniqueIndex('digest_ledger_lead_week').on(t.leadId, t.week), index('digest_ledger_week').on(t.week)],
);

/**
 * Escalations raised by the rules after each score: one row per crossing, not per poll. While a
 * condition holds, its open row (resolvedAt null) is the only one for that ward, rule and subject;
 * it is resolved automatically when the condition clears. `subject` names what the rule is about
 * within the ward: '' for the ward as a whole, a bed's or encounter's FHIR id for a patient-level
 * rule (never a name or NHS number).
 */
export const escalations = pgTable(
  'escalations',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    wardId: text('ward_id')
      .notNull()
      .references(() => wards.id),
    ruleId: text('rule_id').notNull(),
    subject: text('subject').notNull().default(''),
    /** The value that crossed the threshold when raised, and the latest value while open. */
    value: real('value'),
    latestValue: real('latest_value'),
    /** What the screen says: "Occupancy 97% (above 95%)", "Bed 4: NEWS2 8". Ward-level words and bed labels only. */
    detail: text('detail').notNull(),
    raisedAt: timestamp('raised_at', { withTimezone: true, mode: 'date' }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true, mode: 'date' }).notNull(),
    acknowledgedBy: text('acknowledged_by'),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true, mode: 'date' }),
    resolvedAt: timestamp('resolved_at', { withTimezone: true, mode: 'date' }),
    /** When the site manager was emailed about it, if escalation email is configured. */
    notifiedAt: timestamp('notified_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    uniqueIndex('escalations_open_once')
      .on(t.wardId, t.ruleId, t.subject)
      .where(sql`${t.resolvedAt} is null`),
    index('escalations_raised').on(t.raisedAt),
  ],
);

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Signed-in people (SEC-2). The cookie holds a random session token; only its keyed hash is kept here,
 * so neither a copy of this table nor a log line can be replayed. A session ends by sign-out, an
 * admin's revoke, the absolute timeout (`expiresAt`) or the idle timeout (`lastSeenAt`); ended rows stay
 * for the admin's view until the retention job, never to sign anyone in again.
 */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    tokenHash: text('token_hash').notNull(),
    issuer: text('issuer').notNull(),
    subject: text('subject').notNull(),
    userName: text('user_name').notNull(),
    grants: jsonb('grants').$type<Grant[]>().notNull(),
    createdAt: at('created_at').notNull(),
    lastSeenAt: at('last_seen_at').notNull(),
    expiresAt: at('expires_at').notNull(),
    endedAt: at('ended_at'),
    endReason: text('end_reason'),
    endedBy: text('ended_by'),
    address: text('address'),
    userAgent: text('user_agent'),
  },
  (t) => [
    uniqueIndex('sessions_token_hash').on(t.tokenHash),
    index('sessions_open')
      .on(t.expiresAt)
      .where(sql`${t.endedAt} is null`),
  ],
);

/**
 * Enrolled wall screens (SEC-3): one ward's wall feed or one site's heat map. The credential is a
 * random secret in an HttpOnly cookie, kept here only as a keyed hash; it is replaced automatically
 * (the previous one works for a short grace so a screen mid-request is not cut off). Null until the
 * screen that showed the pairing code collects it.
 */
export const devices = pgTable(
  'devices',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    binding: jsonb('binding').$type<DeviceBinding>().notNull(),
    credentialHash: text('credential_hash'),
    previousCredentialHash: text('previous_credential_hash'),
    previousValidUntil: at('previous_valid_until'),
    credentialRotatedAt: at('credential_rotated_at').notNull(),
    enrolledAt: at('enrolled_at').notNull(),
    enrolledBy: text('enrolled_by').notNull(),
    lastSeenAt: at('last_seen_at'),
    lastAddress: text('last_address'),
    revokedAt: at('revoked_at'),
    revokedBy: text('revoked_by'),
  },
  (t) => [
    uniqueIndex('devices_credential').on(t.credentialHash),
    uniqueIndex('devices_previous_credential').on(t.previousCredentialHash),
  ],
);

/**
 * Pairing codes shown by screens waiting to be enrolled. The screen proves it is the one that asked
 * with a secret cookie (hashed here); the code is what a person reads off it and types in to approve.
 */
export const devicePairings = pgTable(
  'device_pairings',
  {
    code: text('code').primaryKey(),
    secretHash: text('secret_hash').notNull(),
    wardHint: text('ward_hint'),
    requestedAt: at('requested_at').notNull(),
    expiresAt: at('expires_at').notNull(),
    address: text('address'),
    /** Set when approved; the screen's next check collects the device's first credential. */
    deviceId: text('device_id'),
  },
  (t) => [uniqueIndex('device_pairings_secret').on(t.secretHash)],
);

/** API tokens for integrations (SEC-5): keyed hash only, scoped by grants, always expiring. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    prefix: text('prefix').notNull(),
    grants: jsonb('grants').$type<Grant[]>().notNull(),
    createdAt: at('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    expiresAt: at('expires_at').notNull(),
    lastUsedAt: at('last_used_at'),
    revokedAt: at('revoked_at'),
    revokedBy: text('revoked_by'),
  },
  (t) => [uniqueIndex('api_tokens_hash').on(t.tokenHash)],
);

/**
 * The audit log (SEC-6), append-only: the migration takes UPDATE, DELETE and TRUNCATE away from the
 * application's own role and adds triggers refusing them for anyone else, and each row carries the
 * SHA-256 of the previous row's hash and its own content, so an edit or a deletion breaks the chain
 * (`npm run audit:verify`). `seq` is given by the writer under a lock, without gaps.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    at: at('at').notNull(),
    actorKind: text('actor_kind').$type<AuditActorKind>().notNull(),
    actorId: text('actor_id'),
    actorName: text('actor_name'),
    role: text('role'),
    action: text('action').notNull(),
    outcome: text('outcome').$type<AuditOutcome>().notNull(),
    wardId: text('ward_id'),
    patientId: text('patient_id'),
    detail: jsonb('detail').$type<Record<string, string | number | boolean | null>>().notNull(),
    address: text('address'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_log_at').on(t.at),
    index('audit_log_action').on(t.action, t.at),
    index('audit_log_ward').on(t.wardId, t.at),
    index('audit_log_patient').on(t.patientId, t.at),
  ],
);

/**
 * Every staffing or incident CSV file imported (docs/operations.md, "Feeding staffing and incidents
 * as CSV"), one row each: which feed, the file's name and SHA-256 (the same bytes are recognised and
 * not imported twice), when it came and how: posted by whom, or picked up from the drop folder. Files
 * refused for bad rows leave no row: nothing of them was imported.
 */
export const feedImports = pgTable(
  'feed_imports',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').$type<FeedKind>().notNull(),
    fileName: text('file_name').notNull(),
    sha256: text('sha256').notNull(),
    receivedAt: at('received_at').notNull(),
    /** Data rows in the file. */
    rows: integer('rows').notNull(),
    via: text('via').$type<FeedVia>().notNull(),
    /** Who posted it (the audit log's actor id), or the drop folder's path. */
    actor: text('actor').notNull(),
  },
  (t) => [
    uniqueIndex('feed_imports_kind_sha256').on(t.kind, t.sha256),
    index('feed_imports_received').on(t.kind, t.receivedAt),
  ],
);

/**
 * Daily ward staffing from the roster feed: one row per ward and London day, held by the latest file
 * that gave that day (a corrected export replaces it). A figure the export did not give is null.
 */
export const staffingDays = pgTable(
  'staffing_days',
  {
    wardId: text('ward_id')
      .notNull()
      .references(() => wards.id),
    /** London calendar date, YYYY-MM-DD. */
    date: text('date').notNull(),
    plannedHours: doublePrecision('planned_hours'),
    actualHours: doublePrecision('actual_hours'),
    bankHours: doublePrecision('bank_hours'),
    agencyHours: doublePrecision('agency_hours'),
    sicknessHours: doublePrecision('sickness_hours'),
    importId: bigint('import_id', { mode: 'number' })
      .notNull()
      .references(() => feedImports.id),
  },
  (t) => [primaryKey({ columns: [t.wardId, t.date] })],
);

/**
 * Incidents from the incident feed, one row per incident system reference (unique across the trust),
 * held by the latest file that gave it: a later export with the same reference replaces the row (a
 * corrected ward, time, category or harm). `categories` empty: a kind of incident Wardflow does not count.
 */
export const feedIncidents = pgTable(
  'feed_incidents',
  {
    ref: text('ref').primaryKey(),
    wardId: text('ward_id')
      .notNull()
      .references(() => wards.id),
    occurredAt: at('occurred_at').notNull(),
    categories: jsonb('categories').$type<IncidentCategory[]>().notNull(),
    harm: text('harm').$type<HarmLevel>(),
    importId: bigint('import_id', { mode: 'number' })
      .notNull()
      .references(() => feedImports.id),
  },
  (t) => [index('feed_incidents_ward_time').on(t.wardId, t.occurredAt)],
);

/**
 * History backfill runs (docs/operations.md, "History from day one"): one row per run, first start's
 * or an admin's, with the London days it covers. At most one runs at a time.
 */
export const historyBackfillRuns = pgTable(
  'history_backfill_runs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    requestedAt: at('requested_at').notNull(),
    /** "first start", or the display name of whoever asked. */
    requestedBy: text('requested_by').notNull(),
    days: integer('days').notNull(),
    /** First and last London dates, YYYY-MM-DD. */
    fromDate: text('from_date').notNull(),
    toDate: text('to_date').notNull(),
    status: text('status').$type<BackfillRunStatus>().notNull(),
    finishedAt: at('finished_at'),
    error: text('error'),
  },
  // One run at a time: a second start while one runs is refused by the database, even from two processes.
  (t) => [
    uniqueIndex('history_backfill_one_running')
      .on(t.status)
      .where(sql`status = 'running'`),
  ],
);

/**
 * Each ward's progress in a run, written after every window of days: a job taken over after its
 * worker died reads `done_through` and carries on from the next day, rather than from the start.
 */
export const historyBackfillWards = pgTable(
  'history_backfill_wards',
  {
    runId: bigint('run_id', { mode: 'number' })
      .notNull()
      .references(() => historyBackfillRuns.id, { onDelete: 'cascade' }),
    wardId: text('ward_id').notNull(),
    /** Run order: wards are worked through one at a time, in this order. */
    position: integer('position').notNull(),
    status: text('status').$type<BackfillWardStatus>().notNull(),
    doneThrough: text('done_through'),
    written: integer('written').notNull().default(0),
    unchanged: integer('unchanged').notNull().default(0),
    kept: integer('kept').notNull().default(0),
    requests: integer('requests').notNull().default(0),
    error: text('error'),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.wardId] })],
);

/**
 * Actions a huddle recorded (issue 15 item 7): against a bed (the stay's encounter) or the whole ward,
 * carried from check-in to check-in until done or dropped. Every insert and close is audited.
 */
export const huddleActions = pgTable(
  'huddle_actions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    wardId: text('ward_id').notNull(),
    bed: text('bed'),
    encounterId: text('encounter_id'),
    text: text('text').notNull(),
    owner: text('owner').notNull(),
    dueAt: timestamp('due_at', { withTimezone: true, mode: 'date' }).notNull(),
    checkIn: text('check_in', { enum: ['safety', 'care', 'flow', 'unwell'] }).notNull(),
    status: text('status', { enum: ['open', 'done', 'dropped'] })
      .notNull()
      .default('open'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    createdBy: text('created_by').notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true, mode: 'date' }),
    closedBy: text('closed_by'),
    /** The FHIR Task written back (when the trust turned it on), or why writing it failed. */
    taskId: text('task_id'),
    taskError: text('task_error'),
  },
  (t) => [
    // The huddle reads a ward's open actions and those closed in the last day.
    index('huddle_actions_ward_status').on(t.wardId, t.status, t.dueAt),
  ],
);

/**
 * The huddle's run-chart outcomes (issue 15 item 7), one row per ward per London day: what the polls
 * (and, for days before Wardflow, the history backfill) read of VTE prophylaxis where indicated,
 * discharges before noon, falls and low blood sugar. Null is "not read", never zero; a newer reading
 * replaces what it read and keeps the rest (`read_at` stops an older reading overwriting a newer one).
 */
export const wardOutcomeDays = pgTable(
  'ward_outcome_days',
  {
    wardId: text('ward_id').notNull(),
    /** London calendar date, YYYY-MM-DD. */
    date: text('date').notNull(),
    vteIndicated: integer('vte_indicated'),
    vteProphylaxis: integer('vte_prophylaxis'),
    discharges: integer('discharges'),
    dischargesBeforeNoon: integer('discharges_before_noon'),
    falls: integer('falls'),
    lowGlucose: integer('low_glucose'),
    readAt: at('read_at').notNull(),
    source: text('source', { enum: ['live', 'backfilled'] }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.wardId, t.date] })],
);
