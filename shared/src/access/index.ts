export * from './roles.js';
export * from './claim-mapping.js';
export * from './access-api.types.js';
