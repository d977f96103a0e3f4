/** CSV feeds for what many trusts do not publish over FHIR: daily ward staffing and incidents. */
export * from '../api/feeds-api.types.js';
export * from './feed-config.js';
export * from './feed-values.js';
export * from './feed-wards.js';
export * from './csv-table.js';
export * from './roster-feed.js';
export * from './incident-feed.js';
export * from './merge-ward-context.js';
