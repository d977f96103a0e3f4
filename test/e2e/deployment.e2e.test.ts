/**
 * The deployment files, checked as far as a machine without a Docker engine can: docker-compose
 * validates docker/compose.yml (schema, variables, dependencies), and refuses to start when a secret
 * is missing; the image runs on Node.js 24 LTS, as a non-root user, with a health check; every
 * long-running service has a health check, and the API waits for a healthy worker's dependencies.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/wardflow-process.js';

const DOCKER = join(REPO_ROOT, 'docker');
const SECRETS = {
  REDIS_PASSWORD: 'redis-secret',
  POSTGRES_PASSWORD: 'postgres-secret',
  WARDFLOW_DB_PASSWORD: 'wardflow-secret',
  FHIR_BASE_URL: 'https://fhir.trust.example/R4',
  PUBLIC_URL: 'https://wardflow.trust.example',
  OIDC_ISSUER: 'https://login.trust.example',
  OIDC_CLIENT_ID: 'wardflow',
  SESSION_SECRET: 'a-session-secret-of-at-least-32-characters',
  WARDS_CONFIG: '/config/wards.json',
};

function composeConfig(env: Record<string, string>, extra: string[] = []) {
  return spawnSync('docker-compose', ['-f', join(DOCKER, 'compose.yml'), ...extra, 'config'], {
    cwd: DOCKER,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...env },
  });
}

describe('deployment files', () => {
  it('should be a valid compose file with every secret given, services checked for health', () => {
    const result = composeConfig(SECRETS);
    expect(result.stderr).not.toMatch(/error|invalid/i);
    expect(result.status).toBe(0);
    const config = result.stdout;
    for (const service of ['api', 'worker', 'redis', 'postgres'])
      expect(config).toMatch(new RegExp(`^  ${service}:`, 'm'));
    // Redis and PostgreSQL have health checks in compose; the worker waits for both to be healthy.
    expect(config.match(/healthcheck:/g)?.length).toBeGreaterThanOrEqual(2);
    expect(config).toMatch(/condition: service_healthy/);
    // Jobs must never be evicted: Redis runs without eviction, and with its append-only file.
    expect(config).toMatch(/noeviction/);
    expect(config).toMatch(/appendonly/);
    // The API is published on the host's loopback only, for the TLS-terminating proxy.
    expect(config).toMatch(/127\.0\.0\.1/);
  });

  it('should stop Wardflow gently: SIGTERM, then time for jobs in progress before a kill', () => {
    const config = composeConfig(SECRETS).stdout;
    // Longer than SHUTDOWN_TIMEOUT (25 s by default), for both API and worker.
    expect(config.match(/stop_grace_period: 40s/g)?.length).toBe(2);
  });

  it('should offer Prometheus and Grafana, on loopback, only when the monitoring profile is asked for', () => {
    const result = composeConfig(SECRETS, ['--profile', 'monitoring']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^  prometheus:/m);
    expect(result.stdout).toMatch(/^  grafana:/m);
    // Both belong to the monitoring profile only: a plain `docker compose up` starts neither.
    expect(result.stdout.match(/profiles:\n\s+- monitoring/g)?.length).toBe(2);
    expect(result.stdout).toMatch(/127\.0\.0\.1:9090/);
    const prometheus = readFileSync(join(DOCKER, 'prometheus/prometheus.yml'), 'utf8');
    // Every process scraped with a token kept in a file, never in the configuration.
    expect(prometheus).toMatch(/credentials_file: \/etc\/prometheus\/wardflow-token/);
    expect(prometheus).toMatch(/names: \[api, worker\]/);
  });

  it('should refuse to start when a secret is missing, naming it', () => {
    const { SESSION_SECRET: _missing, ...rest } = SECRETS;
    const result = composeConfig(rest);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/SESSION_SECRET/);
  });

  it('should build the image on Node.js 24 LTS, run it as a non-root user, with a health check', () => {
    const dockerfile = readFileSync(join(DOCKER, 'Dockerfile'), 'utf8');
    const froms = dockerfile.match(/^FROM \S+/gm) ?? [];
    expect(froms.length).toBeGreaterThan(0);
    for (const from of froms) expect(from).toMatch(/^FROM node:24-/);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\/api\/health/m);
  });

  it("should set the memory limits the soak bench measured in the image's final stage, once", () => {
    const dockerfile = readFileSync(join(DOCKER, 'Dockerfile'), 'utf8');
    // A build stage and the runtime stage: the limits only matter in the stage that runs.
    expect(dockerfile.match(/^FROM /gm)).toHaveLength(2);
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(dockerfile.match(/^ENV NODE_OPTIONS=/gm)).toHaveLength(1);
    expect(runtime).toMatch(/^ENV NODE_OPTIONS="--max-old-space-size=\d+ --max-semi-space-size=\d+"$/m);
    expect(dockerfile.match(/^ENV MALLOC_ARENA_MAX=/gm)).toHaveLength(1);
    expect(runtime).toMatch(/^ENV MALLOC_ARENA_MAX=2$/m);
    expect(runtime).toMatch(/^USER node$/m);
  });
});
