/** The REST contract: every request and response shape the server answers with and the client reads. */
export * from './api.types.js';
export * from './access-api.types.js';
export * from './digest-api.types.js';
export * from './heatmap-api.types.js';
export * from './history-import-api.types.js';
export * from './history-backfill-api.types.js';
export * from './feeds-api.types.js';
