/**
 * BullMQ queue names and job payloads. These names are persisted in Redis (queues, schedulers,
 * kept jobs): renaming one orphans what is stored under the old name, so treat them as a schema.
 * Job data holds ids only, never patient data: Redis keeps it in clear text (SEC-7).
 */

import type { AccessEndedReason } from './api/access-api.types.js';

export const QUEUES = {
  /** One recurring job per ward: read FHIR, build a complete snapshot or none, store, publish. */
  wardPoll: 'ward-poll',
  /** After every stored snapshot: the ward's ten measures, composite, trend and prediction. */
  wardScore: 'ward-score',
  /** Housekeeping on schedules: 'refit' (weekly, the prediction model per profile) and 'compact' (daily, thin old history). */
  maintenance: 'history-maintenance',
  /** The weekly email to inpatient leads: one job per run (scheduled Monday 07:00 London, or on demand). */
  weeklyDigest: 'weekly-digest',
  /** The CSV feeds' drop folder: one job per scan (every FEEDS_SCAN_INTERVAL), reading the files settled there. */
  feedScan: 'feed-scan',
  /**
   * History backfilled from FHIR: one job per run, working ward by ward in windows of days and keeping
   * its progress in PostgreSQL, so a job taken over after a worker dies carries on where it stopped.
   */
  historyBackfill: 'history-backfill',
} as const;

export interface HistoryBackfillJob {
  runId: number;
}

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export interface WardPollJob {
  wardId: string;
  /** What asked for the poll: the schedule, a person through POST /api/polls, or the census-drop guard. */
  trigger: 'schedule' | 'manual' | 'confirm';
}

/**
 * The trust's wards discovered again (every FHIR_RECONCILE_INTERVAL): new wards start polling, wards
 * gone from the FHIR server retire (ward-lifecycle.ts). On the ward-poll queue, so the workers that
 * poll are the ones that discover.
 */
export interface WardDiscoveryJob {
  trigger: 'discover';
}

export const WARD_DISCOVERY_SCHEDULER_ID = 'ward-discovery';

export interface WardScoreJob {
  wardId: string;
  /** The snapshot time to score (UTC ISO): the job id is built from it, so one snapshot is scored once. */
  asOf: string;
}

/** Redis pub/sub channel on which scorers announce a new heat-map version (ids and numbers only). */
export const HEATMAP_CHANGED_CHANNEL = 'heatmap-changed';

export type MaintenanceJobName = 'refit' | 'compact';

export interface HeatmapChangedMessage {
  version: number;
}

/** Scheduler id for a ward's recurring poll: stable, so upserting at every boot replaces rather than duplicates. */
export function wardPollSchedulerId(wardId: string): string {
  return `ward-poll:${wardId}`;
}

/**
 * Redis pub/sub channel (under the configured prefix) on which workers announce that a ward's board
 * changed. The message is `BoardChangedMessage`: ids and a version only, never patient data.
 */
export const BOARD_CHANGED_CHANNEL = 'board-changed';

export interface BoardChangedMessage {
  wardId: string;
  version: number;
}

/**
 * Redis pub/sub channel (under the configured prefix) on which the escalation evaluator and the
 * acknowledge route announce a change; API processes load the escalation and push it. Ids only.
 */
export const ESCALATION_CHANGED_CHANNEL = 'escalation-changed';

export interface EscalationChangedMessage {
  escalationId: number;
  change: 'raised' | 'acknowledged' | 'resolved';
}

/**
 * Redis pub/sub channel on which the huddle actions route announces that a ward's actions were
 * recorded or closed; API processes nudge the ward's screens to read them again. The ward id only.
 */
export const HUDDLE_ACTIONS_CHANGED_CHANNEL = 'huddle-actions-changed';

export interface HuddleActionsChangedMessage {
  wardId: string;
}

/**
 * A weekly digest run: every lead's email for one London week (the ledger decides who still needs
 * one). `week` is fixed when the job is created, so a run retried after midnight on Sunday still
 * sends the week it was for; the scheduler's jobs carry none and take the week of their run time.
 */
export interface WeeklyDigestJob {
  trigger: 'schedule' | 'manual';
  /** The London Monday, YYYY-MM-DD. */
  week?: string;
}

/** The digest's job scheduler id: stable, so upserting at every boot replaces rather than duplicates. */
export const WEEKLY_DIGEST_SCHEDULER_ID = 'weekly-digest';

/** The drop folder scan's job scheduler id, stable for the same reason. Its jobs carry no data. */
export const FEED_SCAN_SCHEDULER_ID = 'feed-scan';

/**
 * Redis pub/sub channel (under the configured prefix) on which a process that ended a credential
 * (sign-out, revoke, expiry) tells every API process, so sockets opened with it close at once. The
 * message is `AccessEndedMessage`: the credential's kind and id (never its secret) and why.
 */
export const ACCESS_ENDED_CHANNEL = 'access-ended';

export interface AccessEndedMessage {
  kind: 'user' | 'device' | 'token';
  id: string;
  reason: AccessEndedReason;
}
