/** Injection tokens for the adapters the application is given at start-up. */
export const DATABASE = Symbol('DATABASE');
export const FHIR_READER = Symbol('FHIR_READER');
export const BOARD_EVENTS = Symbol('BOARD_EVENTS');
export const REDIS = Symbol('REDIS');
/** () => ms since epoch; tests pin it. */
export const CLOCK = Symbol('CLOCK');
export type Clock = () => number;
/** The `Mailer` (server/src/mail/mailer.adapter.ts): SMTP, or .eml files in the outbox when SMTP_URL is unset. */
export const MAILER = Symbol('MAILER');
