/**
 * The one place that reads the environment (docs/style.md rule 5). Everything else receives an `AppConfig`
 * through injection. A bad value stops start-up with a message naming the variable and what it expected.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { DEFAULT_DIGEST_THRESHOLD, type ClaimMapping, type IngestRules, type Lead } from '@wardflow/shared';
import type { WardDisplayOptions } from './access-config.js';
import type { EscalationConfig } from './escalation-config.js';
import { readWardsConfig, type MeasureOverrides } from './wards-config.js';
import { validate } from '../core/validate.js';

export type ServerRole = 'all' | 'api' | 'worker';

export interface AppConfig {
  port: number;
  /** Bind address (HOST). Loopback by default: a deployment opens it deliberately. */
  host: string;
  role: ServerRole;
  /**
   * `npm run demo` and the tests (WARDFLOW_DEMO=true): the embedded OpenID provider with demo users,
   * a random session secret and DEMO_API_TOKEN are allowed. Never set it where patient data is real.
   */
  demo: boolean;
  /** The origin browsers use (PUBLIC_URL): the Origin allow-list, the cookie's Secure flag, HSTS and email links. */
  publicUrl: string;
  publicOrigin: string;
  /** False when PUBLIC_URL was not set and is this machine's address on PORT (the demo, the tests). */
  publicUrlConfigured: boolean;
  /** Express `trust proxy` (TRUST_PROXY): false, a hop count, or the proxies' addresses. */
  trustProxy: false | number | string[];
  /** Sign-in, sessions, API tokens and wall screens (SEC-2..5). Holds secrets: never log it. */
  auth: AuthConfig;
  /** Per ward display options from WARDS_CONFIG `wards` (SEC-1). */
  wardDisplay: Record<string, WardDisplayOptions>;
  /** How long audit rows are kept (AUDIT_RETENTION). */
  auditRetentionMs: number;
  /** The trust's FHIR R4 base URL; null only for the api role (which reads FHIR only for patient detail, and then says it cannot). */
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
  /** Prefix for BullMQ queues in Redis; tests use a unique one each so they never share state. */
  queuePrefix: string;
  /** Escalation rules and site-manager email, from WARDS_CONFIG (or the defaults). */
  escalation: EscalationConfig;
}

/** How the identity provider's client authenticates at its token endpoint. */
/** SMART Backend Services credentials (FHIR_AUTH=smart-backend): the key is read once, at start. */
export interface SmartBackendConfig {
  tokenUrl: string;
  clientId: string;
  privateKeyPem: string;
  keyId: string;
  algorithm: 'RS384' | 'ES384';
  scope: string;
}

/** How FHIR requests authenticate (FHIR_AUTH and its variables). */
export type FhirAuthConfig =
  | { kind: 'none' }
  | { kind: 'basic'; username: string; password: string }
  | { kind: 'bearer'; token: string }
  | ({ kind: 'smart-backend' } & SmartBackendConfig);

export type OidcClientAuth =
  | { kind: 'client_secret_basic' | 'client_secret_post'; secret: string }
  | {
      kind: 'private_key_jwt';
      privateKeyPem: string;
      keyId: string | null;
      algorithm: 'RS256' | 'RS384' | 'RS512' | 'PS256' | 'ES256' | 'ES384';
    };

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientAuth: OidcClientAuth;
  /** Space-separated; `openid` always included. CIS2 needs `nationalrbacaccess` for its role claims. */
  scopes: string;
}

