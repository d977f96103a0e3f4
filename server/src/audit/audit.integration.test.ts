/**
 * The audit log on real PostgreSQL (SEC-6): the application's own role may only INSERT and SELECT it
 * (UPDATE, DELETE and TRUNCATE are refused by privilege), every other role is refused by trigger, and
 * what a superuser does with triggers switched off is caught by the hash chain: an altered row and a
 * deleted row are both found, by the verifier and by `npm run audit:verify`. Retention removes only the
 * oldest rows (at least a year old) and records it, so the chain still verifies.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { AuditRepository, type AuditRecord } from '../store/audit.repository.js';
import { openDatabase, type DatabaseHandle } from '../store/database.adapter.js';
import { createTempDir, TEST_POSTGRES_ADMIN_URL } from '../testing/test-databases.js';
import { ChainVerifier } from '../store/audit-chain.js';

const CLI = join(dirname(fileURLToPath(import.meta.url)), '../../dist/audit/audit-verify.cli.js');
const DAY_MS = 86_400_000;

function record(overrides: Partial<AuditRecord> = {}): AuditRecord {
  return {
    at: new Date(),
    actorKind: 'user',
    actorId: 'session-1',
    actorName: 'Nurse Nia',
    role: 'ward-staff',
    action: 'patient.view',
    outcome: 'success',
    wardId: 'ward-oak',
    patientId: 'patient-1',
    detail: { bedId: 'bed-4' },
    address: '10.0.0.7',
    ...overrides,
  };
}

describe('audit log on PostgreSQL', () => {
  const suffix = randomUUID().replaceAll('-', '').slice(0, 12);
  const role = `wf_app_${suffix}`;
  const dbName = `wardflow_audit_${suffix}`;
  let admin: pg.Client;
  let asApp: DatabaseHandle;
  let superuser: pg.Client;
  const appUrl = (() => {
    const url = new URL(TEST_POSTGRES_ADMIN_URL);
    url.username = role;
    url.pathname = `/${dbName}`;
    return url.toString();
  })();
  const superUrl = (() => {
    const url = new URL(TEST_POSTGRES_ADMIN_URL);
    url.pathname = `/${dbName}`;
    return url.toString();
  })();

  const verify = async (handle: DatabaseHandle) => {
    const verifier = new ChainVerifier();
    for await (const rows of new AuditRepository(handle.db).chain(3)) verifier.feed(rows);
    return verifier.result(new Date());
  };

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: TEST_POSTGRES_ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE ROLE ${role} LOGIN NOSUPERUSER`);
    await admin.query(`CREATE DATABASE ${dbName} OWNER ${role}`);
    // Wardflow connects as its own, ordinary role, which runs the migrations and so owns the tables.
    asApp = await openDatabase({ databaseUrl: appUrl, dataDir: '/nonexistent' });
    superuser = new pg.Client({ connectionString: superUrl });
    await superuser.connect();
  }, 60_000);

  afterAll(async () => {
    await superuser?.end();
    await asApp?.close();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.query(`DROP ROLE IF EXISTS ${role}`);
    await admin.end();
  });

  it('should chain appended rows so that the whole log verifies', async () => {
    const repository = new AuditRepository(asApp.db);
    const written = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        repository.append(record({ detail: { bedId: `bed-${i}`, n: i, ok: true, nothing: null } })),
      ),
    );
    expect(written.map((w) => w.seq).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
    const result = await verify(asApp);
    expect(result).toMatchObject({ ok: true, rowsChecked: 6, firstSeq: 1, lastSeq: 6 });
    const cli = spawnSync(process.execPath, [CLI], {
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: appUrl },
      encoding: 'utf8',
    });
    expect(existsSync(CLI)).toBe(true);
    expect(cli.stdout).toContain('Audit log whole: 6 rows checked');
    expect(cli.status).toBe(0);
  });

  it('should let the application role insert and read the log, and nothing else', async () => {
    const client = new pg.Client({ connectionString: appUrl });
    await client.connect();
    try {
      for (const statement of [
        "UPDATE audit_log SET actor_name = 'someone else' WHERE seq = 1",
        'DELETE FROM audit_log WHERE seq = 2',
        'TRUNCATE audit_log',
      ]) {
        await expect(client.query(statement)).rejects.toThrow(/permission denied/);
      }
      const privileges = await client.query<{ ins: boolean; sel: boolean; upd: boolean; del: boolean; trn: boolean }>(
        "select has_table_privilege('audit_log','INSERT') ins, has_table_privilege('audit_log','SELECT') sel, has_table_privilege('audit_log','UPDATE') upd, has_table_privilege('audit_log','DELETE') del, has_table_privilege('audit_log','TRUNCATE') trn",
      );
      expect(privileges.rows[0]).toEqual({ ins: true, sel: true, upd: false, del: false, trn: false });
    } finally {
      await client.end();
    }
  });

  it('should let no other role run the retention purge', async () => {
    const reporting = `wf_bi_${suffix}`;
    await admin.query(`CREATE ROLE ${reporting} LOGIN NOSUPERUSER`);
    try {
      const url = new URL(superUrl);
      url.username = reporting;
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      try {
        await expect(client.query("select * from wardflow_audit_purge(now() - interval '400 days')")).rejects.toThrow(
          /permission denied/,
        );
      } finally {
        await client.end();
      }
    } finally {
      await admin
        .query(`DROP OWNED BY ${reporting}; DROP ROLE ${reporting}`)
        .catch(() => admin.query(`DROP ROLE IF EXISTS ${reporting}`));
    }
  });

  it('should refuse changes by trigger even to a superuser', async () => {
    await expect(superuser.query("UPDATE audit_log SET outcome = 'denied' WHERE seq = 1")).rejects.toThrow(
      /append-only/,
    );
    await expect(superuser.query('DELETE FROM audit_log WHERE seq = 1')).rejects.toThrow(/append-only/);
    await expect(superuser.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    expect((await verify(asApp)).ok).toBe(true);
  });

  it('should find a row altered with the triggers switched off, by the verifier and by audit:verify', async () => {
    await superuser.query(
      "SET session_replication_role = replica; UPDATE audit_log SET patient_id = 'patient-2' WHERE seq = 3; SET session_replication_role = origin",
    );
    const result = await verify(asApp);
    expect(result.ok).toBe(false);
    expect(result.problem).toEqual({
      seq: 3,
      reason: 'row 3 was changed after it was written (its hash does not match its content)',
    });
    const cli = spawnSync(process.execPath, [CLI], {
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: appUrl },
      encoding: 'utf8',
    });
    expect(cli.stdout).toContain('AUDIT LOG ALTERED: row 3 was changed after it was written');
    expect(cli.status).toBe(1);
    // Put it back: the chain is whole again.
    await superuser.query(
      "SET session_replication_role = replica; UPDATE audit_log SET patient_id = 'patient-1' WHERE seq = 3; SET session_replication_role = origin",
    );
    expect((await verify(asApp)).ok).toBe(true);
  });

  it('should find a deleted row', async () => {
    await superuser.query(
      'SET session_replication_role = replica; DELETE FROM audit_log WHERE seq = 4; SET session_replication_role = origin',
    );
    const result = await verify(asApp);
    expect(result.ok).toBe(false);
    expect(result.problem).toEqual({ seq: 4, reason: 'row 4 is missing (the next row is 5)' });
    const cli = spawnSync(process.execPath, [CLI], {
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: appUrl },
      encoding: 'utf8',
    });
    expect(cli.stdout).toContain('AUDIT LOG ALTERED: row 4 is missing');
    expect(cli.status).toBe(1);
  });

  it('should find the oldest rows deleted without a retention record', async () => {
    await superuser.query(
      'SET session_replication_role = replica; DELETE FROM audit_log WHERE seq <= 4; SET session_replication_role = origin',
    );
    const result = await verify(asApp);
    expect(result.problem).toEqual({
      seq: 5,
      reason: 'the log starts at row 5 and no retention record accounts for the rows before it',
    });
  });
});

describe('audit retention', () => {
  let database: DatabaseHandle;
  const dbName = `wardflow_retention_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  let admin: pg.Client;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: TEST_POSTGRES_ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    const url = new URL(TEST_POSTGRES_ADMIN_URL);
    url.pathname = `/${dbName}`;
    database = await openDatabase({ databaseUrl: url.toString(), dataDir: '/nonexistent' });
  });

  afterAll(async () => {
    await database?.close();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  });

  it('should remove only rows older than the cutoff, record it in the chain, and still verify', async () => {
    const repository = new AuditRepository(database.db);
    const now = Date.now();
    for (const daysAgo of [900, 800, 700, 30, 1])
      await repository.append(record({ at: new Date(now - daysAgo * DAY_MS) }));
    const tooRecent = await repository
      .purgeBefore(new Date(now - 100 * DAY_MS), new Date(now))
      .catch((e: unknown) => e as Error & { cause?: Error });
    expect(tooRecent).toBeInstanceOf(Error);
    expect(String((tooRecent as { cause?: Error }).cause?.message)).toContain('audit retention is at least 365 days');
    expect(await repository.purgeBefore(new Date(now - 750 * DAY_MS), new Date(now))).toBe(2);
    expect(await repository.purgeBefore(new Date(now - 750 * DAY_MS), new Date(now))).toBe(0);
    const verifier = new ChainVerifier();
    for await (const rows of repository.chain()) verifier.feed(rows);
    const result = verifier.result(new Date(now));
    expect(result).toMatchObject({ ok: true, firstSeq: 3, lastSeq: 6, rowsChecked: 4, retentionRemovedThrough: 2 });
    const [newest] = await repository.page({}, 1);
    expect(newest).toMatchObject({
      seq: 6,
      action: 'audit.retention',
      actorKind: 'system',
      detail: { removed: 2, throughSeq: 2 },
    });
  });

  it('should take a later run further along the chain, and still verify', async () => {
    const repository = new AuditRepository(database.db);
    const now = Date.now();
    expect(await repository.purgeBefore(new Date(now - 365 * DAY_MS), new Date(now))).toBe(1);
    // Row 3 (700 days) is gone; rows 4, 5 and the first retention record (6) are younger, the new record is 7.
    const verifier = new ChainVerifier();
    for await (const rows of repository.chain()) verifier.feed(rows);
    expect(verifier.result(new Date(now))).toMatchObject({
      ok: true,
      firstSeq: 4,
      lastSeq: 7,
      retentionRemovedThrough: 3,
    });
  });

  it('should continue the chain after retention removed every row', async () => {
    const dir = createTempDir();
    const embedded = await openDatabase({ databaseUrl: null, dataDir: dir.path });
    try {
      const repository = new AuditRepository(embedded.db);
      const now = Date.now();
      for (const daysAgo of [900, 800]) await repository.append(record({ at: new Date(now - daysAgo * DAY_MS) }));
      expect(await repository.purgeBefore(new Date(now - 400 * DAY_MS), new Date(now))).toBe(2);
      await repository.append(record());
      const verifier = new ChainVerifier();
      for await (const rows of repository.chain()) verifier.feed(rows);
      expect(verifier.result(new Date(now))).toMatchObject({
        ok: true,
        firstSeq: 3,
        lastSeq: 4,
        retentionRemovedThrough: 2,
      });
    } finally {
      await embedded.close();
      dir.remove();
    }
  });
});
