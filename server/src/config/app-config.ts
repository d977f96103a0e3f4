/**
 * The one place that reads the environment (STYLE 5). Everything else receives an `AppConfig`
 * through injection. A bad value stops start-up with a message naming the variable and what it expected.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { DEFAULT_DIGEST_THRESHOLD, type IngestRules, type Lead } from '@wardflow/shared';
import type { FhirAuthConfig } from '../fhir/fhir-auth.js';
import type { EscalationConfig } from './escalation-config.js';
import type { UserAccount } from './users-config.js';
import { readWardsConfig, type MeasureOverrides } from './wards-config.js';

export type ServerRole = 'all' | 'api' | 'worker';

export interface AppConfig {
  port: number;
  role: ServerRole;
  /** The trust's FHIR R4 base URL, or null to start the embedded simulator. */
  fhirBaseUrl: string | null;
  fhirTimeoutMs: number;
  /**
   * Longest time between full reads of a ward. Polls in between fetch only what changed since the
   * last read (`_lastUpdated`); a full read also catches deletions, which change searches cannot see.
   */
  fhirReconcileIntervalMs: number;
  /** How far the FHIR server's clock may be behind ours: change searches reach back this much further. */
  fhirClockSkewMs: number;
  /** Trust-specific FHIR reading rules from WARDS_CONFIG (or the defaults). */
  ingestRules: IngestRules;
  /** Safety-measure threshold and weight overrides by profile and by ward, from WARDS_CONFIG. */
  measureOverrides: MeasureOverrides;
  /** How requests to the FHIR server authenticate. Holds secrets: never log configuration. */
  fhirAuth: FhirAuthConfig;
  redisUrl: string;
  /** PostgreSQL URL, or null for embedded PGlite in `dataDir`. */
  databaseUrl: string | null;
  dataDir: string;
  pollIntervalMs: number;
  /** Delay before the poll that confirms or discards a held census drop (CS-5). */
  censusConfirmDelayMs: number;
  /** A bed in cleaning for longer than this is counted and listed as "cleaning long" on the manager drill-down. */
  cleaningAlertAfterMs: number;
  /** The weekly digest to inpatient leads, and the mailer it (and escalation email) goes through. */
  digest: DigestConfig;
  /** Folder of the built client to serve, or null when it is not built (API only). */
  clientDistDir: string | null;
  /** Simulator only: how often the synthetic trust changes, or null for never. */
  simulatorEvolveMs: number | null;
  simulatorSeed: number;
  /** Prefix for BullMQ queues in Redis; tests use a unique one each so they never share state. */
  queuePrefix: string;
  /** Escalation rules and site-manager email, from WARDS_CONFIG (or the defaults). */
  escalation: EscalationConfig;
  /** Interim sign-in accounts (WARDS_CONFIG `users`). Hashes only; never log them. */
  users: UserAccount[];
  /**
   * Signs session cookies (HMAC-SHA256). From SESSION_SECRET, else random at every start, which signs
   * everyone out on restart and cannot be shared by several API processes.
   */
  sessionSecret: Buffer;
  sessionSecretSource: 'configured' | 'random';
  /** The demo trust's manager password (scripts/demo.mjs makes and prints it); used only with the simulator and no configured users. */
  demoManagerPassword: string | null;
}

