/**
 * PostgreSQL schema (drizzle), the system of record for what the dashboard derives. The same schema
 * runs on PostgreSQL and on embedded PGlite. Change it here, then `npm run db:generate -w server`
 * writes the next SQL migration under server/drizzle/.
 */
import type { Census, WardSnapshot } from '@wardflow/shared';
import { bigint, bigserial, boolean, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

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
  },
  (t) => [index('snapshot_history_ward_time').on(t.wardId, t.asOf)],
);
