/** The typed configuration every part of the server receives (read once, in app-config.ts). */
import type { ClaimMapping, FeedsConfig, IngestRules, Lead } from '@wardflow/shared';
import type { WardDisplayOptions } from './access-config.js';
import type { EscalationConfig } from './escalation-config.js';
import type { MeasureOverrides } from './wards-config.js';

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
  /**
   * FHIR_SOURCE_ID: what the trust's wards are keyed by instead of the FHIR base URL
   * (ward-lifecycle.ts). A trust moving its data to another server of its own sets it to the old
   * source, shown in readiness, so its wards carry on; a different server without it never mixes.
   */
  fhirSourceId: string | null;
  fhirTimeoutMs: number;
  /**
   * Longest time between full reads of a ward. Polls in between fetch only what changed since the
   * last read (`_lastUpdated`); a full read also catches deletions, which change searches cannot see.
   */
  fhirReconcileIntervalMs: number;
  /** How far the FHIR server's clock may be behind ours: change searches reach back this much further. */
  fhirClockSkewMs: number;
  /** FHIR_WRITE_HUDDLE_TASKS: the huddle's actions written back as Tasks (default false: read only). */
  fhirWriteHuddleTasks: boolean;
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
  /** Staffing and incident CSV feeds: how exports map (FEEDS_CONFIG) and the drop folder. */
  feeds: FeedsSettings;
  /**
   * Days of ward history worked out from FHIR on first start (HISTORY_BACKFILL_DAYS, default 180; 0:
   * none until an admin asks), so trends and the prediction model work from the first hour.
   */
  historyBackfillDays: number;
  /** LOG_LEVEL: the least severe level written (JSON lines on standard output). */
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /**
   * SHUTDOWN_TIMEOUT: on SIGTERM, how long jobs in progress may take to finish before the process
   * exits anyway (their locks lapse and another worker takes them up).
   */
  shutdownTimeoutMs: number;
}

export interface FeedsSettings {
  /** FEEDS_CONFIG over the defaults: columns, date formats, ward names, incident categories and harm grades. */
  mapping: FeedsConfig;
  /** The drop folder (FEEDS_DIR, default `<dataDir>/feeds`): `roster/` and `incidents/` below it. */
  dropDir: string;
  /** How often a worker looks in the drop folder (FEEDS_SCAN_INTERVAL). */
  scanIntervalMs: number;
  /** A file is read only once it has not changed for this long (FEEDS_SETTLE): it may still be being written. */
  settleMs: number;
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
