/**
 * PostgreSQL schema (drizzle), the system of record for what the dashboard derives. The same schema
 * runs on PostgreSQL and on embedded PGlite. Change it here, then `npm run db:generate -w server`
 * writes the next SQL migration under server/drizzle/.
 */
import type { Census, LogisticModel, MeasureCell, WardPrediction, WardSnapshot } from '@wardflow/shared';
import { bigint, bigserial, boolean, index, integer, jsonb, pgTable, real, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** Wards known to the dashboard: discovered from FHIR (Location physicalType wa) or configured. */
export const wards = pgTable('wards', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  siteId: text('site_id').notNull(),
  siteName: text('site_name').notNull(),
  profile: text('profile', { enum: ['mental-health', 'acute'] }).notNull(),
  displayLabel: text('display_label', { enum: ['initials', 'bed-only'] }).notNull().default('initials'),
  showMentalHealthAct: boolean('show_mental_health_act').notNull().default(true),
  discoveredAt: timestamp('discovered_at', { withTimezone: true, mode: 'date' }).notNull(),
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
    granularity: text('granularity', { enum: ['poll', 'hour', 'day'] }).notNull().default('poll'),
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
    /** The time of the snapshot scored (or, for simulated history, the end of the day). */
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
    /** Where the row came from: the live poll, or the simulator's generated history. */
    source: text('source', { enum: ['live', 'simulated'] }).notNull().default('live'),
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
