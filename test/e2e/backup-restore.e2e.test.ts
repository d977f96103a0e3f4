/**
 * Backup and restore, as docs/operations.md ("Backups") tells an operator to do it:
 *
 * PostgreSQL: Wardflow runs on a database owned by its own ordinary role (as docker/compose.yml sets
 * it up), polls and scores every ward, sends this week's digest (outbox, no SMTP), and writes audit
 * rows (sign-ins, patient detail views, a screen's enrolment, the digest run). It is stopped,
 * `pg_dump -Fc` is taken as the superuser and `pg_restore`d (owners kept) into a NEW empty database,
 * and Wardflow starts on that with the same secrets but an empty Redis (a new queue prefix) and an
 * empty data folder:
 *  - first as the `api` role, which never polls, so what it serves is exactly what was restored: the
 *    ward list, every board (versions and content) and the heat map equal what the original served
 *    just before it stopped (read twice, a second apart, with POLL_INTERVAL at 1 h, so nothing was
 *    moving), and so does the email ledger; `audit-verify.cli.js` finds the restored chain whole with
 *    the original's row count and head hash; the app role still cannot UPDATE the audit log, and the
 *    trigger still refuses a superuser; a session cookie and a wall screen's credential from before
 *    the backup still work (the same SESSION_SECRET);
 *  - restored by the app role itself with --no-owner (no superuser, as on a managed PostgreSQL) the
 *    chain and its protection are the same; restored by the superuser with --no-owner, the tables are
 *    the superuser's and Wardflow refuses to start, saying "permission denied";
 *  - then as `all` (the worker's part too): every ward polls again and its board version goes on
 *    from the restored one, new scores get new ids (the sequences were restored), a digest run for
 *    the same week sends nothing (the ledger says every lead has had it; the new outbox stays empty),
 *    and new audit rows chain onto the restored head.
 *
 * Embedded PGlite: a stopped server's data folder, copied, starts with the same boards and a whole
 * audit chain.
 *
 * Tampering with a restored audit log needs no case here: audit.integration.test.ts shows an edited
 * and a deleted row are found, by the verifier and the CLI, on the same PostgreSQL code path.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual, promisify } from 'node:util';
import type { AuditVerification, Board, DigestLedgerResponse, Heatmap, Lead, WardSummary } from '@wardflow/shared';
import { enrolScreen, signInAs } from '../support/principals.js';
import { eventually, everyWardScored } from '../support/eventually.js';
import {
  baseEnv,
  REPO_ROOT,
  runToExit,
  startWardflowProcess,
  type WardflowProcess,
} from '../support/wardflow-process.js';

const run = promisify(execFile);
const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const AUDIT_VERIFY = join(REPO_ROOT, 'server/dist/audit/audit-verify.cli.js');

function databaseUrl(database: string, user?: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  if (user !== undefined) {
    url.username = user;
    url.password = '';
  }
  return url.toString();
}

/** One statement through psql (as the tools an operator has); rows as text, fields split on |. */
async function psql(url: string, statement: string): Promise<string[][]> {
  const { stdout } = await run('psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', statement]);
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split('|'));
}

/** The audit log's head as `npm run audit:verify` prints it, for a database (or an embedded data folder). */
async function auditVerify(env: Record<string, string>): Promise<{ rows: number; seq: number; hash: string }> {
  const { stdout } = await run(process.execPath, [AUDIT_VERIFY], { env: { PATH: process.env.PATH ?? '', ...env } });
  const whole = /Audit log whole: (\d+) rows checked/.exec(stdout);
  const head = /Head: row (\d+), hash ([0-9a-f]{64})/.exec(stdout);
  if (whole === null || head === null) throw new Error(`audit:verify did not find the log whole:\n${stdout}`);
  return { rows: Number(whole[1]), seq: Number(head[1]), hash: head[2] ?? '' };
}

interface Served {
  wards: WardSummary[];
  boards: Record<string, Omit<Board, 'serverTime'>>;
  heatmap: Omit<Heatmap, 'serverTime'>;
  ledger: DigestLedgerResponse['entries'];
}

