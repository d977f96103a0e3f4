/**
 * Several processes started together on one fresh PostgreSQL database (two workers and two APIs)
 * migrate one at a time: every one opens it, rather than all but one failing on the migrations'
 * `CREATE SCHEMA IF NOT EXISTS` (as they did before the advisory lock).
 */
import { sql } from 'drizzle-orm';
import { createPostgresDatabase, createTempDir } from '../testing/test-databases.js';
import { openDatabase, type DatabaseHandle } from './database.adapter.js';

describe('openDatabase on PostgreSQL', () => {
  it('should open one fresh database from several processes at once, each migrated once', async () => {
    const database = await createPostgresDatabase();
    const dirs = Array.from({ length: 4 }, () => createTempDir());
    const opened = await Promise.allSettled(
      dirs.map((dir) => openDatabase({ databaseUrl: database.url, dataDir: dir.path })),
    );
    const handles = opened.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    try {
      expect(opened.map((o) => (o.status === 'rejected' ? String(o.reason) : 'opened'))).toEqual(
        Array(4).fill('opened'),
      );
      const applied = (await (handles[0] as DatabaseHandle).db.execute(
        sql`select count(*)::int as n, count(distinct hash)::int as d from drizzle.__drizzle_migrations`,
      )) as unknown as { rows: Array<{ n: number; d: number }> };
      const row = applied.rows[0] as { n: number; d: number };
      expect(row.n).toBeGreaterThan(0);
      expect(row.n).toBe(row.d);
      expect(row.n).toBe(row.d);
    } finally {
      await Promise.all(handles.map((h) => h.close()));
      for (const dir of dirs) dir.remove();
      await database.drop();
    }
  });
});
