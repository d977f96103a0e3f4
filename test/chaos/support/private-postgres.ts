/**
 * A PostgreSQL cluster of the scenario's own (initdb + pg_ctl in a temporary folder, on a free port),
 * so a scenario can take the database away and bring it back without touching the machine's shared
 * PostgreSQL. PostgreSQL refuses to run as root: when the tests run as root (CI, this machine) the
 * cluster runs as the `postgres` system user through runuser.
 */
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './ports.js';

/** The server binaries: POSTGRES_BIN, else the newest Debian/Ubuntu install under /usr/lib/postgresql. */
const BIN = process.env.POSTGRES_BIN ?? newestPostgresBin();

function newestPostgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  return join(root, versions[0] ?? '15', 'bin');
}

export interface PrivatePostgres {
  /** The database Wardflow is given (DATABASE_URL). */
  url: string;
  /** `immediate`: every backend killed, no checkpoint (recovery at the next start), as a crash. */
  stop(mode?: 'immediate' | 'fast'): Promise<void>;
  start(): Promise<void>;
  remove(): Promise<void>;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'wardflow-chaos-pg-'));
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    const postgres = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    chownSync(dir, Number(postgres.stdout.trim()), Number(gid.stdout.trim()));
  }
  const run = (tool: string, args: string[]) => {
    const command = asRoot ? 'runuser' : join(BIN, tool);
    const argv = asRoot ? ['-u', 'postgres', '--', join(BIN, tool), ...args] : args;
    const result = spawnSync(command, argv, { encoding: 'utf8', timeout: 60_000 });
    if (result.status !== 0)
      throw new Error(`${tool} ${args.join(' ')} failed (${result.status}): ${result.stderr}${result.stdout}`);
  };
  const data = join(dir, 'data');
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
  const start = async () =>
    run('pg_ctl', [
      '-D',
      data,
      '-l',
      join(dir, 'postgres.log'),
      '-w',
      '-t',
      '30',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      'start',
    ]);
  const stop = async (mode: 'immediate' | 'fast' = 'immediate') =>
    run('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']);
  await start();
  const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
  await admin.connect();
  await admin.query('CREATE DATABASE wardflow');
  await admin.end();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/wardflow`,
    stop,
    start,
    remove: async () => {
      await stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