/** What a server serves of the restored state, less the answer's own clock (`serverTime`). */
async function served(server: WardflowProcess): Promise<Served> {
  const wards = await server.json<WardSummary[]>('/api/wards');
  const boards: Served['boards'] = {};
  for (const ward of wards) {
    const { serverTime: _serverTime, ...board } = await server.json<Board>(`/api/wards/${ward.id}/board`);
    boards[ward.id] = board;
  }
  const { serverTime: _heatmapTime, ...heatmap } = await server.json<Heatmap>('/api/heatmap');
  const { entries } = await server.json<DigestLedgerResponse>('/api/digests');
  return { wards, boards, heatmap, ledger: entries };
}

/** Reads until two reads a second apart agree: nothing in flight (a poll, a score) is left to land. */
async function settled(server: WardflowProcess): Promise<Served> {
  let previous = await served(server);
  for (let i = 0; i < 30; i++) {
    await new Promise((r) => setTimeout(r, 1_000));
    const next = await served(server);
    if (isDeepStrictEqual(previous, next)) return next;
    previous = next;
  }
  throw new Error('The served boards, heat map and ledger did not settle in 30 s');
}

function everyWardPolled(server: WardflowProcess, after = 0): Promise<WardSummary[]> {
  return eventually(
    () => server.json<WardSummary[]>('/api/wards'),
    (wards) => wards.length > 0 && wards.every((w) => w.asOf !== null && Date.parse(w.asOf) > after),
    `Every ward polled after ${new Date(after).toISOString()}`,
    { tries: 240, everyMs: 250 },
  );
}

