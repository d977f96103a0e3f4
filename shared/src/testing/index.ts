export * from './board.builders.js';
export * from './huddle.builders.js';
