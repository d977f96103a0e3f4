export * from './board.builders.js';
