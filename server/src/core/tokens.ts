/** Injection tokens for the adapters the application is given at start-up. */
export const DATABASE = Symbol('DATABASE');
export const FHIR_READER = Symbol('FHIR_READER');
export const BOARD_EVENTS = Symbol('BOARD_EVENTS');
export const REDIS = Symbol('REDIS');
/** `WardflowMetrics` (server/src/metrics/wardflow-metrics.ts): this process's Prometheus registry. */
export const METRICS = Symbol('METRICS');
/** () => ms since epoch; tests pin it. */
export const CLOCK = Symbol('CLOCK');
export type Clock = () => number;
/** The `Mailer` (server/src/mail/mailer.adapter.ts): SMTP, or .eml files in the outbox when SMTP_URL is unset. */
export const MAILER = Symbol('MAILER');
/** The `OidcClient` (server/src/auth/oidc-client.adapter.ts): the trust's identity provider, or the embedded one in the demo. */
export const OIDC_CLIENT = Symbol('OIDC_CLIENT');
/** The `ClaimMapping` in force: WARDS_CONFIG `access`, or the demo's. */
export const ACCESS_MAPPING = Symbol('ACCESS_MAPPING');
/** `RateLimits` (server/src/redis/rate-limits.adapter.ts), kept in Redis. */
export const RATE_LIMITS = Symbol('RATE_LIMITS');
/** `LoginStateStore`: sign-ins in progress, in Redis. */
export const LOGIN_STATES = Symbol('LOGIN_STATES');
