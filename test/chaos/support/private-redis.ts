/**
 * A Redis of the scenario's own, on a free port, that the scenario may kill and start again: the
 * machine's shared Redis (other engineers' tests run on it) is never stopped, flushed or reconfigured.
 * Started as startup-failures.e2e.test.ts starts one: redis-server with nothing kept on disk unless the
 * scenario asks for the append-only file, so a restart comes back empty, as a Redis without
 * persistence (or a fail-over to an empty replica) does.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.js';

export interface PrivateRedis {
  url: string;
  port: number;
  /** SIGKILL: no shutdown, no final save; what a crashed or OOM-killed Redis does. */
  kill(): Promise<void>;
  /** Starts it again on the same port (and folder, so an append-only file is read back); nothing if running. */
  start(): Promise<void>;
  /** Kills it and removes its folder. */
  remove(): Promise<void>;
}

export async function startPrivateRedis({ appendOnly = false } = {}): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'wardflow-chaos-redis-'));
  let child: ChildProcess | null = null;
  const start = async () => {
    if (child !== null) return;
    child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--save',
        '',
        '--appendonly',
        appendOnly ? 'yes' : 'no',
        '--maxmemory-policy',
        'noeviction',
      ],
      { stdio: 'ignore' },
    );
    await waitForPong(port);
  };
  const kill = async () => {
    const running = child;
    child = null;
    if (running === null || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    kill,
    start,
    remove: async () => {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitForPong(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const answer = spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' });
    if (answer.stdout?.trim() === 'PONG') return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`redis-server on port ${port} did not answer PING in 10 s`);
}
