/**
 * Persistence of the huddle's actions. Closing is a conditional update (only an open action closes),
 * so two people pressing "done" at once close it once and the second is told.
 */
import type { HuddleAction, HuddleActionStatus, NewHuddleAction } from '@wardflow/shared';
import { and, asc, eq, gte, or } from 'drizzle-orm';
import type { Database } from './database.adapter.js';
import { huddleActions } from './schema.js';

type Row = typeof huddleActions.$inferSelect;

function toAction(r: Row): HuddleAction {
  return {
    id: r.id,
    wardId: r.wardId,
    bed: r.bed,
    encounterId: r.encounterId,
    text: r.text,
    owner: r.owner,
    dueAt: r.dueAt.toISOString(),
    checkIn: r.checkIn,
    status: r.status,
    createdAt: r.createdAt.toISOString(),
    createdBy: r.createdBy,
    closedAt: r.closedAt?.toISOString() ?? null,
    closedBy: r.closedBy,
    task: r.taskId === null && r.taskError === null ? null : { id: r.taskId, error: r.taskError },
  };
}

export class HuddleActionRepository {
  constructor(private readonly db: Database) {}

  async create(wardId: string, action: NewHuddleAction, by: string, at: Date): Promise<HuddleAction> {
    const [row] = await this.db
      .insert(huddleActions)
      .values({
        wardId,
        bed: action.bed,
        encounterId: action.encounterId,
        text: action.text.trim(),
        owner: action.owner.trim(),
        dueAt: new Date(action.dueAt),
        checkIn: action.checkIn,
        createdAt: at,
        createdBy: by,
      })
      .returning();
    return toAction(row as Row);
  }

  async get(id: number): Promise<HuddleAction | null> {
    const [row] = await this.db.select().from(huddleActions).where(eq(huddleActions.id, id));
    return row === undefined ? null : toAction(row);
  }

  /** The ward's open actions and those closed since `closedSince`. */
  async forWard(wardId: string, closedSince: Date): Promise<HuddleAction[]> {
    const rows = await this.db
      .select()
      .from(huddleActions)
      .where(
        and(
          eq(huddleActions.wardId, wardId),
          or(eq(huddleActions.status, 'open'), gte(huddleActions.closedAt, closedSince)),
        ),
      )
      .orderBy(asc(huddleActions.dueAt), asc(huddleActions.id));
    return rows.map(toAction);
  }

  /** Closes an open action; null when it was not open (closed meanwhile by someone else). */
  async close(
    id: number,
    status: Exclude<HuddleActionStatus, 'open'>,
    by: string,
    at: Date,
  ): Promise<HuddleAction | null> {
    const [row] = await this.db
      .update(huddleActions)
      .set({ status, closedBy: by, closedAt: at })
      .where(and(eq(huddleActions.id, id), eq(huddleActions.status, 'open')))
      .returning();
    return row === undefined ? null : toAction(row);
  }

  async recordTask(id: number, task: { id: string | null; error: string | null }): Promise<void> {
    await this.db.update(huddleActions).set({ taskId: task.id, taskError: task.error }).where(eq(huddleActions.id, id));
  }
}