export interface DigestConfig {
  /** smtp:// or smtps:// with any credentials; null writes .eml files to `<dataDir>/outbox`. Holds secrets: never log it. */
  smtpUrl: string | null;
  smtpTimeoutMs: number;
  /** The From address of every email. */
  from: string;
  /** Cron pattern (minute hour day-of-month month day-of-week), in Europe/London. */
  schedule: string;
  /** Probability from which a ward is listed as predicted to need extra support. */
  threshold: number;
  /** The dashboard's address as leads reach it, without a trailing slash: the link in every email. */
  publicUrl: string;
  /** WARDS_CONFIG `leads`, or null when not configured (the demo trust then has its own). */
  leads: Lead[] | null;
  /** WARDS_CONFIG `emailDomains`: recipients must be on one of these (SEC-9). */
  emailDomains: string[];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const DURATION = /^(\d+)(ms|s|m|h)$/;
const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;

/** "15m", "30s", "1h", "500ms" -> milliseconds. */
export function parseDuration(text: string): number | null {
  const match = DURATION.exec(text.trim());
  if (!match) return null;
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}

const duration = (min: number, max: number, defaultText?: string) =>
  (defaultText === undefined ? z.string() : z.string().default(defaultText)).transform((text, ctx) => {
    const ms = parseDuration(text);
    if (ms === null || ms < min || ms > max) {
      ctx.addIssue({
        code: 'custom',
        message: `expected a duration such as 15m, 30s or 500ms between ${min} ms and ${max} ms, got "${text}"`,
      });
      return z.NEVER;
    }
    return ms;
  });

const httpUrl = z
  .string()
  .refine((s) => URL.canParse(s) && /^https?:$/.test(new URL(s).protocol), 'expected an http(s) URL');

const envSchema = z.object({
  PORT: z.coerce.number().int('expected a whole number').min(0).max(65535).default(3000),
  WARDFLOW_ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  FHIR_BASE_URL: httpUrl.optional(),
  FHIR_TIMEOUT: duration(100, 120_000, '10s'),
  FHIR_RECONCILE_INTERVAL: duration(0, 24 * 3_600_000, '1h'),
  FHIR_CLOCK_SKEW: duration(0, 3_600_000, '5m'),
  WARDS_CONFIG: z.string().optional(),
  FHIR_AUTH: z.enum(['none', 'basic', 'bearer', 'smart-backend']).default('none'),
  FHIR_USERNAME: z.string().optional(),
  FHIR_PASSWORD: z.string().optional(),
  FHIR_TOKEN: z.string().optional(),
  FHIR_TOKEN_URL: httpUrl.optional(),
  FHIR_CLIENT_ID: z.string().optional(),
  FHIR_PRIVATE_KEY_FILE: z.string().optional(),
  FHIR_KEY_ID: z.string().optional(),
  FHIR_KEY_ALG: z.enum(['RS384', 'ES384']).default('RS384'),
  FHIR_SCOPE: z.string().optional(),
  REDIS_URL: z
    .string()
    .refine((s) => URL.canParse(s) && /^rediss?:$/.test(new URL(s).protocol), 'expected redis://host:port or rediss://')
    .default('redis://127.0.0.1:6379'),
  DATABASE_URL: z
    .string()
    .refine((s) => URL.canParse(s) && /^postgres(ql)?:$/.test(new URL(s).protocol), 'expected postgres://...')
    .optional(),
  WARDFLOW_DATA_DIR: z.string().min(1).default('.data'),
  POLL_INTERVAL: duration(1_000, 24 * 3_600_000, '15m'),
  CENSUS_CONFIRM_DELAY: duration(0, 3_600_000, '1m'),
  CLEANING_ALERT_AFTER: duration(60_000, 7 * 24 * 3_600_000, '2h'),
  SMTP_URL: z
    .string()
    .refine((s) => URL.canParse(s) && /^smtps?:$/.test(new URL(s).protocol) && new URL(s).hostname !== '', 'expected smtp://host:port or smtps://host:port')
    .optional(),
  SMTP_TIMEOUT: duration(100, 300_000, '30s'),
  DIGEST_FROM: z.email('expected an email address such as wardflow@trust.nhs.uk').default('wardflow@localhost'),
  // Five fields, each made of what cron allows; BullMQ's parser checks the ranges when the scheduler is upserted at boot.
  DIGEST_SCHEDULE: z
    .string()
    .regex(/^\s*[\d*,/\-A-Za-z?LW#]+(\s+[\d*,/\-A-Za-z?LW#]+){4}\s*$/, 'expected a five-field cron pattern such as "0 7 * * 1"')
    .default('0 7 * * 1'),
  DIGEST_THRESHOLD: z.coerce.number().min(0.01, 'expected a probability between 0.01 and 1').max(1, 'expected a probability between 0.01 and 1').default(DEFAULT_DIGEST_THRESHOLD),
  PUBLIC_URL: httpUrl.default('http://127.0.0.1:3000'),
  WARDFLOW_CLIENT_DIST: z.string().optional(),
  SIMULATOR_EVOLVE: duration(100, 24 * 3_600_000).optional(),
  SIMULATOR_SEED: z.coerce.number().int().default(1),
  SESSION_SECRET: z.string().min(32, 'expected at least 32 characters (e.g. openssl rand -base64 48)').optional(),
  DEMO_MANAGER_PASSWORD: z.string().min(8, 'expected at least 8 characters').optional(),
  WARDFLOW_QUEUE_PREFIX: z
    .string()
    .regex(/^[a-z0-9:_-]+$/i, 'expected letters, digits, ":", "_" or "-"')
    .default('wardflow'),
});

/**
 * Validates an environment and returns typed configuration, or throws `ConfigError` listing every
 * bad variable at once (so a trust's IT team fixes them in one go, not one per restart).
 */
export function loadConfig(env: Record<string, string | undefined>, defaults: { clientDistDir: string | null }): AppConfig {
  // Empty strings come from templated deployment files: treat them as unset rather than invalid.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${String(issue.path[0])}: ${issue.message}`));
  }
  const e = parsed.data;
  const fhirAuth = readFhirAuth(e);
  const wards = readWardsConfig(e.WARDS_CONFIG);
  if (wards.problems.length > 0) throw new ConfigError(wards.problems);
  return {
    port: e.PORT,
    role: e.WARDFLOW_ROLE,
    fhirBaseUrl: e.FHIR_BASE_URL?.replace(/\/+$/, '') ?? null,
    fhirTimeoutMs: e.FHIR_TIMEOUT,
    fhirReconcileIntervalMs: e.FHIR_RECONCILE_INTERVAL,
    fhirClockSkewMs: e.FHIR_CLOCK_SKEW,
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
      publicUrl: e.PUBLIC_URL.replace(/\/+$/, ''),
      leads: wards.config.digest.leads,
      emailDomains: wards.config.digest.emailDomains,
    },
    clientDistDir: e.WARDFLOW_CLIENT_DIST ?? defaults.clientDistDir,
    simulatorEvolveMs: e.SIMULATOR_EVOLVE ?? null,
    simulatorSeed: e.SIMULATOR_SEED,
    queuePrefix: e.WARDFLOW_QUEUE_PREFIX,
    escalation: wards.config.escalation,
    users: wards.config.users,
    sessionSecret: e.SESSION_SECRET === undefined ? randomBytes(32) : Buffer.from(e.SESSION_SECRET, 'utf8'),
    sessionSecretSource: e.SESSION_SECRET === undefined ? 'random' : 'configured',
    demoManagerPassword: e.DEMO_MANAGER_PASSWORD ?? null,
  };
}

type ParsedEnv = z.infer<typeof envSchema>;

/**
 * The FHIR credentials for the chosen FHIR_AUTH, every missing variable named at once. Credentials
 * travel only over HTTPS, except to this machine; the private key file is read here, once, and a
 * failure names the path, never the contents.
 */
function readFhirAuth(e: ParsedEnv): FhirAuthConfig {
  const problems: string[] = [];
  const need = (name: keyof ParsedEnv): string => {
    const value = e[name];
    if (typeof value !== 'string' || value === '') {
      problems.push(`${name}: required when FHIR_AUTH=${e.FHIR_AUTH}`);
      return '';
    }
    return value;
  };
  const secureOrLocal = (name: string, url: string | undefined) => {
    if (url === undefined) return;
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && !['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname)) {
      problems.push(`${name}: credentials are only sent over https (or to this machine), got ${parsed.origin}`);
    }
  };
  let auth: FhirAuthConfig = { kind: 'none' };
  if (e.FHIR_AUTH !== 'none') {
    if (e.FHIR_BASE_URL === undefined) problems.push(`FHIR_AUTH: ${e.FHIR_AUTH} needs FHIR_BASE_URL (the embedded simulator takes no credentials)`);
    secureOrLocal('FHIR_BASE_URL', e.FHIR_BASE_URL);
  }
  switch (e.FHIR_AUTH) {
    case 'none':
      break;
    case 'basic':
      auth = { kind: 'basic', username: need('FHIR_USERNAME'), password: need('FHIR_PASSWORD') };
      break;
    case 'bearer':
      auth = { kind: 'bearer', token: need('FHIR_TOKEN') };
      break;
    case 'smart-backend': {
      const keyFile = need('FHIR_PRIVATE_KEY_FILE');
      let privateKeyPem = '';
      if (keyFile !== '') {
        try {
          privateKeyPem = readFileSync(keyFile, 'utf8');
        } catch (error) {
          problems.push(`FHIR_PRIVATE_KEY_FILE: cannot read ${keyFile} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
        }
      }
      secureOrLocal('FHIR_TOKEN_URL', e.FHIR_TOKEN_URL);
      auth = {
        kind: 'smart-backend',
        tokenUrl: need('FHIR_TOKEN_URL'),
        clientId: need('FHIR_CLIENT_ID'),
        privateKeyPem,
        keyId: need('FHIR_KEY_ID'),
        algorithm: e.FHIR_KEY_ALG,
        scope: need('FHIR_SCOPE'),
      };
      break;
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return auth;
}

/** Injection token for `AppConfig`. */
export const APP_CONFIG = Symbol('APP_CONFIG');
