/**
 * The environment's schema: every variable the server reads, with its type, default and what a bad
 * value is told. Only app-config.ts parses the environment with it.
 */
import { z } from 'zod';
import { BACKFILL_MAX_DAYS, DEFAULT_DIGEST_THRESHOLD } from '@wardflow/shared';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const DURATION = /^(\d+)(ms|s|m|h|d)$/;
const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** "15m", "30s", "1h", "500ms", "30d" -> milliseconds. */
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

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const DAY_MS = 86_400_000;

export const envSchema = z.object({
  PORT: z.coerce.number().int('expected a whole number').min(0).max(65535).default(3000),
  HOST: z
    .string()
    .regex(/^[0-9a-fA-F.:]+$|^[a-z0-9.-]+$/i, 'expected an address to listen on, such as 127.0.0.1 or 0.0.0.0')
    .default('127.0.0.1'),
  WARDFLOW_DEMO: flag.default(false),
  TRUST_PROXY: z
    .string()
    .regex(
      /^(false|\d{1,2}|(loopback|linklocal|uniquelocal|[0-9a-fA-F.:/]+)(\s*,\s*(loopback|linklocal|uniquelocal|[0-9a-fA-F.:/]+))*)$/,
      "expected false, a number of proxy hops, or the proxies' addresses (comma-separated, CIDR allowed, or loopback, linklocal, uniquelocal)",
    )
    .default('false'),
  OIDC_ISSUER: httpUrlOrLoopback().optional(),
  OIDC_CLIENT_ID: z.string().min(1).max(256).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_CLIENT_AUTH: z.enum(['client_secret_basic', 'client_secret_post', 'private_key_jwt']).optional(),
  OIDC_PRIVATE_KEY_FILE: z.string().optional(),
  OIDC_KEY_ID: z.string().min(1).max(256).optional(),
  OIDC_KEY_ALG: z.enum(['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384']).default('RS256'),
  OIDC_FORCE_LOGIN: flag.default(true),
  OIDC_SCOPES: z
    .string()
    .regex(/^[\x21-\x7e]+( [\x21-\x7e]+)*$/, 'expected space-separated scopes, such as "openid profile email"')
    .default('openid profile email'),
  SESSION_IDLE_TIMEOUT: duration(60_000, 24 * 3_600_000, '30m'),
  SESSION_ABSOLUTE_TIMEOUT: duration(5 * 60_000, 7 * DAY_MS, '12h'),
  AUDIT_RETENTION: duration(365 * DAY_MS, 100 * 365 * DAY_MS, '2922d'),
  DEMO_API_TOKEN: z
    .string()
    .regex(/^[\x21-\x7e]{32,256}$/, 'expected at least 32 printable characters without spaces')
    .optional(),
  DEMO_PASSWORD: z.string().min(8, 'expected at least 8 characters').optional(),
  OIDC_EMBEDDED_PORT: z.coerce.number().int('expected a whole number').min(0).max(65535).default(0),
  WARDFLOW_ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  FHIR_BASE_URL: httpUrl.optional(),
  FHIR_SOURCE_ID: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9.:/_-]{0,199}$/, 'expected letters, digits and . : / _ - (up to 200)')
    .optional(),
  FHIR_TIMEOUT: duration(100, 120_000, '10s'),
  FHIR_RECONCILE_INTERVAL: duration(0, 24 * 3_600_000, '1h'),
  FHIR_CLOCK_SKEW: duration(0, 3_600_000, '5m'),
  /** Write the huddle's actions back to FHIR as Tasks (off: Wardflow only reads the trust's server). */
  FHIR_WRITE_HUDDLE_TASKS: flag.default(false),
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
    .refine(
      (s) => URL.canParse(s) && /^smtps?:$/.test(new URL(s).protocol) && new URL(s).hostname !== '',
      'expected smtp://host:port or smtps://host:port',
    )
    .optional(),
  SMTP_TIMEOUT: duration(100, 300_000, '30s'),
  DIGEST_FROM: z.email('expected an email address such as wardflow@trust.nhs.uk').default('wardflow@localhost'),
  // Five fields, each made of what cron allows; BullMQ's parser checks the ranges when the scheduler is upserted at boot.
  DIGEST_SCHEDULE: z
    .string()
    .regex(
      /^\s*[\d*,/\-A-Za-z?LW#]+(\s+[\d*,/\-A-Za-z?LW#]+){4}\s*$/,
      'expected a five-field cron pattern such as "0 7 * * 1"',
    )
    .default('0 7 * * 1'),
  DIGEST_THRESHOLD: z.coerce
    .number()
    .min(0.01, 'expected a probability between 0.01 and 1')
    .max(1, 'expected a probability between 0.01 and 1')
    .default(DEFAULT_DIGEST_THRESHOLD),
  PUBLIC_URL: httpUrl.optional(),
  WARDFLOW_CLIENT_DIST: z.string().optional(),
  SESSION_SECRET: z.string().min(32, 'expected at least 32 characters (e.g. openssl rand -base64 48)').optional(),
  FEEDS_CONFIG: z.string().optional(),
  FEEDS_DIR: z.string().min(1).optional(),
  FEEDS_SCAN_INTERVAL: duration(5_000, 3_600_000, '1m'),
  FEEDS_SETTLE: duration(0, 3_600_000, '30s'),
  HISTORY_BACKFILL_DAYS: z.coerce
    .number()
    .int('expected a whole number of days')
    .min(0, 'expected 0 (no backfill on first start) or a number of days')
    .max(BACKFILL_MAX_DAYS, `expected at most ${BACKFILL_MAX_DAYS} days`)
    .default(180),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Long enough for a poll to finish (FHIR_TIMEOUT is 10 s by default), short of a supervisor's kill
  // (Docker and systemd wait 10-90 s after SIGTERM; docker/compose.yml gives 40 s).
  SHUTDOWN_TIMEOUT: duration(1_000, 300_000, '25s'),
  WARDFLOW_QUEUE_PREFIX: z
    .string()
    .regex(/^[a-z0-9:_-]+$/i, 'expected letters, digits, ":", "_" or "-"')
    .default('wardflow'),
});

export type ParsedEnv = z.infer<typeof envSchema>;

/** An http(s) URL; plain http only to this machine (the embedded provider, a local test IdP). */
function httpUrlOrLoopback() {
  return z.string().refine((s) => {
    if (!URL.canParse(s)) return false;
    const url = new URL(s);
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
  }, 'expected an https URL (plain http only to 127.0.0.1 or localhost)');
}

export const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
