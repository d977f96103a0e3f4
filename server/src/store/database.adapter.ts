/**
 * Database adapter: PostgreSQL through `pg` when DATABASE_URL is set, otherwise embedded PGlite in
 * a data folder (a folder reopens in well under a second; in-memory would rebuild everything each
 * start). Both are driven through drizzle with one schema and the same queries, and migrations run at
 * start-up so a fresh install needs no separate step.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Logger } from '@nestjs/common';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import * as schema from './schema.js';

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DatabaseHandle {
  db: Database;
  kind: 'postgresql' | 'pglite';
  /** Round trip to the database, for readiness. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

const MIGRATIONS_FOLDER = resolve(dirname(fileURLToPath(import.meta.url)), '../../drizzle');
/**
 * Advisory lock id held while migrations run. Processes started together on one database (two workers
 * and two APIs, `docker compose up --scale`) would otherwise migrate at once, and all but one fail at
 * start on `CREATE SCHEMA IF NOT EXISTS "drizzle"` (measured: multi-process.e2e.test.ts).
 */
const MIGRATION_LOCK = 7261207002;

/**
 * Runs the migrations, saying why when they fail. drizzle reports any failed statement as only
 * "Failed query: <SQL> params: ", keeping the database's own answer in `cause`, so an unreachable
 * server, a refused login and a restore that left the tables owned by another role ("permission
 * denied for schema drizzle") all read alike at start and in audit:verify. The answer comes first.
 */
async function explained(migrate: () => Promise<void>): Promise<void> {
  try {
    await migrate();
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    const reason = cause instanceof Error ? cause.message || (cause as { code?: string }).code : undefined;
    if (reason === undefined || reason === '') throw error;
    const query = String((error as { query?: unknown }).query ?? '')
      .replace(/\s+/g, ' ')
      .trim();
    throw new Error(`${reason} (running migrations${query === '' ? '' : `: ${query.slice(0, 100)}`})`, {
      cause: error,
    });
  }
}

/** Opens the database, runs pending migrations and returns a handle. */
export async function openDatabase(options: { databaseUrl: string | null; dataDir: string }): Promise<DatabaseHandle> {
  if (options.databaseUrl !== null) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10, connectionTimeoutMillis: 5_000 });
    // An idle connection the server ends (a restart, a failover, an administrator) is dropped and replaced
    // on next use; without a listener its error would end the whole process.
    pool.on('error', (error) =>
      process.stderr.write(`PostgreSQL connection lost while idle (${error.message}); it will be replaced\n`),
    );
    const db = drizzlePg(pool, { schema });
    // One process migrates at a time, on one connection holding the lock; the next finds nothing to do.
    const session = await pool.connect();
    try {
      const { rows } = await session.query<{ locked: boolean }>('select pg_try_advisory_lock($1) as locked', [
        MIGRATION_LOCK,
      ]);
      if (rows[0]?.locked !== true) {
        // Said, so a start that hangs here (another process stuck migrating) is not a silent one.
        new Logger('Database').log('Waiting for another Wardflow process to finish migrating the database');
        await session.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
      }
      await explained(() => migratePg(drizzlePg(session, { schema }), { migrationsFolder: MIGRATIONS_FOLDER }));
    } finally {
      // Released with the session if the unlock itself fails: the connection is destroyed, not reused.
      const unlocked = await session.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).then(
        () => true,
        () => false,
      );
      session.release(!unlocked);
    }
    return {
      db: db as unknown as Database,
      kind: 'postgresql',
      ping: async () => void (await db.execute(sql`select 1`)),
      close: () => pool.end(),
    };
  }
  // Loaded only when embedded: a server on PostgreSQL never holds PGlite's code.
  const [{ PGlite }, { drizzle: drizzlePglite }, { migrate: migratePglite }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('drizzle-orm/pglite'),
    import('drizzle-orm/pglite/migrator'),
  ]);
  const folder = join(options.dataDir, 'pglite');
  mkdirSync(folder, { recursive: true });
  const client = await PGlite.create(folder);
  const db = drizzlePglite(client, { schema });
  await explained(() => migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER }));
  return {
    db: db as unknown as Database,
    kind: 'pglite',
    ping: async () => void (await db.execute(sql`select 1`)),
    close: () => client.close(),
  };
}