export interface AuthConfig {
  /** The trust's identity provider, or null: the demo then starts the embedded one (OIDC_ISSUER unset). */
  oidc: OidcSettings | null;
  /** WARDS_CONFIG `access`, or null (only the demo may run without it: its demo users are mapped for it). */
  accessMapping: ClaimMapping | null;
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  /**
   * Keys the hashes of every session id, device credential and API token kept in the database, so a
   * copy of the database cannot be turned into a working credential. SESSION_SECRET; random per start
   * only in the demo (which signs everyone out and forgets every screen on restart).
   */
  secret: Buffer;
  secretSource: 'configured' | 'random';
  /** Ask the provider to authenticate again at every sign-in (`prompt=login`): a shared ward PC must not reuse the last person's provider session. */
  forceLogin: boolean;
  /** Cookies marked Secure (and named __Host-) because PUBLIC_URL is https. */
  secureCookies: boolean;
  /** Demo only: an API token with every role over the whole trust, created at start. */
  demoApiToken: string | null;
  /** Demo only: the password of the embedded provider's demo users. */
  demoPassword: string | null;
  /** Demo only: the embedded provider's loopback port (0: any free port). */
  embeddedProviderPort: number;
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

const envSchema = z.object({
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
  WARDFLOW_QUEUE_PREFIX: z
    .string()
    .regex(/^[a-z0-9:_-]+$/i, 'expected letters, digits, ":", "_" or "-"')
    .default('wardflow'),
});

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
  if (wards.problems.length > 0) throw new ConfigError(wards.problems);
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
      publicUrl,
      leads: wards.config.digest.leads,
      emailDomains: wards.config.digest.emailDomains,
    },
    clientDistDir: e.WARDFLOW_CLIENT_DIST ?? defaults.clientDistDir,
    queuePrefix: e.WARDFLOW_QUEUE_PREFIX,
    escalation: wards.config.escalation,
  };
}

type ParsedEnv = z.infer<typeof envSchema>;

/**
 * The configuration once the port is known (PORT=0 picks a free one at start): an unset PUBLIC_URL
 * follows the port, so the Origin allow-list and the sign-in return address are where browsers are.
 */
export function withListenPort(config: AppConfig, port: number): AppConfig {
  if (config.publicUrlConfigured) return { ...config, port };
  const publicUrl = `http://127.0.0.1:${port}`;
  return { ...config, port, publicUrl, publicOrigin: publicUrl, digest: { ...config.digest, publicUrl } };
}

