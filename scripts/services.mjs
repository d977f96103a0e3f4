// Local services for the demo and the tests: finds Redis (and PostgreSQL for tests) or says exactly
// what is missing. When nothing answers on the Redis URL and `redis-server` is installed, starts a
// private one (no persistence, dies with this process). No dependencies: runs before `npm ci`.
import { spawn, spawnSync } from 'node:child_process';
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
  if (!onPath('redis-server')) {
    throw new Error(
      `Nothing answers at ${url} and redis-server is not installed.\n` +
        `  Install it (Debian/Ubuntu: sudo apt-get install redis-server), or set REDIS_URL to a Redis you have.`,
    );
  }
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'], {
    stdio: 'ignore',
  });
  const privateUrl = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50 && !(await redisAnswers(privateUrl, 300)); i++) await new Promise((r) => setTimeout(r, 100));
  if (!(await redisAnswers(privateUrl))) throw new Error('Started redis-server but it does not answer');
  const stop = () => child.kill('SIGTERM');
  process.on('exit', stop);
  return { url: privateUrl, stop, started: true };
}
