/**
 * The one place that reads the environment (docs/style.md rule 5). Everything else receives an `AppConfig`
 * through injection. A bad value stops start-up with a message naming the variable and what it expected.
 */
import { join } from 'node:path';
import { validate } from '../core/validate.js';
import type { AppConfig } from './config.types.js';
import { ConfigError, envSchema, LOOPBACK_HOSTS } from './env.schema.js';
import { readFeedsConfig } from './feeds-config.js';
import { readAuth } from './read-auth.js';
import { readFhirAuth } from './read-fhir-auth.js';
import { readWardsConfig } from './wards-config.js';

export * from './config.types.js';
export { ConfigError, parseDuration } from './env.schema.js';

/**
 * Validates an environment and returns typed configuration, or throws `ConfigError` listing every
 * bad variable at once (so a trust's IT team fixes them in one go, not one per restart).
 */
export function loadConfig(
  env: Record<string, string | undefined>,
  defaults: { clientDistDir: string | null },
): AppConfig {
  // Empty strings come from templated deployment files: treat them as unset rather than invalid.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = validate(envSchema, present, (path) => path.split('.')[0] ?? path);
  if (!parsed.ok) throw new ConfigError(parsed.problems);
  const e = parsed.data;
  if (e.FHIR_BASE_URL === undefined && e.WARDFLOW_ROLE !== 'api') {
    throw new ConfigError([
      `FHIR_BASE_URL: required for the ${e.WARDFLOW_ROLE} role (the trust's FHIR R4 server, e.g. https://fhir.trust.nhs.uk/R4). ` +
        'To try Wardflow on a simulated trust, run npm run demo: it starts the FHIR simulator (npx wardflow-simulator) and points Wardflow at it',
    ]);
  }
  const fhirAuth = readFhirAuth(e);
  const wards = readWardsConfig(e.WARDS_CONFIG);
  const feeds = readFeedsConfig(e.FEEDS_CONFIG);
  if (wards.problems.length + feeds.problems.length > 0) throw new ConfigError([...wards.problems, ...feeds.problems]);
  const publicUrl = (e.PUBLIC_URL ?? `http://127.0.0.1:${e.PORT}`).replace(/\/+$/, '');
  if (e.PUBLIC_URL === undefined && !LOOPBACK_HOSTS.has(e.HOST) && e.HOST !== '::1') {
    throw new ConfigError([
      `PUBLIC_URL: required when HOST is ${e.HOST} (browsers reach Wardflow at an address this machine cannot guess; it is the Origin allow-list and the sign-in return address)`,
    ]);
  }
  const auth = readAuth(e, publicUrl, wards.config.access);
  return {
    port: e.PORT,
    host: e.HOST,
    role: e.WARDFLOW_ROLE,
    demo: e.WARDFLOW_DEMO,
    publicUrl,
    publicOrigin: new URL(publicUrl).origin,
    publicUrlConfigured: e.PUBLIC_URL !== undefined,
    trustProxy: readTrustProxy(e.TRUST_PROXY),
    auth,
    wardDisplay: wards.config.wardDisplay,
    auditRetentionMs: e.AUDIT_RETENTION,
    fhirBaseUrl: e.FHIR_BASE_URL?.replace(/\/+$/, '') ?? null,
    fhirSourceId: e.FHIR_SOURCE_ID ?? null,
    fhirTimeoutMs: e.FHIR_TIMEOUT,
    fhirReconcileIntervalMs: e.FHIR_RECONCILE_INTERVAL,
    fhirClockSkewMs: e.FHIR_CLOCK_SKEW,
    fhirWriteHuddleTasks: e.FHIR_WRITE_HUDDLE_TASKS,
    ingestRules: wards.config.ingestRules,
    measureOverrides: wards.config.thresholds,
    fhirAuth,
    redisUrl: e.REDIS_URL,
    databaseUrl: e.DATABASE_URL ?? null,
    dataDir: e.WARDFLOW_DATA_DIR,
    pollIntervalMs: e.POLL_INTERVAL,
    censusConfirmDelayMs: e.CENSUS_CONFIRM_DELAY,
    cleaningAlertAfterMs: e.CLEANING_ALERT_AFTER,
    digest: {
      smtpUrl: e.SMTP_URL ?? null,
      smtpTimeoutMs: e.SMTP_TIMEOUT,
      from: e.DIGEST_FROM,
      schedule: e.DIGEST_SCHEDULE.trim(),
      threshold: e.DIGEST_THRESHOLD,
      publicUrl,
      leads: wards.config.digest.leads,
      emailDomains: wards.config.digest.emailDomains,
    },
    clientDistDir: e.WARDFLOW_CLIENT_DIST ?? defaults.clientDistDir,
    queuePrefix: e.WARDFLOW_QUEUE_PREFIX,
    escalation: wards.config.escalation,
    feeds: {
      mapping: feeds.config,
      dropDir: e.FEEDS_DIR ?? join(e.WARDFLOW_DATA_DIR, 'feeds'),
      scanIntervalMs: e.FEEDS_SCAN_INTERVAL,
      settleMs: e.FEEDS_SETTLE,
    },
    historyBackfillDays: e.HISTORY_BACKFILL_DAYS,
    logLevel: e.LOG_LEVEL,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT,
  };
}

/**
 * The configuration once the port is known (PORT=0 picks a free one at start): an unset PUBLIC_URL
 * follows the port, so the Origin allow-list and the sign-in return address are where browsers are.
 */
export function withListenPort(config: AppConfig, port: number): AppConfig {
  if (config.publicUrlConfigured) return { ...config, port };
  const publicUrl = `http://127.0.0.1:${port}`;
  return { ...config, port, publicUrl, publicOrigin: publicUrl, digest: { ...config.digest, publicUrl } };
}

function readTrustProxy(text: string): false | number | string[] {
  if (text === 'false') return false;
  if (/^\d+$/.test(text)) return Number(text);
  return text.split(',').map((s) => s.trim());
}

/**
 * Only where the database is, for command-line tools (`npm run audit:verify`) that need nothing else
 * and must run without the server's secrets.
 */
export function loadDatabaseConfig(
  env: Record<string, string | undefined>,
): Pick<AppConfig, 'databaseUrl' | 'dataDir'> {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = validate(
    envSchema.pick({ DATABASE_URL: true, WARDFLOW_DATA_DIR: true }),
    present,
    (path) => path.split('.')[0] ?? path,
  );
  if (!parsed.ok) throw new ConfigError(parsed.problems);
  return { databaseUrl: parsed.data.DATABASE_URL ?? null, dataDir: parsed.data.WARDFLOW_DATA_DIR };
}

/** Injection token for `AppConfig`. */
export const APP_CONFIG = Symbol('APP_CONFIG');
