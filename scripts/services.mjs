// Local services for the demo and the tests: finds Redis, PostgreSQL and Chromium, and on a Debian or
// Ubuntu machine where they are missing installs them (as root, through apt-get) and starts them;
// otherwise stops with the one command to run. Redis, when nothing answers on its URL, is a private
// redis-server (no persistence, dies with this process). No dependencies: runs before `npm install`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';

/** Sends PING over a raw socket; resolves true on +PONG (or an auth challenge, which still means Redis is there). */
export function redisAnswers(url, timeoutMs = 1500) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379) });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => done(/^\+PONG|^-NOAUTH/.test(data.toString())));
  });
}

export function tcpAnswers(host, port, timeoutMs = 1500) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => done(true));
  });
}

function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/**
 * Returns a Redis URL that answers, starting a private redis-server if needed.
 * `stop()` ends the private server (no-op when an existing Redis was used).
 */
export async function ensureRedis(url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379') {
  if (await redisAnswers(url)) return { url, stop: () => {}, started: false };
  const host = new URL(url).hostname;
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
    throw new Error(`Redis at ${url} does not answer. Start it, or unset REDIS_URL to use a local one.`);
  }
  if (!onPath('redis-server'))
    aptInstall(
      ['redis-server'],
      `Nothing answers at ${url} and redis-server is not installed (or set REDIS_URL to a Redis you have)`,
    );
  const port = await freePort();
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--maxmemory-policy',
      'noeviction',
    ],
    {
      stdio: 'ignore',
    },
  );
  const privateUrl = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50 && !(await redisAnswers(privateUrl, 300)); i++) await new Promise((r) => setTimeout(r, 100));
  if (!(await redisAnswers(privateUrl))) throw new Error('Started redis-server but it does not answer');
  const stop = () => child.kill('SIGTERM');
  process.on('exit', stop);
  return { url: privateUrl, stop, started: true };
}

const LOCAL_HOSTS = ['127.0.0.1', 'localhost', '::1'];

/** Installs Debian packages as root; anyone else is told the one command to run. */
export function aptInstall(packages, why) {
  const command = `apt-get install -y ${packages.join(' ')}`;
  if (!onPath('apt-get'))
    throw new Error(`${why}.\n  Install ${packages.join(', ')} with this system's package manager.`);
  if (process.getuid?.() !== 0) throw new Error(`${why}.\n  Run: sudo ${command}`);
  process.stdout.write(`\n▸ ${why}: installing ${packages.join(', ')} (${command})\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', ...packages],
  ]) {
    const result = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (result.status !== 0) throw new Error(`apt-get ${args[0]} failed (exit ${result.status}). Run: ${command}`);
  }
}

/** docker-compose, for the test that validates docker/compose.yml (there is no Docker engine to run it). */
export function ensureDockerCompose() {
  if (onPath('docker-compose')) return;
  aptInstall(['docker-compose'], 'The deployment test validates docker/compose.yml with docker-compose config');
  if (!onPath('docker-compose')) throw new Error('Installed docker-compose, but it is still not on the PATH');
}

/** The Chromium the browser tests drive: CHROMIUM_PATH, or Debian's, installed when missing. */
export function ensureChromium(path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium') {
  if (existsSync(path)) return path;
  if (process.env.CHROMIUM_PATH !== undefined) throw new Error(`CHROMIUM_PATH is ${path}, which does not exist`);
  aptInstall(['chromium'], 'The browser tests need Chromium');
  if (!existsSync(path)) throw new Error(`Installed chromium, but ${path} is still missing`);
  return path;
}

function psql(url, sql) {
  const target = new URL(url);
  target.pathname = '/postgres';
  return spawnSync('psql', [target.href, '-Atc', sql], { encoding: 'utf8' });
}

/**
 * A PostgreSQL that answers at `url` (the tests': postgres over TCP with trust auth on this machine,
 * as on the project's machines) with its database created. A local one is installed and started when
 * missing; a remote one must already be there.
 */
export async function ensurePostgres(url) {
  const target = new URL(url);
  const port = Number(target.port || 5432);
  const local = LOCAL_HOSTS.includes(target.hostname);
  if (!(await tcpAnswers(target.hostname, port))) {
    if (!local)
      throw new Error(
        `PostgreSQL does not answer at ${target.host}. Start it, or set TEST_POSTGRES_URL to one that does.`,
      );
    if (!onPath('pg_ctlcluster')) aptInstall(['postgresql'], 'The integration tests need PostgreSQL');
    const versions = readdirSync('/etc/postgresql').sort((a, b) => Number(a) - Number(b));
    const version = versions.at(-1);
    process.stdout.write(`\n▸ Starting PostgreSQL ${version}\n`);
    const started = spawnSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'], {
      stdio: 'inherit',
    });
    for (let i = 0; i < 50 && !(await tcpAnswers(target.hostname, port, 300)); i++)
      await new Promise((r) => setTimeout(r, 200));
    if (!(await tcpAnswers(target.hostname, port))) {
      throw new Error(
        `PostgreSQL did not start (pg_ctlcluster exit ${started.status}). Run: pg_ctlcluster ${version} main start`,
      );
    }
  }
  if (!onPath('psql')) throw new Error('psql is missing. Run: sudo apt-get install -y postgresql-client');
  if (psql(url, 'select 1').status !== 0) {
    // The tests connect over TCP without a password; a fresh Debian cluster asks for one.
    if (!local || process.getuid?.() !== 0)
      throw new Error(
        `Cannot connect to ${target.host} as ${target.username || 'postgres'} without a password: allow trust for 127.0.0.1 in pg_hba.conf, or set TEST_POSTGRES_URL`,
      );
    const hba = readdirSync('/etc/postgresql')
      .sort((a, b) => Number(a) - Number(b))
      .map((v) => `/etc/postgresql/${v}/main/pg_hba.conf`)
      .filter(existsSync)
      .at(-1);
    writeFileSync(hba, `host all all 127.0.0.1/32 trust\n${readFileSync(hba, 'utf8')}`);
    const version = hba.split('/')[3];
    spawnSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'reload'], { stdio: 'inherit' });
    if (psql(url, 'select 1').status !== 0)
      throw new Error(`Still cannot connect to ${target.host} after allowing trust in ${hba}`);
  }
  const database = decodeURIComponent(target.pathname.slice(1)) || 'postgres';
  const exists = psql(url, `select 1 from pg_database where datname = '${database.replaceAll("'", "''")}'`);
  if (exists.stdout.trim() !== '1') {
    const created = psql(url, `create database "${database.replaceAll('"', '""')}"`);
    if (created.status !== 0) throw new Error(`Could not create database ${database}: ${created.stderr.trim()}`);
  }
  return url;
}