describe('backup and restore', () => {
  const suffix = randomUUID().replaceAll('-', '').slice(0, 10);
  const role = `wf_backup_${suffix}`;
  const originalDb = `wf_backup_${suffix}_a`;
  const restoredDb = `wf_backup_${suffix}_b`;
  const asRoleDb = `wf_backup_${suffix}_c`;
  const unownedDb = `wf_backup_${suffix}_d`;
  const work = mkdtempSync(join(tmpdir(), 'wardflow-backup-'));
  const servers: WardflowProcess[] = [];
  const folders: string[] = [work];

  beforeAll(async () => {
    // As docker/postgres-init does: an ordinary role that owns Wardflow's database and runs its migrations.
    await psql(ADMIN_URL, `CREATE ROLE ${role} LOGIN NOSUPERUSER`);
    await psql(ADMIN_URL, `CREATE DATABASE ${originalDb} OWNER ${role}`);
  });

  afterAll(async () => {
    for (const server of servers.reverse()) await server.stop();
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
    for (const db of [originalDb, restoredDb, asRoleDb, unownedDb])
      await psql(ADMIN_URL, `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await psql(ADMIN_URL, `DROP ROLE IF EXISTS ${role}`);
  });

  it('should bring a pg_dump restored into a new database up with the same boards, ledger and audit chain, sending no digest twice', async () => {
    // POLL_INTERVAL 1 h: after the polls at start nothing moves a board until the restored worker's own polls.
    const env = baseEnv({ DATABASE_URL: databaseUrl(originalDb, role), POLL_INTERVAL: '1h' });
    folders.push(env.WARDFLOW_DATA_DIR ?? '');
    const original = await startWardflowProcess(env);
    servers.push(original);
    await everyWardPolled(original);
    await everyWardScored(original);

    // Audit rows: sign-ins, patient detail views, a screen's enrolment, and the digest run.
    const nurse = await signInAs(original, 'nurse');
    const wardId = (nurse.grants[0]?.wards as string[])[0] ?? '';
    const beds = (await original.json<Board>(`/api/wards/${wardId}/board`)).beds.filter((b) => b.patient !== null);
    expect(beds.length).toBeGreaterThan(1);
    for (const bed of beds.slice(0, 2)) {
      const detail = await fetch(`${original.url}/api/wards/${wardId}/beds/${bed.id}/patient`, {
        headers: nurse.headers,
      });
      expect(detail.status).toBe(200);
    }
    const screen = await enrolScreen(original, wardId, 'Backup test screen');

    // This week's digest, to every lead, written to the outbox (no SMTP_URL).
    const leads = await original.json<Lead[]>('/api/leads');
    expect(leads.length).toBeGreaterThan(0);
    const accepted = await original.api('/api/digests/run', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(accepted.status).toBe(202);
    const sent = await eventually(
      () => original.json<DigestLedgerResponse>('/api/digests'),
      (l) => l.entries.filter((e) => e.week === l.week && e.state === 'sent').length === leads.length,
      "This week's digest sent to every lead",
    );
    expect(sent.outbox).toHaveLength(leads.length);
    const week = sent.week;

    const before = await settled(original);
    expect(before.ledger.map((e) => [e.leadId, e.week, e.state])).toEqual(
      expect.arrayContaining(leads.map((l) => [l.id, week, 'sent'])),
    );
    const chainBefore = await original.json<AuditVerification>('/api/audit/verify');
    expect(chainBefore).toMatchObject({ ok: true });
    await original.stop({ keepData: true }); // keeps the simulated FHIR server: the restore reads the same one

    const head = await auditVerify({ DATABASE_URL: databaseUrl(originalDb, role) });
    expect(head).toEqual({ rows: chainBefore.rowsChecked, seq: chainBefore.lastSeq, hash: chainBefore.lastHash });
    expect(head.rows).toBeGreaterThanOrEqual(6);

    // The backup, and the restore into a new, empty database owned by the same role (owners and grants kept).
    const dump = join(work, 'wardflow.dump');
    await run('pg_dump', ['--format=custom', `--file=${dump}`, `--dbname=${databaseUrl(originalDb)}`]);
    await psql(ADMIN_URL, `CREATE DATABASE ${restoredDb} OWNER ${role}`);
    await run('pg_restore', ['--exit-on-error', `--dbname=${databaseUrl(restoredDb)}`, dump]);
    const restoredUrl = databaseUrl(restoredDb, role);

    // The audit log as restored: the same chain, still append-only for the app role and by trigger.
    expect(await auditVerify({ DATABASE_URL: restoredUrl })).toEqual(head);
    await expect(psql(restoredUrl, "UPDATE audit_log SET actor_name = 'x' WHERE seq = 1")).rejects.toThrow(
      /permission denied/,
    );
    await expect(psql(databaseUrl(restoredDb), "UPDATE audit_log SET actor_name = 'x' WHERE seq = 1")).rejects.toThrow(
      /append-only/,
    );

    // Where there is no superuser (a managed PostgreSQL): restored by the app role itself with --no-owner, the same.
    await psql(ADMIN_URL, `CREATE DATABASE ${asRoleDb} OWNER ${role}`);
    await run('pg_restore', ['--exit-on-error', '--no-owner', `--dbname=${databaseUrl(asRoleDb, role)}`, dump]);
    expect(await auditVerify({ DATABASE_URL: databaseUrl(asRoleDb, role) })).toEqual(head);
    await expect(
      psql(databaseUrl(asRoleDb, role), "UPDATE audit_log SET actor_name = 'x' WHERE seq = 1"),
    ).rejects.toThrow(/permission denied/);
    // The wrong way: the superuser restoring with --no-owner keeps every table for itself, and Wardflow says so.
    await psql(ADMIN_URL, `CREATE DATABASE ${unownedDb} OWNER ${role}`);
    await run('pg_restore', ['--exit-on-error', '--no-owner', `--dbname=${databaseUrl(unownedDb)}`, dump]);
    const refused = await runToExit({ ...env, WARDFLOW_ROLE: 'api', DATABASE_URL: databaseUrl(unownedDb, role) });
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain(
      'Database at DATABASE_URL could not be opened: permission denied for schema drizzle (running migrations',
    );

    // Another host: a new data folder (no outbox), an empty Redis (new queue prefix), the same secrets and FHIR server.
    const restoredEnv = {
      ...env,
      DATABASE_URL: restoredUrl,
      FHIR_BASE_URL: original.fhirBaseUrl,
      WARDFLOW_DATA_DIR: mkdtempSync(join(tmpdir(), 'wardflow-restored-')),
      WARDFLOW_QUEUE_PREFIX: `wf-e2e-${randomUUID().slice(0, 8)}`,
    };
    folders.push(restoredEnv.WARDFLOW_DATA_DIR);

    // The api role never polls: it serves exactly what was restored.
    const api = await startWardflowProcess({ ...restoredEnv, WARDFLOW_ROLE: 'api' }, { history: false });
    servers.push(api);
    expect(await served(api)).toEqual(before);
    expect((await api.json<DigestLedgerResponse>('/api/digests')).outbox).toEqual([]);
    expect(await api.json<AuditVerification>('/api/audit/verify')).toMatchObject({
      ok: true,
      rowsChecked: head.rows,
      lastHash: head.hash,
    });
    // Sessions and screens are kept by the database and keyed by SESSION_SECRET: both still work.
    for (const who of [nurse, screen]) {
      const board = await fetch(`${api.url}/api/wards/${wardId}/board`, {
        headers: { ...who.headers, origin: api.url },
      });
      expect(board.status).toBe(200);
    }
    await api.stop();

    // The worker's part too: polls go on from the restored versions; the week's digest is not sent again.
    const startedAt = Date.now();
    const full = await startWardflowProcess(restoredEnv, { history: false });
    servers.push(full);
    const polled = await everyWardPolled(full, startedAt);
    for (const ward of polled) {
      const board = await full.json<Board>(`/api/wards/${ward.id}/board`);
      expect(board.version).toBeGreaterThan(before.boards[ward.id]?.version ?? Infinity);
    }
    const rescored = await eventually(
      () => full.json<Heatmap>('/api/heatmap'),
      (h) => h.version > before.heatmap.version,
      'A new score after the restore',
    );
    expect(rescored.version).toBeGreaterThan(before.heatmap.version);

    const rerun = await full.api('/api/digests/run', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(rerun.status).toBe(202);
    expect(((await rerun.json()) as { week: string }).week).toBe(week);
    const outcome = await eventually(
      async () => /Weekly digest (\S+): (\d+) sent, (\d+) skipped, (\d+) failed/.exec(full.output()),
      (match) => match !== null,
      'The digest run on the restored server',
    );
    expect(outcome?.slice(1)).toEqual([week, '0', String(leads.length), '0']);
    const after = await full.json<DigestLedgerResponse>('/api/digests');
    expect(after.entries).toEqual(before.ledger);
    expect(after.outbox).toEqual([]);
    await full.stop();

    // New rows (the digest run, at least) chain onto the restored head.
    const continued = await auditVerify({ DATABASE_URL: restoredUrl });
    expect(continued.rows).toBeGreaterThan(head.rows);
    expect(await psql(restoredUrl, `SELECT hash FROM audit_log WHERE seq = ${head.seq}`)).toEqual([[head.hash]]);
    expect(await psql(restoredUrl, `SELECT prev_hash FROM audit_log WHERE seq = ${head.seq + 1}`)).toEqual([
      [head.hash],
    ]);
  }, 300_000);

  it('should start a copy of a stopped embedded (PGlite) data folder with the same boards and audit chain', async () => {
    const env = baseEnv({ POLL_INTERVAL: '1h' });
    folders.push(env.WARDFLOW_DATA_DIR ?? '');
    const original = await startWardflowProcess(env);
    servers.push(original);
    await everyWardPolled(original);
    await everyWardScored(original);
    await signInAs(original, 'nurse'); // an audit row
    const before = await settled(original);
    await original.stop({ keepData: true });
    const head = await auditVerify({ WARDFLOW_DATA_DIR: env.WARDFLOW_DATA_DIR ?? '' });
    expect(head.rows).toBeGreaterThan(0);

    const copy = mkdtempSync(join(tmpdir(), 'wardflow-copy-'));
    folders.push(copy);
    cpSync(env.WARDFLOW_DATA_DIR ?? '', copy, { recursive: true });
    expect(await auditVerify({ WARDFLOW_DATA_DIR: copy })).toEqual(head);
    const api = await startWardflowProcess(
      {
        ...env,
        WARDFLOW_ROLE: 'api',
        WARDFLOW_DATA_DIR: copy,
        FHIR_BASE_URL: original.fhirBaseUrl,
        WARDFLOW_QUEUE_PREFIX: `wf-e2e-${randomUUID().slice(0, 8)}`,
      },
      { history: false },
    );
    servers.push(api);
    expect(await served(api)).toEqual(before);
  }, 180_000);
});
