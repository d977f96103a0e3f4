/** The ward safety measures: catalogue, computation, composite score and their time windows. */
export * from './measure.types.js';
export * from './measure-catalogue.js';
export * from './measure-windows.js';
export * from './ward-measures.js';
export * from './composite.js';
