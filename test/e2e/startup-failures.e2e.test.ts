/**
 * Bad configuration, an unreachable Redis or an unreachable FHIR server stop the process at once with
 * a message naming the problem and a non-zero exit: never a crash loop, never a blank screen.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { baseEnv, runToExit } from '../support/wardflow-process.js';

/** A private Redis with these settings (redis-server and redis-cli are there: the tests' Redis runs on them). */
async function privateRedis(settings: string[], password?: string): Promise<{ url: string; stop(): void }> {
  const port = await new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
  const child: ChildProcess = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      ...settings,
      ...(password === undefined ? [] : ['--requirepass', password]),
    ],
    { stdio: 'ignore' },
  );
  child.on('error', (error) => {
    throw new Error(`redis-server could not start: ${error.message}`);
  });
  const auth = password === undefined ? [] : ['-a', password, '--no-auth-warning'];
  for (let i = 0; i < 50; i++) {
    const answer = spawnSync('redis-cli', ['-p', String(port), ...auth, 'ping'], { encoding: 'utf8' });
    if (answer.stdout?.trim() === 'PONG') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url: `redis://127.0.0.1:${port}`, stop: () => child.kill('SIGKILL') };
}

describe('start-up failures', () => {
  it('should name each bad variable and exit non-zero', async () => {
    const result = await runToExit(baseEnv({ PORT: 'eighty', POLL_INTERVAL: 'sometimes' }));
    expect(result.code).toBe(1);
    expect(result.output).toContain('Wardflow cannot start');
    expect(result.output).toContain('PORT');
    expect(result.output).toContain('POLL_INTERVAL: expected a duration such as 15m');
  });

  it('should say how to get Redis when none answers', async () => {
    const result = await runToExit(baseEnv({ REDIS_URL: 'redis://127.0.0.1:1' }));
    expect(result.code).toBe(1);
    expect(result.output).toContain('Redis at 127.0.0.1:1 is not reachable');
    expect(result.output).toContain('apt-get install redis-server');
  });

  it('should refuse to poll without a FHIR server, and say how to try the simulated trust instead', async () => {
    const result = await runToExit(baseEnv({ FHIR_BASE_URL: '' }));
    expect(result.code).toBe(1);
    expect(result.output).toContain('FHIR_BASE_URL: required for the all role');
    expect(result.output).toContain('run npm run demo');
  });

  it('should explain an unreachable FHIR server on first start', async () => {
    const result = await runToExit(baseEnv({ FHIR_BASE_URL: 'http://127.0.0.1:1/fhir', FHIR_TIMEOUT: '2s' }));
    expect(result.code).toBe(1);
    expect(result.output).toContain('Could not discover wards on the FHIR server at http://127.0.0.1:1/fhir');
    expect(result.output).toContain('Check FHIR_BASE_URL');
  });

  it('should refuse to start outside the demo without an identity provider, a session secret and a claim mapping', async () => {
    const result = await runToExit(
      baseEnv({ WARDFLOW_DEMO: 'false', DEMO_API_TOKEN: '', DEMO_PASSWORD: '', SESSION_SECRET: '' }),
    );
    expect(result.code).toBe(1);
    expect(result.output).toContain('OIDC_ISSUER: required');
    expect(result.output).toContain('SESSION_SECRET: required outside the demo');
    expect(result.output).toContain('an "access" section is required');
  });

  it('should refuse to start a trust deployment on a Redis that can evict queued work, naming the setting', async () => {
    // Evicting keys under memory pressure (a limit set), nothing on disk: how a trust must not run it.
    const redis = await privateRedis([
      '--maxmemory',
      '100mb',
      '--maxmemory-policy',
      'allkeys-lru',
      '--save',
      '',
      '--appendonly',
      'no',
    ]);
    try {
      const env = baseEnv({ REDIS_URL: redis.url, WARDFLOW_DEMO: 'false', DEMO_API_TOKEN: '', DEMO_PASSWORD: '' });
      const wards = join(env.WARDFLOW_DATA_DIR as string, 'wards.json');
      writeFileSync(
        wards,
        JSON.stringify({ access: { claim: 'roles', rules: [{ value: 'wardflow-admin', role: 'admin' }] } }),
      );
      const result = await runToExit({
        ...env,
        WARDS_CONFIG: wards,
        OIDC_ISSUER: 'https://login.trust.example',
        OIDC_CLIENT_ID: 'wardflow',
        OIDC_CLIENT_SECRET: 'client-secret',
      });
      expect(result.code).toBe(1);
      expect(result.output).toContain('has maxmemory-policy allkeys-lru: queued work could be evicted and lost');
      expect(result.output).toContain('Set it to noeviction');
      // The address is named, never a password.
      expect(result.output).toContain(`Redis at ${new URL(redis.url).host}`);
    } finally {
      redis.stop();
    }
  });

  it('should never write the Redis password into its output, whatever went wrong', async () => {
    const redis = await privateRedis([], 'the-right-password');
    try {
      const secret = 'a-mistyped-secret';
      const result = await runToExit(baseEnv({ REDIS_URL: `redis://:${secret}@${new URL(redis.url).host}` }));
      expect(result.code).toBe(1);
      expect(result.output).toContain(`Redis at ${new URL(redis.url).host}`);
      expect(result.output).not.toContain(secret);
    } finally {
      redis.stop();
    }
  });

  it('should never honour the demo token outside the demo', async () => {
    const result = await runToExit(baseEnv({ WARDFLOW_DEMO: 'false', DEMO_PASSWORD: '' }));
    expect(result.code).toBe(1);
    expect(result.output).toContain('DEMO_API_TOKEN: honoured by npm run demo only');
  });
});
