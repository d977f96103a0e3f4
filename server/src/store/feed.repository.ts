/**
 * Persistence of the staffing and incident CSV feeds. A file is stored in one transaction, or not at
 * all: its import row first (unique on feed and SHA-256, so the same bytes twice, even from two
 * workers at once, store once), then every ward-day or incident it holds, replacing what an earlier
 * file said about the same ward-day or incident reference (a corrected export). Scoring reads a
 * ward's rows back for its windows, each with when its file came.
 */
import type {
  FeedKind,
  FeedVia,
  ImportedIncident,
  ImportedStaffingDay,
  IncidentRow,
  RosterDay,
  WardFeeds,
} from '@wardflow/shared';
import { and, desc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { Database } from './database.adapter.js';
import { feedImports, feedIncidents, staffingDays } from './schema.js';

export interface NewFeedImport {
  kind: FeedKind;
  fileName: string;
  sha256: string;
  receivedAt: Date;
  rows: number;
  via: FeedVia;
  actor: string;
}

export interface StoredFeedImport extends NewFeedImport {
  id: number;
}

/** What a stored file did: rows new, rows it changed, rows it repeated as they were. */
export interface FeedWriteCounts {
  added: number;
  replaced: number;
  unchanged: number;
}

export type FeedWrite = { stored: StoredFeedImport; counts: FeedWriteCounts } | { already: StoredFeedImport };

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

const CHUNK = 500;
const chunks = <T>(list: readonly T[]): T[][] =>
  Array.from({ length: Math.ceil(list.length / CHUNK) }, (_, i) => list.slice(i * CHUNK, (i + 1) * CHUNK));

export class FeedRepository {
  constructor(private readonly db: Database) {}

  /** The import of these bytes for this feed, if they were imported before. */
  async findImport(kind: FeedKind, sha256: string): Promise<StoredFeedImport | null> {
    const rows = await this.db
      .select()
      .from(feedImports)
      .where(and(eq(feedImports.kind, kind), eq(feedImports.sha256, sha256)));
    return rows[0] ?? null;
  }

  /** A roster file's ward-days, with its import row, in one transaction; or the earlier import of the same bytes. */
  async storeRoster(meta: NewFeedImport, days: readonly RosterDay[]): Promise<FeedWrite> {
    return this.db.transaction(async (tx) => {
      const stored = await this.claim(tx, meta);
      if ('already' in stored) return stored;
      const importId = stored.id;
      const held = new Map<string, typeof staffingDays.$inferSelect>();
      const wardIds = [...new Set(days.map((d) => d.wardId))];
      const dates = days.map((d) => d.date).sort();
      if (wardIds.length > 0)
        for (const row of await tx
          .select()
          .from(staffingDays)
          .where(
            and(
              inArray(staffingDays.wardId, wardIds),
              gte(staffingDays.date, dates[0] as string),
              lte(staffingDays.date, dates.at(-1) as string),
            ),
          ))
          held.set(`${row.wardId}|${row.date}`, row);
      const counts: FeedWriteCounts = { added: 0, replaced: 0, unchanged: 0 };
      for (const day of days) {
        const before = held.get(`${day.wardId}|${day.date}`);
        if (before === undefined) counts.added++;
        else if (
          before.plannedHours === day.plannedHours &&
          before.actualHours === day.actualHours &&
          before.bankHours === day.bankHours &&
          before.agencyHours === day.agencyHours &&
          before.sicknessHours === day.sicknessHours
        )
          counts.unchanged++;
        else counts.replaced++;
      }
      // Every row now belongs to this file, changed or not: the newest export that gave a day speaks for it.
      for (const part of chunks(days))
        await tx
          .insert(staffingDays)
          .values(
            part.map((d) => ({
              wardId: d.wardId,
              date: d.date,
              plannedHours: d.plannedHours,
              actualHours: d.actualHours,
              bankHours: d.bankHours,
              agencyHours: d.agencyHours,
              sicknessHours: d.sicknessHours,
              importId,
            })),
          )
          .onConflictDoUpdate({
            target: [staffingDays.wardId, staffingDays.date],
            set: {
              plannedHours: sql`excluded.planned_hours`,
              actualHours: sql`excluded.actual_hours`,
              bankHours: sql`excluded.bank_hours`,
              agencyHours: sql`excluded.agency_hours`,
              sicknessHours: sql`excluded.sickness_hours`,
              importId: sql`excluded.import_id`,
            },
          });
      return { stored, counts };
    });
  }

  /** An incident file's incidents, with its import row, in one transaction; or the earlier import of the same bytes. */
  async storeIncidents(meta: NewFeedImport, incidents: readonly IncidentRow[]): Promise<FeedWrite> {
    return this.db.transaction(async (tx) => {
      const stored = await this.claim(tx, meta);
      if ('already' in stored) return stored;
      const importId = stored.id;
      const held = new Map<string, typeof feedIncidents.$inferSelect>();
      for (const part of chunks(incidents))
        for (const row of await tx
          .select()
          .from(feedIncidents)
          .where(
            inArray(
              feedIncidents.ref,
              part.map((i) => i.ref),
            ),
          ))
          held.set(row.ref, row);
      const counts: FeedWriteCounts = { added: 0, replaced: 0, unchanged: 0 };
      for (const incident of incidents) {
        const before = held.get(incident.ref);
        if (before === undefined) counts.added++;
        else if (
          before.wardId === incident.wardId &&
          before.occurredAt.toISOString() === incident.occurredAt &&
          before.harm === incident.harm &&
          before.categories.join() === incident.categories.join()
        )
          counts.unchanged++;
        else counts.replaced++;
      }
      for (const part of chunks(incidents))
        await tx
          .insert(feedIncidents)
          .values(
            part.map((i) => ({
              ref: i.ref,
              wardId: i.wardId,
              occurredAt: new Date(i.occurredAt),
              categories: i.categories,
              harm: i.harm,
              importId,
            })),
          )
          .onConflictDoUpdate({
            target: feedIncidents.ref,
            set: {
              wardId: sql`excluded.ward_id`,
              occurredAt: sql`excluded.occurred_at`,
              categories: sql`excluded.categories`,
              harm: sql`excluded.harm`,
              importId: sql`excluded.import_id`,
            },
          });
      return { stored, counts };
    });
  }

  /**
   * What the feeds hold for one ward: roster days from `fromDate` to `toDate` (London dates), incidents
   * that happened between two instants, and when the newest incident file up to `to` came.
   */
  async wardFeeds(wardId: string, fromDate: string, toDate: string, from: Date, to: Date): Promise<WardFeeds> {
    const staffing = await this.db
      .select({
        date: staffingDays.date,
        plannedHours: staffingDays.plannedHours,
        actualHours: staffingDays.actualHours,
        bankHours: staffingDays.bankHours,
        agencyHours: staffingDays.agencyHours,
        sicknessHours: staffingDays.sicknessHours,
        receivedAt: feedImports.receivedAt,
      })
      .from(staffingDays)
      .innerJoin(feedImports, eq(feedImports.id, staffingDays.importId))
      .where(and(eq(staffingDays.wardId, wardId), gte(staffingDays.date, fromDate), lte(staffingDays.date, toDate)))
      .orderBy(staffingDays.date);
    const incidents = await this.db
      .select({
        ref: feedIncidents.ref,
        categories: feedIncidents.categories,
        occurredAt: feedIncidents.occurredAt,
        receivedAt: feedImports.receivedAt,
      })
      .from(feedIncidents)
      .innerJoin(feedImports, eq(feedImports.id, feedIncidents.importId))
      .where(
        and(
          eq(feedIncidents.wardId, wardId),
          gte(feedIncidents.occurredAt, from),
          lte(feedIncidents.occurredAt, to),
          sql`jsonb_array_length(${feedIncidents.categories}) > 0`,
        ),
      )
      .orderBy(feedIncidents.occurredAt, feedIncidents.ref);
    const [latest] = await this.db
      .select({ receivedAt: feedImports.receivedAt })
      .from(feedImports)
      .where(and(eq(feedImports.kind, 'incidents'), lte(feedImports.receivedAt, to)))
      .orderBy(desc(feedImports.receivedAt))
      .limit(1);
    return {
      staffing: staffing.map(({ receivedAt, ...day }): ImportedStaffingDay => ({
        ...day,
        importedAt: receivedAt.toISOString(),
      })),
      incidents: incidents.map((i): ImportedIncident => ({
        ref: i.ref,
        categories: i.categories,
        occurredAt: i.occurredAt.toISOString(),
        importedAt: i.receivedAt.toISOString(),
      })),
      incidentsImportedAt: latest?.receivedAt.toISOString() ?? null,
    };
  }

  /** The import row for a new file, or the earlier import of the same bytes (which another process may have just written). */
  private async claim(tx: Tx, meta: NewFeedImport): Promise<StoredFeedImport | { already: StoredFeedImport }> {
    const [inserted] = await tx
      .insert(feedImports)
      .values(meta)
      .onConflictDoNothing({ target: [feedImports.kind, feedImports.sha256] })
      .returning();
    if (inserted !== undefined) return inserted;
    const [earlier] = await tx
      .select()
      .from(feedImports)
      .where(and(eq(feedImports.kind, meta.kind), eq(feedImports.sha256, meta.sha256)));
    if (earlier === undefined) throw new Error(`feed import ${meta.kind} ${meta.sha256} vanished after a conflict`);
    return { already: earlier };
  }
}
