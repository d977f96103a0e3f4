export * from '../api/history-import-api.types.js';
export * from './history-import.js';