/** An http(s) URL; plain http only to this machine (the embedded provider, a local test IdP). */
function httpUrlOrLoopback() {
  return z.string().refine((s) => {
    if (!URL.canParse(s)) return false;
    const url = new URL(s);
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
  }, 'expected an https URL (plain http only to 127.0.0.1 or localhost)');
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function readTrustProxy(text: string): false | number | string[] {
  if (text === 'false') return false;
  if (/^\d+$/.test(text)) return Number(text);
  return text.split(',').map((s) => s.trim());
}

/**
 * Sign-in and credentials. Outside the demo every secret must be given: the trust's identity
 * provider (OIDC_ISSUER, OIDC_CLIENT_ID and a client secret or private key), SESSION_SECRET, and the
 * claim mapping; DEMO_* variables are refused so a production start can never carry a demo backdoor.
 */
function readAuth(e: ParsedEnv, publicUrl: string, accessMapping: ClaimMapping | null): AuthConfig {
  const problems: string[] = [];
  const demo = e.WARDFLOW_DEMO;
  if (!demo) {
    if (e.OIDC_ISSUER === undefined)
      problems.push(
        "OIDC_ISSUER: required (the URL of the trust's OpenID Connect provider: NHS CIS2, Entra ID, Keycloak); only npm run demo may run without one",
      );
    if (e.SESSION_SECRET === undefined)
      problems.push(
        'SESSION_SECRET: required outside the demo (at least 32 characters, e.g. openssl rand -base64 48), the same for every API process',
      );
    if (accessMapping === null)
      problems.push(
        'WARDS_CONFIG: an "access" section is required: it maps the identity provider\'s claims to Wardflow roles and wards',
      );
    if (e.DEMO_API_TOKEN !== undefined)
      problems.push('DEMO_API_TOKEN: honoured by npm run demo only; create API tokens in /admin/tokens');
    if (e.DEMO_PASSWORD !== undefined) problems.push('DEMO_PASSWORD: honoured by npm run demo only');
  }
  let oidc: OidcSettings | null = null;
  if (e.OIDC_ISSUER !== undefined) {
    if (e.OIDC_CLIENT_ID === undefined) problems.push('OIDC_CLIENT_ID: required with OIDC_ISSUER');
    const method =
      e.OIDC_CLIENT_AUTH ?? (e.OIDC_PRIVATE_KEY_FILE !== undefined ? 'private_key_jwt' : 'client_secret_basic');
    let clientAuth: OidcClientAuth | null = null;
    if (method === 'private_key_jwt') {
      if (e.OIDC_PRIVATE_KEY_FILE === undefined)
        problems.push(
          'OIDC_PRIVATE_KEY_FILE: required for private_key_jwt (a PKCS#8 PEM private key, as NHS CIS2 uses)',
        );
      else {
        try {
          const privateKeyPem = readFileSync(e.OIDC_PRIVATE_KEY_FILE, 'utf8');
          if (!privateKeyPem.includes('-----BEGIN PRIVATE KEY-----'))
            problems.push(
              `OIDC_PRIVATE_KEY_FILE: ${e.OIDC_PRIVATE_KEY_FILE} is not a PKCS#8 PEM private key ("-----BEGIN PRIVATE KEY-----")`,
            );
          clientAuth = {
            kind: 'private_key_jwt',
            privateKeyPem,
            keyId: e.OIDC_KEY_ID ?? null,
            algorithm: e.OIDC_KEY_ALG,
          };
        } catch (error) {
          problems.push(
            `OIDC_PRIVATE_KEY_FILE: cannot read ${e.OIDC_PRIVATE_KEY_FILE} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
          );
        }
      }
    } else if (e.OIDC_CLIENT_SECRET === undefined) {
      problems.push(`OIDC_CLIENT_SECRET: required for ${method} (or set OIDC_PRIVATE_KEY_FILE for private_key_jwt)`);
    } else {
      clientAuth = { kind: method, secret: e.OIDC_CLIENT_SECRET };
    }
    const scopes = e.OIDC_SCOPES.split(' ').includes('openid') ? e.OIDC_SCOPES : `openid ${e.OIDC_SCOPES}`;
    if (clientAuth !== null && e.OIDC_CLIENT_ID !== undefined)
      oidc = { issuer: e.OIDC_ISSUER.replace(/\/+$/, ''), clientId: e.OIDC_CLIENT_ID, clientAuth, scopes };
  }
  if (e.SESSION_IDLE_TIMEOUT > e.SESSION_ABSOLUTE_TIMEOUT)
    problems.push('SESSION_IDLE_TIMEOUT: must not be longer than SESSION_ABSOLUTE_TIMEOUT');
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    oidc,
    accessMapping,
    sessionIdleMs: e.SESSION_IDLE_TIMEOUT,
    sessionAbsoluteMs: e.SESSION_ABSOLUTE_TIMEOUT,
    secret: e.SESSION_SECRET === undefined ? randomBytes(32) : Buffer.from(e.SESSION_SECRET, 'utf8'),
    secretSource: e.SESSION_SECRET === undefined ? 'random' : 'configured',
    forceLogin: e.OIDC_FORCE_LOGIN,
    secureCookies: new URL(publicUrl).protocol === 'https:',
    demoApiToken: demo ? (e.DEMO_API_TOKEN ?? null) : null,
    demoPassword: demo ? (e.DEMO_PASSWORD ?? null) : null,
    embeddedProviderPort: e.OIDC_EMBEDDED_PORT,
  };
}

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
    if (e.FHIR_BASE_URL === undefined) problems.push(`FHIR_AUTH: ${e.FHIR_AUTH} needs FHIR_BASE_URL`);
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
          problems.push(
            `FHIR_PRIVATE_KEY_FILE: cannot read ${keyFile} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
          );
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
