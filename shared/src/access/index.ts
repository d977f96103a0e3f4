export * from './roles.js';
export * from './claim-mapping.js';
