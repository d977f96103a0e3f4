export * from './history-import.types.js';
export * from './history-import.js';
